#include "engine_context.h"

#include <chrono>

#include "output.h"
#include "remote_context.h"
#include "time_format.h"

namespace gridledger::cli {
namespace {

constexpr CaseState kStates[] = {
    CaseState::kFiled,      CaseState::kRegistered, CaseState::kRejected,
    CaseState::kDispatched, CaseState::kInProgress, CaseState::kReported,
    CaseState::kClosed,     CaseState::kSuspended,  CaseState::kMerged};

bool IsFinished(CaseState s) {
  return s == CaseState::kClosed || s == CaseState::kRejected || s == CaseState::kMerged;
}

Timestamp ParseTimeOption(const std::string& name, const std::string& value) {
  auto t = tools::ParseIso(value);
  if (!t)
    throw CliError(name +
                       " must be a date like 2026-11-01 or a time like "
                       "2026-11-01T08:30:00+08:00, not \"" +
                       value + "\"",
                   kExitUsage);
  return *t;
}

}  // namespace

Actor CliActor() { return Actor::System("cli"); }

std::unique_ptr<Engine> OpenEngineOrThrow(const GlobalOptions& options, Access access,
                                          const EngineOptions* base) {
  if (UsesServer(options)) return ConnectOrThrow(options);
  std::string dir = ResolveDataDir(options);
  RequireStore(dir);
  EngineOptions engine_options = base ? *base : EngineOptions();
  engine_options.log.create_if_missing = false;
  engine_options.log.read_only = access == Access::kReadOnly;
  auto engine = ValueOrThrow(Engine::Open(dir, engine_options), "cannot open " + dir, dir);
  // A store from an older GridLedger builds its read models once; a
  // command waits for them, with a progress bar on a terminal. Cut short
  // (Ctrl-C), the build resumes at the next command.
  ProgressBar bar("building the read models (events)");
  ThrowIfError(
      engine->AwaitReadModels(std::chrono::hours(24),
                              [&](uint64_t built, uint64_t total) { bar.Update(built, total); }),
      "cannot open " + dir, dir);
  bar.Finish();
  return engine;
}

std::string StateKey(CaseState s) {
  switch (s) {
    case CaseState::kFiled:
      return "filed";
    case CaseState::kRegistered:
      return "registered";
    case CaseState::kRejected:
      return "rejected";
    case CaseState::kDispatched:
      return "dispatched";
    case CaseState::kInProgress:
      return "in-progress";
    case CaseState::kReported:
      return "reported";
    case CaseState::kClosed:
      return "closed";
    case CaseState::kSuspended:
      return "suspended";
    case CaseState::kMerged:
      return "merged";
  }
  return "unknown";
}

void Filters::Register(CLI::App* cmd, bool with_state, bool with_time) {
  cmd->add_option("--grid", grid, "only this grid (code)");
  cmd->add_option("--community", community, "only the grids of this community (code)");
  cmd->add_option("--street", street, "only the grids of this street (9-digit code)");
  if (with_state)
    cmd->add_option("--state", state,
                    "open, or one of filed registered dispatched in-progress reported "
                    "closed suspended rejected merged");
  if (with_time) {
    cmd->add_option("--from", from, "filed on or after this date (YYYY-MM-DD or ISO 8601)");
    cmd->add_option("--to", to, "filed on or before this date (a bare date includes the day)");
  }
}

std::string Filters::Scope() const {
  if (!grid.empty() && !community.empty() && grid.rfind(community, 0) != 0)
    throw CliError(
        "--grid " + grid + " is not inside --community " + community + "; give one of them",
        kExitUsage);
  const std::string& inner = !grid.empty() ? grid : community;
  if (!street.empty() && !inner.empty() && inner.rfind(street, 0) != 0)
    throw CliError("--" + std::string(!grid.empty() ? "grid " : "community ") + inner +
                       " is not inside --street " + street + "; give one of them",
                   kExitUsage);
  return !inner.empty() ? inner : street;
}

Timestamp Filters::From() const {
  return from.empty() ? Timestamp{} : ParseTimeOption("--from", from);
}

Timestamp Filters::To() const {
  if (to.empty()) return FromMicros(INT64_MAX / 2);
  Timestamp t = ParseTimeOption("--to", to);
  if (to.size() == 10) t += std::chrono::days(1);  // the whole day
  return t;
}

void Filters::CheckState() const {
  if (state.empty() || state == "open") return;
  std::string choices = "open";
  for (CaseState s : kStates) {
    if (StateKey(s) == state) return;
    choices += ", " + StateKey(s);
  }
  throw CliError("--state must be one of " + choices + ", not \"" + state + "\"", kExitUsage);
}

bool Filters::Matches(CaseState s) const {
  if (state.empty()) return true;
  if (state == "open") return !IsFinished(s);
  return StateKey(s) == state;
}

Json StatisticsToJson(const Statistics& s) {
  Json j = {{"scope", s.scope},
            {"filed", s.filed},
            {"closed", s.closed},
            {"closedOnTime", s.closed_on_time},
            {"rejected", s.rejected},
            {"overdueOpen", s.overdue_open},
            {"rated", s.rated},
            {"satisfied", s.satisfied},
            {"mediations", s.mediations},
            {"mediationsConcluded", s.mediations_concluded},
            {"mediationsAgreed", s.mediations_agreed},
            {"patrols", s.patrols},
            {"inspections", s.inspections},
            {"hazardsFound", s.hazards_found},
            {"microWishes", s.micro_wishes},
            {"careVisits", s.care_visits},
            {"peopleInformed", s.people_informed},
            {"closedRate", s.closed_rate},
            {"onTimeRate", s.on_time_rate},
            {"satisfactionRate", s.satisfaction_rate},
            {"mediationSuccessRate", s.mediation_success_rate},
            {"avgResponseHours", s.avg_response_hours},
            {"avgResolutionHours", s.avg_resolution_hours}};
  j["byCategory"] = s.by_category;
  j["byState"] = s.by_state;
  return j;
}

}  // namespace gridledger::cli
