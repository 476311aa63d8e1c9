// The registry and the grid's other work: patrols, inspections,
// mediations, micro-wishes, care visits, outreach, sensor alarms. The
// domain decides (domain/work_decider.h); this files the cases a record
// opens, seals personal data and appends.

#include "facade/engine_impl.h"

namespace gridledger {

Result<domain::WorkStreamState> EngineImpl::ReadWorkStream(
    const domain::WorkStreamRead& read) const {
  auto events = log_->ReadStream(StreamId{read.stream}, StreamVersion{1}, ReadDirection::kForward,
                                 read.max_events);
  if (!events.ok()) return events.error();
  domain::WorkStreamState state;
  state.events = events->size();
  if (events->empty()) return state;
  state.version = events->back().version;
  state.grid_code = events->front().grid_code;
  return state;
}

Result<AppendResult> EngineImpl::Record(const Actor& actor, const WorkCommand& command,
                                        const CommandOptions& options) {
  GL_RETURN_IF_ERROR(ModelsReady());
  const CommandIds ids(options.request_id);
  if (auto first = AlreadyApplied(options.request_id)) {
    // A retry of a record that landed: its positions, nothing new.
    return AppendResult{first->position, first->position, first->version, true};
  }
  const std::optional<domain::WorkStreamRead> read = domain::WorkStreamToRead(command);
  for (int attempt = 0; attempt < kMaxConflictRetries; ++attempt) {
    domain::WorkStreamState state;
    if (read) {
      GL_ASSIGN_OR_RETURN(state, ReadWorkStream(*read));
    }
    Result<domain::WorkDecision> decided = [&] {
      std::shared_lock lock(models_mu_);
      return domain::DecideWork(
          state, command, domain::DecideContext{actor, models_->registry(), calendar_, Now()});
    }();
    if (!decided.ok()) return decided.error();
    domain::WorkDecision& record = *decided;

    Result<AppendResult> appended = AppendResult{};
    if (record.filings.empty()) {
      GL_RETURN_IF_ERROR(SealPersonalData(record.events, record.seals));
      appended = AppendAs(actor, ids, record.stream, record.expected, std::move(record.events),
                          record.grid_code);
    } else {
      // The cases the record opens and the record itself: one atomic append.
      appended = FileAndRecord(actor, ids, record);
    }
    // A conflict on a stream the decision read (it changed), or on a case
    // number a concurrent filer took: nothing was written; decide again.
    bool retry =
        (read || !record.filings.empty()) && !appended.ok() && appended.error().IsConflict();
    if (!retry) return appended;
  }
  return Status::Conflict("stream is changing too fast; try again");
}

}  // namespace gridledger
