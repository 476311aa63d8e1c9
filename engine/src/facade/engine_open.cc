// Opening the engine, keeping read models in step, rebuild, erasure.

#include "facade/engine_impl.h"

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
  auto log = EventLogImpl::OpenImpl(dir, log_options, {PersonalVault::kFamily});
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
  log_.reset();  // drains the writer (which calls back into the models) first
}

Status EngineImpl::Start() {
  auto models = std::make_unique<ReadModels>(vault_.get());
  GL_RETURN_IF_ERROR(log_->ScanAll(Position{1}, log_->Committed(), [&](const RecordedEvent& e) {
    models->Apply(e);
    return Status::Ok();
  }));
  models_ = std::move(models);
  log_->SetCommitObserver(this);
  if (options_.deadline_scan_every.count() > 0)
    scheduler_ = std::thread([this] { SchedulerLoop(); });
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

Status EngineImpl::OnGroup(std::vector<RecordedEvent>& events, StoreBatch&) {
  staged_ = std::move(events);
  return Status::Ok();
}

void EngineImpl::OnGroupCommitted() {
  auto start = std::chrono::steady_clock::now();
  std::unique_lock lock(models_mu_);
  for (const auto& e : staged_) models_->Apply(e);
  staged_.clear();
  apply_seconds_.Observe(
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
}

EngineMetrics EngineImpl::Metrics() const {
  EngineMetrics m;
  m.wrong_codes = wrong_codes_.load(std::memory_order_relaxed);
  m.lockouts = lockouts_.load(std::memory_order_relaxed);
  m.deadline_warnings = deadline_warnings_.load(std::memory_order_relaxed);
  m.overdue_flags = overdue_flags_.load(std::memory_order_relaxed);
  m.apply_seconds = apply_seconds_.Snapshot();
  std::shared_lock lock(models_mu_);
  for (const auto& id : models_->OpenCaseIds()) {
    ++m.open_cases;
    const domain::CaseModel* c = models_->FindCase(id);
    if (c && c->view.overdue) ++m.overdue_open_cases;
  }
  return m;
}

Status EngineImpl::Rebuild() {
  // Appends made while rebuilding are applied by the observer to the old
  // models; take the write lock for the swap and replay the tail.
  auto models = std::make_unique<ReadModels>(vault_.get());
  Position done{0};
  GL_RETURN_IF_ERROR(log_->ScanAll(Position{1}, log_->Committed(), [&](const RecordedEvent& e) {
    models->Apply(e);
    done = e.position;
    return Status::Ok();
  }));
  std::unique_lock lock(models_mu_);
  GL_RETURN_IF_ERROR(
      log_->ScanAll(Position{done.value + 1}, log_->Committed(), [&](const RecordedEvent& e) {
        models->Apply(e);
        return Status::Ok();
      }));
  models_ = std::move(models);
  return Status::Ok();
}

std::string EngineImpl::DumpReadModels() const {
  std::shared_lock lock(models_mu_);
  return models_->Dump();
}

Result<uint64_t> EngineImpl::ErasePerson(const std::string& phone) {
  std::string digits = NormalizePhone(phone);
  if (digits.size() < 7) return Status::InvalidArgument("not a phone number: '" + phone + "'");
  auto erased = vault_->ErasePhone(digits);
  if (!erased.ok()) return erased.error();
  const std::string& person = *erased;
  // Push every family's memtable out so no WAL still holds the old key.
  // Best effort: the key itself is already gone from the vault's files.
  (void)log_->store().Flush();
  std::unique_lock lock(models_mu_);
  uint64_t n = models_->CasesOfPerson(person).size();
  models_->ForgetPerson(person);
  return n;
}

}  // namespace gridledger
