// Filing cases and carrying them through the closed loop.

#include <algorithm>
#include <cstdio>

#include "crypto/secrets.h"
#include "domain/filing_decider.h"
#include "facade/engine_impl.h"
#include "gridledger/case_number.h"
#include "gridledger/china_time.h"

namespace gridledger {

namespace {
// A person with no phone to key them (a mediation's party, an anonymous
// micro-wish or care visit): a random id.
std::string RandomPersonId() { return "p-" + ToHex(RandomBytes(16)); }

std::string CaseIdOf(const CaseCommand& c) {
  return std::visit([](const auto& x) { return x.case_id; }, c);
}

std::string LocalDate(Timestamp t) {
  auto day = std::chrono::floor<std::chrono::days>(ChinaWallClock(t));
  std::chrono::year_month_day ymd(day);
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d%02u%02u", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
  return buf;
}
}  // namespace

std::string EngineImpl::NewCaseId() {
  std::string date = LocalDate(Now());
  std::lock_guard lock(ids_mu_);
  uint32_t& next = next_sequence_[date];
  if (next == 0) {
    std::shared_lock models_lock(models_mu_);
    // A store that cannot be read fails the append that follows anyway.
    auto last = models_->LastSequence(date);
    next = (last.ok() ? *last : 0) + 1;
  }
  return FormatCaseNumber(CaseNumber{partition_, date, next++});
}

Result<AppendResult> EngineImpl::AppendAs(const Actor& actor, CommandIds ids,
                                          const std::string& stream, ExpectedVersion expected,
                                          std::vector<EventPayload> payloads,
                                          const std::string& grid_code, Timestamp occurred_at) {
  return log_->Append(StreamId{stream}, expected,
                      EventsAs(actor, ids, std::move(payloads), grid_code, occurred_at),
                      AppendOptions{options_.durability});
}

std::vector<NewEvent> EngineImpl::EventsAs(const Actor& actor, CommandIds ids,
                                           std::vector<EventPayload> payloads,
                                           const std::string& grid_code, Timestamp occurred_at) {
  std::vector<NewEvent> events;
  events.reserve(payloads.size());
  EventId correlation = ids.derived() ? ids.EventAt(0) : EventId::Generate();
  uint32_t index = 0;
  for (auto& p : payloads) {
    NewEvent e;
    e.id = ids.EventAt(index++);
    e.payload = std::move(p);
    e.actor = actor.id;
    e.grid_code = grid_code;
    e.correlation_id = correlation;
    e.occurred_at = occurred_at == Timestamp{} ? Now() : occurred_at;
    events.push_back(std::move(e));
  }
  return events;
}

std::optional<RecordedEvent> EngineImpl::AlreadyApplied(const EventId& request_id) const {
  if (request_id.empty()) return std::nullopt;
  auto first = log_->ReadEvent(CommandIds(request_id).EventAt(0));
  if (!first.ok()) return std::nullopt;
  return std::move(first).value();
}

std::optional<domain::CaseModel> EngineImpl::SnapshotCase(const std::string& case_id,
                                                          bool with_timeline) const {
  std::optional<domain::CaseModel> model;
  {
    std::shared_lock lock(models_mu_);
    auto found = models_->FindCase(case_id);
    if (!found.ok() || !*found) return std::nullopt;  // a damaged row: `verify` names it
    model = std::move(found).value();
  }
  if (!with_timeline) return model;
  // The timeline is the case's stream in words, up to the version the
  // model reflects (a later event may land meanwhile).
  auto events = log_->ReadStream(StreamId{case_id}, StreamVersion{1}, ReadDirection::kForward,
                                 model->view.version);
  if (!events.ok()) return std::nullopt;
  std::shared_lock lock(models_mu_);
  auto& timeline = model->view.timeline;
  timeline.reserve(events->size());
  for (const auto& e : *events)
    timeline.push_back(domain::DescribeCaseEvent(e, models_->registry()));
  return model;
}

Status EngineImpl::SealPersonalData(std::vector<EventPayload>& events,
                                    const std::vector<domain::SealRequest>& seals) {
  for (const auto& request : seals) {
    std::string person =
        request.phone.empty() ? RandomPersonId() : vault_->PersonIdForPhone(request.phone);
    std::vector<SealedField> sealed;
    for (const auto& text : request.texts) {
      GL_ASSIGN_OR_RETURN(SealedField field, vault_->Seal(person, text));
      sealed.push_back(std::move(field));
    }
    request.place(events.at(request.event), person, std::move(sealed));
  }
  return Status::Ok();
}

Result<domain::FilingDecision> EngineImpl::PrepareFiling(const Actor& actor,
                                                         const FileCase& request) {
  Result<domain::FilingDecision> decided = [&] {
    std::shared_lock lock(models_mu_);
    return domain::DecideFiling(
        request, domain::DecideContext{actor, models_->registry(), calendar_, Now()});
  }();
  if (!decided.ok()) return decided.error();
  domain::FilingDecision& filing = *decided;
  if (filing.reporter) {
    GL_RETURN_IF_ERROR(SealPersonalData(filing.events, {*filing.reporter}));
  }
  return decided;
}

Result<FiledReceipt> EngineImpl::File(const Actor& actor, const FileCase& request,
                                      const CommandOptions& options) {
  GL_RETURN_IF_ERROR(ModelsReady());
  return FileOrStage(actor, request, options, nullptr);
}

Result<FiledReceipt> EngineImpl::FileOrStage(const Actor& actor, const FileCase& request,
                                             const CommandOptions& options,
                                             std::vector<StreamAppend>* staged) {
  const CommandIds ids(options.request_id);
  // A retry of a filing that landed: the original receipt, nothing new.
  auto filed_before = [&]() -> std::optional<FiledReceipt> {
    auto first = AlreadyApplied(options.request_id);
    if (!first) return std::nullopt;
    auto model = SnapshotCase(first->stream.value);
    if (!model) return std::nullopt;
    FiledReceipt r;
    r.case_id = model->view.case_id;
    r.query_code = request.query_code.empty() ? vault_->DeriveQueryCode(options.request_id)
                                              : request.query_code;
    r.deadline = model->view.deadline;
    r.priority = model->view.priority;
    r.grid_code = model->view.location.grid_code;
    r.assignee = model->view.assignee;
    return r;
  };
  if (auto again = filed_before()) return *again;
  GL_ASSIGN_OR_RETURN(domain::FilingDecision filing, PrepareFiling(actor, request));

  for (int attempt = 0; attempt < kMaxConflictRetries; ++attempt) {
    std::string case_id = NewCaseId();
    char code[8];
    if (!request.query_code.empty())
      std::snprintf(code, sizeof code, "%s", request.query_code.c_str());
    else if (ids.derived())
      std::snprintf(code, sizeof code, "%s", vault_->DeriveQueryCode(options.request_id).c_str());
    else
      std::snprintf(code, sizeof code, "%06u", RandomBelow(1000000));
    filing.filed().query_code_hash = vault_->HashQueryCode(case_id, code);
    // occurred_at: when the resident reported it (an import keeps the
    // original request time); recorded_at stays the commit time.
    Result<AppendResult> r = AppendResult{};
    if (staged)
      staged->push_back(
          {StreamId{case_id}, ExpectedVersion::NoStream(),
           EventsAs(actor, ids, filing.events, filing.grid_code, request.occurred_at)});
    else
      r = AppendAs(actor, ids, case_id, ExpectedVersion::NoStream(), filing.events,
                   filing.grid_code, request.occurred_at);
    if (!r.ok() && r.error().IsConflict()) {
      // The case number was taken by a concurrent filer, or this very
      // request landed meanwhile (a concurrent retry): then answer as it.
      if (auto again = filed_before()) return *again;
      continue;
    }
    if (!r.ok()) return r.error();
    FiledReceipt receipt;
    receipt.case_id = case_id;
    receipt.query_code = code;
    receipt.deadline = filing.deadline;
    receipt.priority = filing.priority;
    receipt.grid_code = filing.grid_code;
    receipt.assignee = filing.worker;
    return receipt;
  }
  return Status::Unavailable("could not allocate a case number; try again");
}

Result<CaseView> EngineImpl::RunCaseCommand(
    const Actor& actor, CommandIds ids, const std::string& case_id,
    const std::function<Result<std::vector<EventPayload>>(const domain::CaseModel&)>& decide) {
  for (int attempt = 0; attempt < kMaxConflictRetries; ++attempt) {
    auto model = SnapshotCase(case_id);
    if (!model) return Status::NotFound("没有这个案件 / no case '" + case_id + "'");
    auto events = decide(*model);
    if (!events.ok()) return events.error();
    if (events->empty()) return model->view;
    auto r = AppendAs(actor, ids, case_id, ExpectedVersion::Exactly(model->view.version),
                      std::move(events).value(), model->view.location.grid_code);
    if (!r.ok() && r.error().IsConflict()) continue;  // someone acted first: decide again
    if (!r.ok()) return r.error();
    auto after = SnapshotCase(case_id);
    return after->view;
  }
  return Status::Conflict("case " + case_id + " is changing too fast; try again");
}

Result<CaseView> EngineImpl::Execute(const Actor& actor, const CaseCommand& command,
                                     const CommandOptions& options) {
  GL_RETURN_IF_ERROR(ModelsReady());
  std::string case_id = CaseIdOf(command);
  if (auto first = AlreadyApplied(options.request_id)) {
    auto model = SnapshotCase(first->stream.value);
    if (model) return model->view;  // a retry of a step that landed
  }
  if (const auto* merge = std::get_if<cmd::Merge>(&command)) {
    if (!SnapshotCase(merge->into_case_id))
      return Status::NotFound("没有这个案件 / no case '" + merge->into_case_id + "'");
  }
  return RunCaseCommand(
      actor, CommandIds(options.request_id), case_id, [&](const domain::CaseModel& model) {
        std::shared_lock lock(models_mu_);
        domain::DecideContext context{actor, models_->registry(), calendar_, Now()};
        return domain::DecideCase(model, command, context);
      });
}

Result<CaseView> EngineImpl::ResidentFeedback(const std::string& case_id,
                                              const std::string& query_code, uint8_t satisfaction,
                                              bool fixed, const std::string& comment) {
  GL_RETURN_IF_ERROR(ModelsReady());
  auto found = LookupCase(case_id, query_code);  // checks the code and the lockout
  if (!found.ok()) return found.error();
  return RunCaseCommand(
      Actor::Resident(), CommandIds(EventId{}), case_id, [&](const domain::CaseModel& model) {
        return domain::DecideResidentFeedback(model, satisfaction, fixed, comment);
      });
}

Result<CaseView> EngineImpl::ResidentFeedbackByPhone(const std::string& phone,
                                                     const std::string& query_code,
                                                     const std::string& case_id,
                                                     uint8_t satisfaction, bool fixed,
                                                     const std::string& comment) {
  GL_RETURN_IF_ERROR(ModelsReady());
  std::vector<std::string> ids;
  auto proved = ProvePhone(phone, query_code, &ids);  // counts a wrong code, checks the locks
  if (!proved.ok()) return proved.status();
  if (std::find(ids.begin(), ids.end(), case_id) == ids.end())
    return Status::NotFound("这个手机号没有这个事项 / not a case of this phone number");
  return RunCaseCommand(
      Actor::Resident(), CommandIds(EventId{}), case_id, [&](const domain::CaseModel& model) {
        return domain::DecideResidentFeedback(model, satisfaction, fixed, comment);
      });
}

Result<uint64_t> EngineImpl::RunDeadlineScan() {
  GL_RETURN_IF_ERROR(ModelsReady());
  std::vector<QueueItem> open;
  {
    std::shared_lock lock(models_mu_);
    auto cases = models_->OpenCases();
    if (!cases.ok()) return cases.error();
    open = std::move(cases).value();
  }
  uint64_t emitted = 0;
  const Actor system = Actor::System("deadlines");
  for (const auto& item : open) {
    const std::string& id = item.case_id;
    auto model = SnapshotCase(id, /*with_timeline=*/false);
    if (!model) continue;
    auto events = domain::DecideDeadlines(*model, Now());
    if (events.empty()) continue;
    size_t n = events.size();
    size_t warnings = 0, overdue = 0;
    for (const auto& e : events) {
      warnings += std::holds_alternative<DeadlineWarned>(e);
      overdue += std::holds_alternative<CaseOverdue>(e);
    }
    auto r =
        AppendAs(system, CommandIds(EventId{}), id, ExpectedVersion::Exactly(model->view.version),
                 std::move(events), model->view.location.grid_code);
    if (r.ok()) {
      emitted += n;
      deadline_warnings_.fetch_add(warnings, std::memory_order_relaxed);
      overdue_flags_.fetch_add(overdue, std::memory_order_relaxed);
    } else if (!r.error().IsConflict()) {
      return r.error();  // conflict: next scan catches it
    }
  }
  return emitted;
}

}  // namespace gridledger
