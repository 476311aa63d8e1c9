// EngineImpl: the facade behind gridledger/engine.h. Split by concern:
//   engine_open.cc      opening, projections wiring, rebuild, dump, erase
//   engine_cases.cc     filing and the closed loop
//   engine_work.cc      registry and the grid's other work
//   engine_queries.cc   resident lookups (with lockout) and office queries
#pragma once

#include <shared_mutex>

#include "crypto/personal_vault.h"
#include "domain/authorization.h"
#include "domain/case_decider.h"
#include "domain/filing_decider.h"
#include "domain/work_decider.h"
#include "facade/command_ids.h"
#include "facade/hosted_projection.h"
#include "gridledger/engine.h"
#include "log/event_log_impl.h"
#include "projections/read_models_impl.h"

namespace gridledger {

class EngineImpl final : public Engine, private CommitObserver {
 public:
  EngineImpl(std::unique_ptr<EventLogImpl> log, std::unique_ptr<PersonalVault> vault,
             const EngineOptions& options);
  ~EngineImpl() override;
  Status Start();  // projects the existing log, then follows commits

  EventLog& log() override { return *log_; }
  Result<FiledReceipt> File(const Actor& actor, const FileCase& request,
                            const CommandOptions& options) override;
  Result<CaseView> Execute(const Actor& actor, const CaseCommand& command,
                           const CommandOptions& options) override;
  Result<AppendResult> Record(const Actor& actor, const WorkCommand& command,
                              const CommandOptions& options) override;
  Result<std::vector<ImportOutcome>> Import(const Actor& actor,
                                            const std::vector<ImportedCase>& requests) override;
  Result<CaseView> ResidentFeedback(const std::string& case_id, const std::string& query_code,
                                    uint8_t satisfaction, bool fixed,
                                    const std::string& comment) override;
  Result<CaseView> ResidentFeedbackByPhone(const std::string& phone, const std::string& query_code,
                                           const std::string& case_id, uint8_t satisfaction,
                                           bool fixed, const std::string& comment) override;
  Result<CaseView> LookupCase(const std::string& case_id, const std::string& query_code) override;
  Result<std::vector<CaseView>> LookupByPhone(const std::string& phone,
                                              const std::string& query_code) override;
  Result<LookupTries> CaseLookupTries(const std::string& case_id) override;
  Result<LookupTries> PhoneLookupTries(const std::string& phone) override;
  Result<CaseView> GetCase(const Actor& actor, const std::string& case_id) override;
  Result<std::vector<QueueItem>> WorkQueue(const Actor& actor, const std::string& scope) override;
  Result<std::vector<LedgerEntry>> Ledger(const Actor& actor, const std::string& scope,
                                          Timestamp from, Timestamp to) override;
  Result<Statistics> Stats(const Actor& actor, const std::string& scope, Timestamp from,
                           Timestamp to) override;
  Result<std::vector<QueueItem>> DeadlinesBefore(Timestamp until) override;
  std::vector<GridInfo> Grids() const override;
  std::vector<PlaceInfo> Places(const std::string& grid_code) const override;
  std::vector<WorkerInfo> Workers(const std::string& grid_code) const override;
  const std::vector<ServiceCategory>& Catalogue() const override { return DefaultCatalogue(); }
  Result<uint64_t> RunDeadlineScan() override;
  Result<uint64_t> ErasePerson(const std::string& phone) override;
  Status Rebuild() override;
  EngineMetrics Metrics() const override;
  std::string Partition() const override { return partition_; }
  Status AwaitReadModels(std::chrono::milliseconds timeout, const BuildProgress& progress) override;
  std::string DumpReadModels() const override;
  Result<std::optional<std::string>> ProjectionGet(const std::string& projection,
                                                   std::string_view key) const override;
  Status ProjectionScan(const std::string& projection, std::string_view prefix,
                        const ProjectionVisitor& visit) const override;

 private:
  // CommitObserver: keeps the read models in step with every commit.
  Status OnGroup(std::vector<RecordedEvent>& events, StoreBatch& batch) override;
  void OnGroupFailed() override;
  void OnGroupCommitted() override;

  // Opening: the live generation of the stored read models (or a new one
  // when they are missing or of another schema version), brought up to the
  // log's committed position.
  Status OpenReadModels();
  // The embedding system's projections, each caught up with the log.
  Status OpenProjections();
  const HostedProjection* FindProjection(const std::string& name) const;
  // A ReadModels over `store`, reading registry events from the log.
  std::unique_ptr<ReadModels> NewModels(std::unique_ptr<ModelStore> store) const;
  // Models for a build into `store` (a new generation): rows held in memory and
  // written as sorted table files (SpillingModelStore); EndBuild before
  // they take commits.
  std::unique_ptr<ReadModels> NewBuildModels(std::unique_ptr<RocksModelStore> store) const;
  // Applies the log's events after the models' checkpoint up to `to`.
  // `keep_going`, when set, is asked after each chunk with the position
  // reached; false stops with kUnavailable.
  // How many events catch-up and rebuild apply as one group (ApplyNow).
  static constexpr size_t kEventsPerChunk = 32768;
  Status CatchUp(ReadModels& models, Position to,
                 const std::function<bool(Position)>& keep_going = {},
                 size_t chunk = kEventsPerChunk) const;
  // Rebuild into a new on-disk generation while the live one serves.
  Status RebuildGeneration();
  // Makes `generation` the live one (and no build in progress) in one
  // durable write.
  Status SwitchGeneration(uint32_t generation);
  // The meta value naming `generation` of this schema version.
  static std::string GenerationValue(uint32_t generation);

  // ---- the background build (engine_model_build.cc) ----------------------
  // Builds generation `generation` (resuming its rows when `resume`) on
  // builder_ while models_ is null, then makes it live and drops `old_live`
  // (0: none). Until then ModelsReady() says how far it is.
  Status StartBackgroundBuild(uint32_t old_live, uint32_t generation, bool resume);
  void BuildLoop(std::unique_ptr<ReadModels> building, uint32_t old_live, uint32_t generation);
  // Ok when the read models serve; otherwise kUnavailable with the build's
  // progress, or the error that stopped it.
  Status ModelsReady() const;
  // Stops and joins builder_ (the destructor).
  void StopBuild();
  std::atomic<bool> models_ready_{true};
  std::atomic<bool> build_stop_{false};
  std::atomic<uint64_t> build_position_{0};
  std::atomic<uint64_t> build_target_{0};
  mutable std::mutex build_mu_;
  std::condition_variable build_cv_;
  Status build_error_;  // under build_mu_
  std::thread builder_;

  // The domain's filing decision for `request` (domain/filing_decider.h),
  // with the reporter sealed; only the query code hash is left to fill.
  Result<domain::FilingDecision> PrepareFiling(const Actor& actor, const FileCase& request);
  // Seals each request's texts under its person's key into `events`.
  Status SealPersonalData(std::vector<EventPayload>& events,
                          const std::vector<domain::SealRequest>& seals);
  // The state of a work stream a command continues (domain/work_decider.h).
  Result<domain::WorkStreamState> ReadWorkStream(const domain::WorkStreamRead& read) const;

  // How often a command decides again after a conflicting append.
  static constexpr int kMaxConflictRetries = 8;

  // Appends `payloads` to `stream` as `actor`, durably, with event ids
  // from `ids`.
  Result<AppendResult> AppendAs(const Actor& actor, CommandIds ids, const std::string& stream,
                                ExpectedVersion expected, std::vector<EventPayload> payloads,
                                const std::string& grid_code, Timestamp occurred_at = {});
  // The events AppendAs writes.
  std::vector<NewEvent> EventsAs(const Actor& actor, CommandIds ids,
                                 std::vector<EventPayload> payloads, const std::string& grid_code,
                                 Timestamp occurred_at = {});
  // File, with the new case's append added to `staged` (a NoStream part)
  // instead of written: the caller commits it with others (FileAndRecord).
  // Null `staged`: File itself.
  Result<FiledReceipt> FileOrStage(const Actor& actor, const FileCase& request,
                                   const CommandOptions& options,
                                   std::vector<StreamAppend>* staged);
  // A work record that opens cases (an inspection's rectification cases, a
  // patrol's findings, a sensor's alarm): stages `record.filings` (nested
  // request ids 0, 1, ...), writes their case ids into the record, seals it
  // and appends cases and record in ONE EventLog::AppendMulti, so a crash
  // never leaves cases without their record or the record without its
  // cases. kConflict (a case number taken meanwhile) writes nothing: the
  // caller decides again. engine_filing_group.cc.
  Result<AppendResult> FileAndRecord(const Actor& actor, CommandIds ids,
                                     domain::WorkDecision& record);
  // The event a command with `request_id` wrote first, if it ran already.
  std::optional<RecordedEvent> AlreadyApplied(const EventId& request_id) const;
  // Runs decide -> append with the case's version, retrying on conflict.
  Result<CaseView> RunCaseCommand(
      const Actor& actor, CommandIds ids, const std::string& case_id,
      const std::function<Result<std::vector<EventPayload>>(const domain::CaseModel&)>& decide);
  // The case as the read models hold it, with its timeline rendered from
  // the case's stream when `with_timeline`.
  std::optional<domain::CaseModel> SnapshotCase(const std::string& case_id,
                                                bool with_timeline = true) const;
  Status AuthorizeScope(const Actor& actor, domain::Permission p, const std::string& grid) const;

  // Lockout of resident lookups after repeated wrong codes. Keys are
  // "case:<id>" and "person:<person id>".
  Status CheckLock(const std::string& key);
  void RecordFailure(const std::string& key);
  void ClearFailures(const std::string& key);
  LookupTries Tries(const std::string& key);
  // The proof of LookupByPhone: the phone is not locked and `query_code`
  // is the code of one of its cases (wrong: counted, kNotFound), whose own
  // lookup is not locked. Fills the phone's case ids, the code's case
  // first; returns the person id.
  Result<std::string> ProvePhone(const std::string& phone, const std::string& query_code,
                                 std::vector<std::string>* case_ids);

  Timestamp Now() const { return clock_->Now(); }
  std::string NewCaseId();

  std::unique_ptr<EventLogImpl> log_;
  std::unique_ptr<PersonalVault> vault_;
  EngineOptions options_;
  const Clock* clock_;
  WorkCalendar calendar_;

  // Readers of models_ share it; the writer holds it exclusively when a
  // group changes the registry or lives in memory, and to swap models_.
  mutable std::shared_mutex models_mu_;
  std::unique_ptr<ReadModels> models_;
  bool models_in_memory_ = false;  // a read-only open's recomputation
  std::vector<std::unique_ptr<HostedProjection>> projections_;
  uint32_t generation_ = 0;         // live on-disk generation (0: in memory)
  bool exclusive_publish_ = false;  // writer thread only

  // One Rebuild at a time: a second, from another thread or connection, is
  // refused while one runs (two would build the same generation).
  std::mutex rebuild_running_mu_;
  // A rebuild's switch to its new generation waits until no commit group is
  // between OnGroup and its outcome, and holds new groups back meanwhile.
  std::mutex rebuild_mu_;
  std::condition_variable rebuild_cv_;
  bool group_in_flight_ = false;
  Position staged_through_{0};    // last position of the group in flight
  Position observed_through_{0};  // last position of the last committed group
  // Under rebuild_mu_ with no group in flight: applies to `models` every
  // event up to the last committed group (waiting for the log to publish it).
  Status CatchUpToObserved(ReadModels& models);

  std::mutex ids_mu_;
  std::map<std::string, uint32_t> next_sequence_;
  // The store's partition (EngineOptions::partition, as recorded in the
  // store's meta family); fixed once Start() returns.
  std::string partition_;
  Status ResolvePartition();

  struct Failures {
    uint32_t count = 0;
    Timestamp locked_until{};
  };
  std::atomic<uint64_t> wrong_codes_{0}, lockouts_{0};
  std::atomic<uint64_t> deadline_warnings_{0}, overdue_flags_{0};
  AtomicHistogram<kLatencyBounds.size()> apply_seconds_{kLatencyBounds};
  std::mutex lock_mu_;
  std::unordered_map<std::string, Failures> failures_;

  // The deadline scheduler (EngineOptions.deadline_scan_every).
  void SchedulerLoop();
  std::mutex scheduler_mu_;
  std::condition_variable scheduler_cv_;
  bool scheduler_stop_ = false;
  std::thread scheduler_;
};

}  // namespace gridledger
