// Opening the engine, keeping read models in step, rebuild, erasure.

#include <algorithm>
#include <future>

#include "common/thread_name.h"
#include "facade/engine_impl.h"
#include "facade/model_build_seam.h"
#include "gridledger/case_number.h"
#include "projections/spilling_model_store.h"
#include "storage/keys.h"

namespace gridledger {

Result<std::unique_ptr<Engine>> Engine::Open(const std::string& dir, const EngineOptions& options) {
  // One clock for the engine and its log.
  if (options.clock && options.log.clock && options.clock != options.log.clock)
    return Status::InvalidArgument(
        "two different clocks: set EngineOptions::clock only (the log takes it)");
  EngineOptions engine_options = options;
  if (!engine_options.clock) engine_options.clock = options.log.clock;
  LogOptions log_options = options.log;
  log_options.clock = engine_options.clock;
  std::vector<std::string> families = {PersonalVault::kFamily, ReadModels::kFamily};
  for (const auto& p : options.projections) {
    if (!p) return Status::InvalidArgument("EngineOptions::projections holds a null projection");
    GL_RETURN_IF_ERROR(HostedProjection::CheckName(p->name()));
    std::string family = HostedProjection::FamilyName(p->name());
    if (std::find(families.begin(), families.end(), family) != families.end())
      return Status::InvalidArgument("two projections are named '" + p->name() + "'");
    families.push_back(std::move(family));
  }
  auto log = EventLogImpl::OpenImpl(dir, log_options, families);
  if (!log.ok()) return log.error();
  auto vault = PersonalVault::Open((*log)->store());
  if (!vault.ok()) return vault.error();
  auto engine = std::make_unique<EngineImpl>(std::move(log).value(), std::move(vault).value(),
                                             engine_options);
  GL_RETURN_IF_ERROR(engine->Start());
  return std::unique_ptr<Engine>(std::move(engine));
}

Engine::~Engine() = default;

EngineImpl::EngineImpl(std::unique_ptr<EventLogImpl> log, std::unique_ptr<PersonalVault> vault,
                       const EngineOptions& options)
    : log_(std::move(log)),
      vault_(std::move(vault)),
      options_(options),
      clock_(options.clock ? options.clock : Clock::System()),
      calendar_(options.calendar ? *options.calendar : WorkCalendar::China2026()) {}

EngineImpl::~EngineImpl() {
  {
    std::lock_guard lock(scheduler_mu_);
    scheduler_stop_ = true;
  }
  scheduler_cv_.notify_all();
  if (scheduler_.joinable()) scheduler_.join();
  StopBuild();
  log_.reset();  // drains the writer (which calls back into the models) first
}

std::string EngineImpl::GenerationValue(uint32_t generation) {
  std::string v;
  for (uint32_t x : {generation, ReadModels::kSchemaVersion})
    for (int i = 3; i >= 0; --i) v.push_back(static_cast<char>(x >> (8 * i)));
  return v;
}

Status EngineImpl::SwitchGeneration(uint32_t generation) {
  RocksStore& store = log_->store();
  StoreBatch batch = store.NewBatch();
  batch.Put(Family::kMeta, keys::kReadModelsLiveKey, GenerationValue(generation));
  batch.Delete(Family::kMeta, keys::kReadModelsBuildingKey);
  return store.Write(batch, /*sync=*/true, "switching the read models' generation");
}

Status EngineImpl::ResolvePartition() {
  const std::string& wanted = options_.partition;
  if (!wanted.empty() && !IsValidPartition(wanted))
    return Status::InvalidArgument("partition \"" + wanted +
                                   "\" is not a district code (6 digits, GB/T 2260)");
  RocksStore& store = log_->store();
  std::string recorded;
  auto found = store.Get(Family::kMeta, keys::kPartitionKey, &recorded, "reading the partition");
  if (!found.ok()) return found.error();
  if (*found) {
    if (!wanted.empty() && wanted != recorded)
      return Status::InvalidArgument("this store is partition " + recorded + ", not partition " +
                                     wanted + "; a store's partition never changes");
    partition_ = recorded;
    return Status::Ok();
  }
  if (wanted.empty() || store.read_only()) {
    partition_ = wanted;
    return Status::Ok();
  }
  StoreBatch batch = store.NewBatch();
  batch.Put(Family::kMeta, keys::kPartitionKey, wanted);
  GL_RETURN_IF_ERROR(store.Write(batch, /*sync=*/true, "recording the partition"));
  partition_ = wanted;
  return Status::Ok();
}

Status EngineImpl::Start() {
  GL_RETURN_IF_ERROR(ResolvePartition());
  GL_RETURN_IF_ERROR(OpenReadModels());
  GL_RETURN_IF_ERROR(OpenProjections());
  log_->SetCommitObserver(this);
  if (options_.deadline_scan_every.count() > 0)
    scheduler_ = std::thread([this] {
      NameThisThread("gl-deadlines");
      SchedulerLoop();
    });
  return Status::Ok();
}

std::unique_ptr<ReadModels> EngineImpl::NewModels(std::unique_ptr<ModelStore> store) const {
  EventLogImpl* log = log_.get();
  // Rows in memory already need no cache of them.
  const size_t cache_bytes =
      dynamic_cast<RocksModelStore*>(store.get()) ? options_.read_model_cache_bytes : 0;
  return std::make_unique<ReadModels>(
      vault_.get(), std::move(store),
      [log](Position p) -> Result<RecordedEvent> {
        auto events = log->ReadAll(p, 1);
        if (!events.ok()) return events.error();
        if (events->empty() || events->front().position != p)
          return Status::Corruption("the read models name event " + std::to_string(p.value) +
                                    ", which the log does not have");
        return std::move(events->front());
      },
      cache_bytes);
}

Status EngineImpl::CatchUp(ReadModels& models, Position to,
                           const std::function<bool(Position)>& keep_going, size_t chunk) const {
  auto checkpoint = models.Checkpoint();
  if (!checkpoint.ok()) return checkpoint.error();
  if (checkpoint->value > to.value)
    return Status::Corruption("the read models are at event " + std::to_string(checkpoint->value) +
                              " but the log ends at " + std::to_string(to.value));
  // Reading and decoding the next chunk (a second thread) overlaps applying
  // this one, and that thread decodes into the chunk applied before, whose
  // events keep their strings' buffers (freeing a chunk's strings had cost
  // the applying thread a twentieth of a rebuild, and allocating them the
  // reading thread as much again): three chunks are in memory at most.
  using Chunk = std::vector<RecordedEvent>;
  auto read = [this, to, chunk](Position from, Chunk spent) -> Result<Chunk> {
    GL_RETURN_IF_ERROR(
        log_->ReadAllInto(from, std::min<uint64_t>(chunk, to.value - from.value + 1), &spent));
    return spent;
  };
  Position next{checkpoint->value + 1};
  if (next.value > to.value) return Status::Ok();
  std::future<Result<Chunk>> ahead = std::async(std::launch::async, read, next, Chunk());
  Chunk applied;
  while (ahead.valid()) {
    auto events = ahead.get();
    if (!events.ok()) return events.error();
    if (events->empty()) break;
    next = Position{events->back().position.value + 1};
    if (next.value <= to.value)
      ahead = std::async(std::launch::async, read, next, std::move(applied));
    applied = std::move(events).value();
    GL_RETURN_IF_ERROR(models.ApplyNow(applied));
    if (keep_going && !keep_going(applied.back().position))
      return Status::Unavailable("the read models' build was stopped at event " +
                                 std::to_string(applied.back().position.value));
  }
  return Status::Ok();
}

std::unique_ptr<ReadModels> EngineImpl::NewBuildModels(
    std::unique_ptr<RocksModelStore> store) const {
  if (options_.read_models_build_memory_bytes == 0) return NewModels(std::move(store));
  return NewModels(std::make_unique<SpillingModelStore>(std::move(store),
                                                        options_.read_models_build_memory_bytes));
}

Status EngineImpl::OpenProjections() {
  RocksStore& store = log_->store();
  const Position committed = log_->Committed();
  for (const auto& p : options_.projections) {
    auto family = store.Extra(HostedProjection::FamilyName(p->name()));
    std::unique_ptr<HostedProjection> hosted;
    if (family.ok()) {
      hosted = std::make_unique<HostedProjection>(
          p, std::make_unique<RocksModelStore>(&store, *family, /*generation=*/0));
    } else {
      // Read-only and never built: recompute in memory.
      hosted = std::make_unique<HostedProjection>(p, std::make_unique<MemoryModelStore>());
      hosted->set_in_memory(true);
    }
    auto checkpoint = hosted->Checkpoint();
    if (!checkpoint.ok()) return checkpoint.error();
    if (checkpoint->value > committed.value)
      return Status::Corruption("projection '" + p->name() + "' is ahead of the log");
    if (checkpoint->value < committed.value && store.read_only() && !hosted->in_memory()) {
      hosted = std::make_unique<HostedProjection>(p, std::make_unique<MemoryModelStore>());
      hosted->set_in_memory(true);
      checkpoint = Position{0};
    }
    for (Position next{checkpoint->value + 1}; next.value <= committed.value;) {
      auto events = log_->ReadAll(
          next, std::min<uint64_t>(kEventsPerChunk, committed.value - next.value + 1));
      if (!events.ok()) return events.error();
      if (events->empty()) break;
      GL_RETURN_IF_ERROR(hosted->ApplyNow(*events));
      next = Position{events->back().position.value + 1};
    }
    projections_.push_back(std::move(hosted));
  }
  return Status::Ok();
}

const HostedProjection* EngineImpl::FindProjection(const std::string& name) const {
  for (const auto& p : projections_)
    if (p->name() == name) return p.get();
  return nullptr;
}

Result<std::optional<std::string>> EngineImpl::ProjectionGet(const std::string& projection,
                                                             std::string_view key) const {
  const HostedProjection* p = FindProjection(projection);
  if (!p) return Status::NotFound("no projection '" + projection + "' is registered");
  std::shared_lock lock(models_mu_);
  return p->Get(key);
}

Status EngineImpl::ProjectionScan(const std::string& projection, std::string_view prefix,
                                  const ProjectionVisitor& visit) const {
  const HostedProjection* p = FindProjection(projection);
  if (!p) return Status::NotFound("no projection '" + projection + "' is registered");
  std::shared_lock lock(models_mu_);
  return p->Scan(prefix, visit);
}

Status EngineImpl::CatchUpToObserved(ReadModels& models) {
  // OnGroupCommitted runs before the log publishes the group's positions:
  // wait for them, then take them.
  const Position target = observed_through_;
  constexpr auto kPublishWait = std::chrono::seconds(30);
  if (log_->WaitForCommitted(target, kPublishWait).value < target.value)
    return Status::Unavailable("the log did not publish position " + std::to_string(target.value) +
                               " in time");
  return CatchUp(models, target);
}

Status EngineImpl::OpenReadModels() {
  RocksStore& store = log_->store();
  auto family = store.Extra(ReadModels::kFamily);
  uint32_t live = 0;
  bool current = false;
  if (family.ok()) {
    std::string value;
    auto found = store.Get(Family::kMeta, keys::kReadModelsLiveKey, &value,
                           "reading the models' generation");
    if (!found.ok()) return found.error();
    if (*found && value.size() == 8) {
      live = keys::ReadBE32(value);
      current = keys::ReadBE32(std::string_view(value).substr(4)) == ReadModels::kSchemaVersion;
    }
  }
  const Position committed = log_->Committed();
  {
    std::lock_guard lock(rebuild_mu_);
    observed_through_ = committed;
  }
  if (family.ok() && current) {
    auto models = NewModels(std::make_unique<RocksModelStore>(&store, *family, live));
    GL_RETURN_IF_ERROR(models->LoadRegistry());
    auto checkpoint = models->Checkpoint();
    if (!checkpoint.ok()) return checkpoint.error();
    // Events appended without the engine (through the bare log) are
    // applied now; read-only, a model behind the log is recomputed below.
    if (checkpoint->value == committed.value || !store.read_only()) {
      GL_RETURN_IF_ERROR(CatchUp(*models, committed));
      models_ = std::move(models);
      generation_ = live;
      return Status::Ok();
    }
  }
  if (store.read_only() || !family.ok()) {
    // Nothing may be written: recompute in memory (a store the engine never
    // opened for writing, or models behind the log).
    auto models = NewModels(std::make_unique<MemoryModelStore>());
    GL_RETURN_IF_ERROR(CatchUp(*models, committed));
    models_ = std::move(models);
    models_in_memory_ = true;
    return Status::Ok();
  }
  // No models yet (a new store, or one written before they were stored) or
  // of another schema version: build a new generation once, from the log;
  // in the background when there is history to build from. A background
  // build cut short left its generation under kReadModelsBuildingKey.
  uint32_t generation = live + 1;
  bool resume = false;
  {
    std::string value;
    auto found = store.Get(Family::kMeta, keys::kReadModelsBuildingKey, &value,
                           "reading the models' build in progress");
    if (!found.ok()) return found.error();
    if (*found && value.size() == 8 && keys::ReadBE32(value) > live &&
        keys::ReadBE32(std::string_view(value).substr(4)) == ReadModels::kSchemaVersion) {
      generation = keys::ReadBE32(value);
      resume = true;
    }
  }
  if (options_.read_models_build == ReadModelsBuild::kBackground && committed.value > 0)
    return StartBackgroundBuild(live, generation, resume);
  auto fresh = std::make_unique<RocksModelStore>(&store, *family, generation);
  if (!resume) GL_RETURN_IF_ERROR(fresh->DropAll());  // what a crashed build left
  auto models = NewBuildModels(std::move(fresh));
  if (resume) GL_RETURN_IF_ERROR(models->LoadRegistry());
  GL_RETURN_IF_ERROR(CatchUp(*models, committed));
  GL_RETURN_IF_ERROR(models->EndBuild(options_.read_model_cache_bytes));
  GL_RETURN_IF_ERROR(SwitchGeneration(generation));
  if (live != 0) GL_RETURN_IF_ERROR(RocksModelStore(&store, *family, live).DropAll());
  models_ = std::move(models);
  generation_ = generation;
  return Status::Ok();
}

void EngineImpl::SchedulerLoop() {
  std::unique_lock lock(scheduler_mu_);
  while (!scheduler_stop_) {
    lock.unlock();
    // Failures (e.g. a full disk) are retried at the next interval.
    (void)RunDeadlineScan();
    lock.lock();
    scheduler_cv_.wait_for(lock, options_.deadline_scan_every, [&] { return scheduler_stop_; });
  }
}

Status EngineImpl::OnGroup(std::vector<RecordedEvent>& events, StoreBatch& batch) {
  {
    std::lock_guard lock(rebuild_mu_);  // a rebuild's switch holds groups back
    group_in_flight_ = true;
    if (!events.empty()) staged_through_ = events.back().position;
  }
  auto start = std::chrono::steady_clock::now();
  exclusive_publish_ = models_in_memory_ || ReadModels::ChangesRegistry(events) ||
                       std::any_of(projections_.begin(), projections_.end(),
                                   [](const auto& p) { return p->in_memory(); });
  std::unique_lock lock(models_mu_, std::defer_lock);
  if (exclusive_publish_) lock.lock();
  // While a background build runs there are no live models to stage
  // into: the build applies these events at its switch.
  Status s =
      models_ready_.load(std::memory_order_acquire) ? models_->Stage(events, &batch) : Status::Ok();
  for (size_t i = 0; s.ok() && i < projections_.size(); ++i)
    s = projections_[i]->Stage(events, &batch);
  apply_seconds_.Observe(
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
  return s;
}

void EngineImpl::OnGroupFailed() {
  {
    std::unique_lock lock(models_mu_);
    if (models_)
      (void)models_->Discard();  // a registry that cannot be reloaded fails the next group
    for (auto& p : projections_) p->Discard();
  }
  std::lock_guard lock(rebuild_mu_);
  group_in_flight_ = false;
  rebuild_cv_.notify_all();
}

void EngineImpl::OnGroupCommitted() {
  {
    std::unique_lock lock(models_mu_, std::defer_lock);
    if (exclusive_publish_) lock.lock();
    if (models_) models_->Publish();
    for (auto& p : projections_) p->Publish();
  }
  std::lock_guard lock(rebuild_mu_);
  group_in_flight_ = false;
  observed_through_ = staged_through_;
  rebuild_cv_.notify_all();
}

EngineMetrics EngineImpl::Metrics() const {
  EngineMetrics m;
  m.wrong_codes = wrong_codes_.load(std::memory_order_relaxed);
  m.lockouts = lockouts_.load(std::memory_order_relaxed);
  m.deadline_warnings = deadline_warnings_.load(std::memory_order_relaxed);
  m.overdue_flags = overdue_flags_.load(std::memory_order_relaxed);
  m.apply_seconds = apply_seconds_.Snapshot();
  if (!models_ready_.load(std::memory_order_acquire)) {
    m.read_models_building = true;
    m.read_models_position = build_position_.load(std::memory_order_relaxed);
    m.read_models_build_target = build_target_.load(std::memory_order_relaxed);
    return m;
  }
  std::shared_lock lock(models_mu_);
  m.read_models_generation = generation_;
  if (auto checkpoint = models_->Checkpoint(); checkpoint.ok())
    m.read_models_position = checkpoint->value;
  auto open = models_->OpenCases();
  if (open.ok())
    for (const auto& q : *open) {
      ++m.open_cases;
      if (q.overdue) ++m.overdue_open_cases;
    }
  return m;
}

Status EngineImpl::Rebuild() {
  std::unique_lock running(rebuild_running_mu_, std::try_to_lock);
  if (!running.owns_lock())
    return Status::Unavailable(
        "a rebuild of the read models is already running: try again when it "
        "has finished");
  GL_RETURN_IF_ERROR(ModelsReady());  // a background build is a rebuild already
  if (!models_in_memory_ && !log_->store().read_only()) return RebuildGeneration();
  // In memory: recompute, then swap under the lock with the tail applied.
  auto models = NewModels(std::make_unique<MemoryModelStore>());
  GL_RETURN_IF_ERROR(CatchUp(*models, log_->Committed()));
  std::unique_lock rebuild(rebuild_mu_);
  rebuild_cv_.wait(rebuild, [&] { return !group_in_flight_; });
  GL_RETURN_IF_ERROR(CatchUpToObserved(*models));
  std::unique_lock lock(models_mu_);
  models_ = std::move(models);
  return Status::Ok();
}

Status EngineImpl::RebuildGeneration() {
  RocksStore& store = log_->store();
  auto family = store.Extra(ReadModels::kFamily);
  if (!family.ok()) return family.error();
  const uint32_t old_generation = generation_;
  const uint32_t generation = old_generation + 1;
  auto fresh = std::make_unique<RocksModelStore>(&store, *family, generation);
  GL_RETURN_IF_ERROR(fresh->DropAll());
  auto models = NewBuildModels(std::move(fresh));
  if (const auto& seam = TestingModelBuildSeam(); seam.rebuild_building) seam.rebuild_building();
  // Blue/green: the new generation is built from the log while the live one
  // keeps serving and taking commits (its rows written out before the
  // switch, so that the commits wait only for the tail's)...
  GL_RETURN_IF_ERROR(CatchUp(*models, log_->Committed()));
  GL_RETURN_IF_ERROR(models->SpillBuild());
  {
    // ...then, with no group in flight and new ones held back, it takes the
    // last events and becomes the live one in one durable write. A crash
    // before that write leaves the old generation live (the next rebuild or
    // open drops the partial one); after it, the new one.
    std::unique_lock rebuild(rebuild_mu_);
    rebuild_cv_.wait(rebuild, [&] { return !group_in_flight_; });
    GL_RETURN_IF_ERROR(CatchUpToObserved(*models));
    GL_RETURN_IF_ERROR(models->EndBuild(options_.read_model_cache_bytes));
    GL_RETURN_IF_ERROR(SwitchGeneration(generation));
    std::unique_lock lock(models_mu_);
    models_ = std::move(models);
    generation_ = generation;
  }
  return RocksModelStore(&store, *family, old_generation).DropAll();
}

std::string EngineImpl::DumpReadModels() const {
  if (Status ready = ModelsReady(); !ready.ok()) return "error: " + ready.ToString() + "\n";
  std::shared_lock lock(models_mu_);
  auto dump = models_->Dump();
  return dump.ok() ? std::move(dump).value() : "error: " + dump.error().ToString() + "\n";
}

Result<uint64_t> EngineImpl::ErasePerson(const std::string& phone) {
  std::string digits = NormalizePhone(phone);
  if (digits.size() < 7) return Status::InvalidArgument("not a phone number: '" + phone + "'");
  GL_RETURN_IF_ERROR(ModelsReady());  // nothing is erased while a build runs
  auto erased = vault_->ErasePhone(digits);
  if (!erased.ok()) return erased.error();
  const std::string& person = *erased;
  // Push every family's memtable out so no WAL still holds the old key.
  // Best effort: the key itself is already gone from the vault's files.
  (void)log_->store().Flush();
  // The read models hold the reporter sealed, as the log does: with the
  // key gone, no view shows the phone and no lookup finds the person.
  std::shared_lock lock(models_mu_);
  auto cases = models_->CasesOfPerson(person, /*include_erased=*/true);
  if (!cases.ok()) return cases.error();
  return static_cast<uint64_t>(cases->size());
}

}  // namespace gridledger
