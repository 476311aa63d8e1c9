// Engine: the one facade other systems (the kiosk, the CLI, importers) link.
//
// It owns an EventLog and the read models projected from it, executes
// commands through the pure domain (decide -> events -> append with the
// stream's expected version, retried on conflict), and answers queries.
//
// Thread safety: every method may be called from any thread concurrently.
// Durability: a command that returns OK has its events durably stored
// (fsync) and already reflected in every read model this header exposes.
//
// Errors: kRejected carries a reason a UI may show as is (Chinese first,
// then " / " and English); kPermissionDenied when the actor may not act
// there; kNotFound for unknown ids; kResourceExhausted when a resident
// lookup is locked after repeated wrong codes.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "gridledger/actor.h"
#include "gridledger/catalogue.h"
#include "gridledger/commands.h"
#include "gridledger/event_log.h"
#include "gridledger/export.h"
#include "gridledger/phone.h"
#include "gridledger/projection.h"
#include "gridledger/read_models.h"
#include "gridledger/status.h"

namespace gridledger {

// Where a resident lookup stands with its wrong-code budget
// (EngineOptions::max_wrong_codes per case and per phone).
struct LookupTries {
  // Wrong codes still allowed before the lookup locks; 0 while locked.
  uint32_t remaining = 0;
  // When the lock ends; the epoch (Timestamp{}) when not locked.
  Timestamp locked_until{};
  bool locked() const { return locked_until != Timestamp{}; }
};

enum class ReadModelsBuild { kBackground, kAtOpen };

struct EngineOptions {
  LogOptions log;
  // Time source for deadlines, lockouts and recorded times: the engine's
  // and its log's (log.clock, when set, must be null or the same clock;
  // Open refuses two different ones). Not owned.
  // Default: the system clock
  const Clock* clock = nullptr;
  // Working calendar for deadlines.
  // Default: WorkCalendar::China2026()
  std::optional<WorkCalendar> calendar;
  // Wrong query codes allowed per case (or phone) before lookups lock.
  // Default: 5
  uint32_t max_wrong_codes = 5;
  // How long a lookup stays locked.
  // Default: 15 minutes
  std::chrono::minutes lockout{15};
  // Durability of every command's events. kBuffered is for bulk seeding
  // and simulation only: a power loss may lose the last commands.
  // Default: Durability::kDurable
  Durability durability = Durability::kDurable;
  // How often a background thread runs RunDeadlineScan() (warnings before
  // deadlines, overdue flags after). Zero: never; the caller runs scans
  // (tests do, on their manual clock).
  // Default: 0
  std::chrono::seconds deadline_scan_every{0};
  // The embedding system's own projections (projection.h), written in the
  // same batch as the events they follow. Names must be unique.
  // Default: none
  std::vector<std::shared_ptr<Projection>> projections;
  // How a store whose read models must first be built from its log opens
  // (one written by an engine from before they were stored, or whose
  // stored models are of another schema version). kBackground: Open
  // returns at once; the build runs on a thread of its own while the log
  // takes appends; every command and query answers kUnavailable, saying
  // how far the build is, until the new generation is live (the grid
  // registry lists are empty until then); AwaitReadModels waits for it. A
  // build cut short by a close or a crash resumes where it stopped at the
  // next writable open. kAtOpen: Open returns once they are built. A new or
  // up-to-date store opens the same either way.
  // Default: ReadModelsBuild::kBackground
  ReadModelsBuild read_models_build = ReadModelsBuild::kBackground;
  // The partition this store is: its district code (6 digits, GB/T 2260,
  // gridledger/case_number.h), put into every new case number
  // ("case-411302-20261201-0001") so that a case id alone routes to its
  // partition. The first writable open that names one records it in the
  // store; later opens may leave it empty (the recorded one is used) and
  // are refused with kInvalidArgument when they name another. A store that
  // never had one numbers its cases "case-20261201-0001"; naming one later
  // keeps every existing case id and tags the new ones.
  // Default: "" (the recorded partition, or none)
  std::string partition;
  // Memory: the read models live in the store (the "readmodels" column
  // family); what they take in memory is the store's block cache
  // (log.block_cache_bytes, Default 64 MiB, shared with the log) and its
  // write buffers, not the size of the history. Only the grid registry is
  // held in memory whole.
  //
  // What the log's writer thread keeps of the rows it read or wrote lately
  // (keys and values), so that a commit applies its events to the hot rows
  // (the day's statistics buckets, open cases, their queue lines) without
  // reading them back from the store. Bounded; 0 turns it off. Queries do
  // not use it. Beside it the writer keeps statistics buckets decoded, one
  // per 8 KiB of this budget (4,096 at the default; 4,096 when it is 0).
  // Default: 32 MiB
  size_t read_model_cache_bytes = 32u << 20;
  // What a build of the read models (Rebuild, the background build) holds
  // in memory before it writes its rows to the store as one sorted table
  // file; the larger, the fewer files and reads back. A build's progress is
  // durable at each such write: one stopped or crashed resumes from the
  // last. 0: no table files; each chunk of events is one write through the
  // store's memtables and WAL (slower; kept for comparison).
  // Default: 128 MiB
  size_t read_models_build_memory_bytes = 128u << 20;
};

class GRIDLEDGER_EXPORT Engine {
 public:
  // Opens or creates the data directory and brings every read model up to
  // date with the log. Fails like EventLog::Open.
  static Result<std::unique_ptr<Engine>> Open(const std::string& dir,
                                              const EngineOptions& options = {});
  virtual ~Engine();

  // The underlying log, for subscriptions, raw reads, verification and
  // the embedding system's own streams. It is the raw escape hatch: an
  // append through it to a case, grid or registry stream bypasses the
  // deciders and the authorisation matrix, and the read models apply it
  // as it is. Over the network only operators reach it (gridledgerd's
  // kOperator identity); in-process code that appends to GridLedger's own
  // streams owns the consequences.
  virtual EventLog& log() = 0;

  // ---- commands ---------------------------------------------------------
  // Files a case; routes it to the grid of its place/grid and the grid's
  // worker, registers it with the catalogue's deadline and dispatches it.
  // Returns once durable; the case is visible to LookupCase at once.
  // With options.request_id set, a retry returns the original receipt (the
  // same case number and query code) and files nothing again.
  virtual Result<FiledReceipt> File(const Actor& actor, const FileCase& request,
                                    const CommandOptions& options = {}) = 0;
  // Files every request of another system's document in one atomic
  // commit: all of them (each case with its companion record) are stored,
  // or none is. Every request is first checked with File's rules (plus:
  // source kImport, external_id and source_system set, no request twice);
  // any failure rejects the whole list with kInvalidArgument whose message
  // has one line per bad request ("request N (external id X): why"), and
  // nothing is written. Exactly once: each event's id is derived from
  // (source_system, external_id), so a request an earlier import already
  // filed (even one killed before it could report) is not filed again and
  // its outcome says already_imported. Outcomes are in request order.
  // Imported cases are not registered or dispatched; no query codes are
  // issued. The default implementation returns kUnavailable.
  virtual Result<std::vector<ImportOutcome>> Import(const Actor& actor,
                                                    const std::vector<ImportedCase>& requests);
  // One step of the closed loop. Returns the case view after the step.
  // With options.request_id set, a retry of a step that was applied returns
  // the case's current view and applies nothing again.
  virtual Result<CaseView> Execute(const Actor& actor, const CaseCommand& command,
                                   const CommandOptions& options = {}) = 0;
  // Registry entries and the grid's other work. Returns the positions
  // written. With options.request_id set, a retry returns the position of
  // the original record with deduplicated = true.
  virtual Result<AppendResult> Record(const Actor& actor, const WorkCommand& command,
                                      const CommandOptions& options = {}) = 0;
  // A resident's verdict after closing: satisfaction 1..5; fixed = false
  // reopens the case. Needs the case's query code: a wrong one counts
  // towards the case's lockout exactly as in LookupCase. A verdict the case
  // refuses (not closed yet, already rated) is kRejected and counts nothing.
  virtual Result<CaseView> ResidentFeedback(const std::string& case_id,
                                            const std::string& query_code, uint8_t satisfaction,
                                            bool fixed, const std::string& comment) = 0;
  // The same verdict by a resident who proved `phone` with `query_code`, the
  // code of any one of that phone's cases (the proof LookupByPhone takes):
  // they may rate every case LookupByPhone showed them, i.e. every case
  // filed with that phone, not only the one whose code they typed.
  // Errors: kResourceExhausted while the phone (or the case the code
  // belongs to) is locked; kNotFound when phone and code do not match (it
  // counts towards the phone's lockout, as in LookupByPhone) or when
  // `case_id` is not one of the phone's cases (the proof was right: it
  // counts nothing); kRejected when the case refuses the verdict (counts
  // nothing); kInvalidArgument for a satisfaction outside 1..5.
  virtual Result<CaseView> ResidentFeedbackByPhone(const std::string& phone,
                                                   const std::string& query_code,
                                                   const std::string& case_id, uint8_t satisfaction,
                                                   bool fixed, const std::string& comment) = 0;

  // ---- resident queries (the kiosk) ---------------------------------------
  // A lock is one rule whichever way a resident asks: a case locked by
  // wrong codes stays locked when its right code is typed with the phone,
  // and a phone locked by wrong codes locks its cases' lookups by number.
  //
  // The case if `query_code` is its code. Wrong codes count towards a
  // lockout of that case's lookups (kResourceExhausted); NotFound and a
  // wrong code give the same kNotFound answer so ids cannot be probed.
  // kResourceExhausted also when the right code is typed for a case whose
  // reporter's phone is locked.
  virtual Result<CaseView> LookupCase(const std::string& case_id,
                                      const std::string& query_code) = 0;
  // Every case filed with `phone`, if `query_code` belongs to one of them:
  // the case the code belongs to first, then the others newest first.
  // Wrong codes count towards the phone's lockout;
  // kResourceExhausted while the phone, or the case the code belongs to,
  // is locked.
  virtual Result<std::vector<CaseView>> LookupByPhone(const std::string& phone,
                                                      const std::string& query_code) = 0;
  // The wrong-code budget of lookups by case number / by phone, so that a
  // UI can warn before the last tries. Changes nothing; an unknown case or
  // phone has the full budget (it cannot be told from a known one).
  virtual Result<LookupTries> CaseLookupTries(const std::string& case_id) = 0;
  virtual Result<LookupTries> PhoneLookupTries(const std::string& phone) = 0;

  // ---- worker / office queries --------------------------------------------
  virtual Result<CaseView> GetCase(const Actor& actor, const std::string& case_id) = 0;
  // Open cases of a grid (or community/street: all grids beneath), most
  // urgent first: overdue, then priority, then deadline.
  virtual Result<std::vector<QueueItem>> WorkQueue(const Actor& actor,
                                                   const std::string& scope_code) = 0;
  // The ledger of cases filed in [from, to) under `scope_code` ("" = all).
  virtual Result<std::vector<LedgerEntry>> Ledger(const Actor& actor, const std::string& scope_code,
                                                  Timestamp from, Timestamp to) = 0;
  virtual Result<Statistics> Stats(const Actor& actor, const std::string& scope_code,
                                   Timestamp from, Timestamp to) = 0;
  // Open cases whose deadline falls before `until`, earliest first.
  virtual Result<std::vector<QueueItem>> DeadlinesBefore(Timestamp until) = 0;

  // ---- registry -------------------------------------------------------------
  virtual std::vector<GridInfo> Grids() const = 0;
  virtual std::vector<PlaceInfo> Places(const std::string& grid_code) const = 0;
  virtual std::vector<WorkerInfo> Workers(const std::string& grid_code) const = 0;
  virtual const std::vector<ServiceCategory>& Catalogue() const = 0;

  // ---- jobs -------------------------------------------------------------------
  // Emits deadlineWarned / caseOverdue for every open case whose warning or
  // deadline has passed at the clock's now. Returns how many events.
  virtual Result<uint64_t> RunDeadlineScan() = 0;

  // ---- privacy ---------------------------------------------------------------
  // Destroys the per-person key of the resident with `phone`: their names
  // and phone numbers can no longer be decrypted anywhere (crypto-shredding).
  // The log is untouched and still verifies. Returns how many cases held it.
  virtual Result<uint64_t> ErasePerson(const std::string& phone) = 0;

  // ---- maintenance -------------------------------------------------------------
  // Counters of the resident lookups, the deadline scans and the read
  // models (metrics.h). Default: an empty snapshot. Over RPC an operator's
  // connection gets the server's (an empty one for other credentials).
  virtual EngineMetrics Metrics() const { return {}; }
  // The partition the store is (EngineOptions::partition, as recorded);
  // empty when it has none.
  virtual std::string Partition() const { return {}; }
  // Waits until the read models serve: at once unless a background build
  // runs (EngineOptions::read_models_build). Ok when they serve; the
  // build's error when it failed; kUnavailable after `timeout`.
  // `progress`, when set, is called on the caller's thread with the events
  // built so far and the events to build, about every 200 ms.
  // Default (engines with no build of their own, e.g. remote ones): Ok.
  using BuildProgress = std::function<void(uint64_t built, uint64_t total)>;
  virtual Status AwaitReadModels(std::chrono::milliseconds timeout,
                                 const BuildProgress& progress = {}) {
    (void)timeout;
    (void)progress;
    return Status::Ok();
  }

  // Recomputes every read model from the log. On a writable store it builds
  // a new generation on disk while the current one keeps serving queries and
  // commits, then switches to it in one durable write (a crash before that
  // leaves the old generation serving); read-only, it recomputes in memory.
  virtual Status Rebuild() = 0;
  // An embedding system's projection (EngineOptions::projections): the
  // value of `key`, or every row whose key starts with `prefix`.
  // kNotFound for a projection that is not registered.
  virtual Result<std::optional<std::string>> ProjectionGet(const std::string& projection,
                                                           std::string_view key) const {
    (void)key;
    return Status::NotFound("no projection '" + projection + "' here");
  }
  virtual Status ProjectionScan(const std::string& projection, std::string_view prefix,
                                const ProjectionVisitor& visit) const {
    (void)prefix;
    (void)visit;
    return Status::NotFound("no projection '" + projection + "' here");
  }
  // A deterministic text dump of every read model; equal dumps mean equal
  // models (used to check rebuild determinism and verify projections).
  virtual std::string DumpReadModels() const = 0;

 protected:
  Engine() = default;
  Engine(const Engine&) = delete;
  Engine& operator=(const Engine&) = delete;
};

}  // namespace gridledger
