#include "projections/read_models_impl.h"

#include <algorithm>
#include <cinttypes>
#include <cstdio>

#include "gridledger/engine.h"

namespace gridledger {

namespace {

bool IsCaseStream(const std::string& s) { return s.rfind("case-", 0) == 0; }

bool InScope(const std::string& scope, const std::string& grid) {
  return scope.empty() || domain::Covers(scope, grid);
}

double Ratio(uint64_t a, uint64_t b) { return b ? static_cast<double>(a) / b : 0.0; }

}  // namespace

const domain::CaseModel* ReadModels::FindCase(const std::string& case_id) const {
  auto it = cases_.find(case_id);
  return it == cases_.end() ? nullptr : &it->second;
}

std::vector<std::string> ReadModels::CasesOfPerson(const std::string& person_id) const {
  std::vector<std::string> out;
  auto range = cases_by_person_.equal_range(person_id);
  for (auto it = range.first; it != range.second; ++it) out.push_back(it->second);
  return out;
}

uint32_t ReadModels::LastSequence(const std::string& date) const {
  auto it = last_sequence_.find(date);
  return it == last_sequence_.end() ? 0 : it->second;
}

void ReadModels::Apply(const RecordedEvent& e) {
  if (IsCaseStream(e.stream.value)) {
    ApplyCase(e);
    return;
  }
  std::visit(
      [&](const auto& p) {
        using T = std::decay_t<decltype(p)>;
        if constexpr (std::is_same_v<T, GridDefined> || std::is_same_v<T, PlaceRegistered> ||
                      std::is_same_v<T, WorkerAssigned> || std::is_same_v<T, WorkerReleased>) {
          registry_.Apply(e.payload);
        } else if constexpr (std::is_same_v<T, PatrolRecorded>) {
          work_.push_back({e.recorded_at, p.grid_code, "patrolRecorded", 1});
        } else if constexpr (std::is_same_v<T, InspectionRecorded>) {
          uint32_t failed = 0;
          for (const auto& item : p.items) failed += item.passed ? 0 : 1;
          work_.push_back({e.recorded_at, e.grid_code, "inspectionRecorded", 1});
          if (failed) work_.push_back({e.recorded_at, e.grid_code, "hazardsFound", failed});
        } else if constexpr (std::is_same_v<T, MediationOpened>) {
          mediations_[e.stream.value] = {e.grid_code, e.recorded_at};
        } else if constexpr (std::is_same_v<T, MediationSession>) {
          ++mediations_[e.stream.value].sessions;
        } else if constexpr (std::is_same_v<T, MediationConcluded>) {
          auto& m = mediations_[e.stream.value];
          m.concluded = true;
          m.agreed = p.agreed;
        } else if constexpr (std::is_same_v<T, MicroWishCollected>) {
          wishes_[e.stream.value] = {e.grid_code, e.recorded_at, "collected"};
        } else if constexpr (std::is_same_v<T, MicroWishPlanned>) {
          wishes_[e.stream.value].stage = "planned";
        } else if constexpr (std::is_same_v<T, MicroWishFulfilled>) {
          wishes_[e.stream.value].stage = "fulfilled";
        } else if constexpr (std::is_same_v<T, MicroWishRevisited>) {
          wishes_[e.stream.value].stage = "revisited";
        } else if constexpr (std::is_same_v<T, CareVisitRecorded>) {
          work_.push_back({e.recorded_at, e.grid_code, "careVisitRecorded", 1});
        } else if constexpr (std::is_same_v<T, PolicyOutreachRecorded>) {
          work_.push_back({e.recorded_at, e.grid_code, "peopleInformed", p.people_informed});
        } else if constexpr (std::is_same_v<T, SensorAlarmRaised>) {
          work_.push_back({e.recorded_at, p.location.grid_code, "sensorAlarmRaised", 1});
        }
      },
      e.payload);
}

void ReadModels::ApplyCase(const RecordedEvent& e) {
  domain::CaseModel& m = cases_[e.stream.value];
  domain::ApplyCaseEvent(m, e, registry_);
  if (const auto* filed = std::get_if<CaseFiled>(&e.payload)) {
    // Case ids are "case-YYYYMMDD-NNNN": remember the day's last sequence.
    const std::string& id = e.stream.value;
    if (id.size() > 14) {
      std::string date = id.substr(5, 8);
      uint32_t seq = static_cast<uint32_t>(std::strtoul(id.c_str() + 14, nullptr, 10));
      uint32_t& last = last_sequence_[date];
      last = std::max(last, seq);
    }
    const std::string& person = filed->resident_key;
    if (!person.empty() && vault_ && !vault_->IsErased(person)) {
      cases_by_person_.emplace(person, id);
      if (auto plain = vault_->Unseal(filed->reporter)) {
        auto nl = plain->find('\n');
        m.view.masked_phone = MaskPhone(nl == std::string::npos ? *plain : plain->substr(nl + 1));
      }
    }
  }
}

void ReadModels::ForgetPerson(const std::string& person_id) {
  auto range = cases_by_person_.equal_range(person_id);
  for (auto it = range.first; it != range.second; ++it) {
    auto c = cases_.find(it->second);
    if (c != cases_.end()) c->second.view.masked_phone.clear();
  }
  cases_by_person_.erase(person_id);
}

QueueItem ReadModels::ToQueueItem(const domain::CaseModel& m) {
  const CaseView& v = m.view;
  return {v.case_id, v.category, v.state, v.priority, v.deadline, v.overdue, v.warned, v.assignee};
}

std::vector<QueueItem> ReadModels::Queue(const std::string& scope) const {
  std::vector<QueueItem> out;
  for (const auto& [id, m] : cases_)
    if (domain::IsOpen(m.view.state) && InScope(scope, m.view.location.grid_code))
      out.push_back(ToQueueItem(m));
  std::sort(out.begin(), out.end(), [](const QueueItem& a, const QueueItem& b) {
    if (a.overdue != b.overdue) return a.overdue;
    if (a.priority != b.priority) return a.priority > b.priority;
    if (a.deadline != b.deadline) return a.deadline < b.deadline;
    return a.case_id < b.case_id;
  });
  return out;
}

std::vector<QueueItem> ReadModels::DeadlinesBefore(Timestamp until) const {
  std::vector<QueueItem> out;
  for (const auto& [id, m] : cases_)
    if (domain::IsOpen(m.view.state) && m.view.deadline != Timestamp{} && m.view.deadline < until)
      out.push_back(ToQueueItem(m));
  std::sort(out.begin(), out.end(), [](const QueueItem& a, const QueueItem& b) {
    return a.deadline != b.deadline ? a.deadline < b.deadline : a.case_id < b.case_id;
  });
  return out;
}

std::vector<std::string> ReadModels::OpenCaseIds() const {
  std::vector<std::string> out;
  for (const auto& [id, m] : cases_)
    if (domain::IsOpen(m.view.state)) out.push_back(id);
  return out;
}

std::vector<LedgerEntry> ReadModels::Ledger(const std::string& scope, Timestamp from,
                                            Timestamp to) const {
  std::vector<LedgerEntry> out;
  for (const auto& [id, m] : cases_) {
    const CaseView& v = m.view;
    if (!InScope(scope, v.location.grid_code) || v.filed_at < from || v.filed_at >= to) continue;
    out.push_back({v.case_id, v.location.grid_code, v.category, v.description, v.state, v.filed_at,
                   v.deadline, v.closed_at, v.state == CaseState::kClosed, v.closed_on_time,
                   v.assignee});
  }
  std::sort(out.begin(), out.end(), [](const LedgerEntry& a, const LedgerEntry& b) {
    return a.filed_at != b.filed_at ? a.filed_at < b.filed_at : a.case_id < b.case_id;
  });
  return out;
}

Statistics ReadModels::Stats(const std::string& scope, Timestamp from, Timestamp to) const {
  Statistics s;
  s.scope = scope;
  s.from = from;
  s.to = to;
  double response_hours = 0, resolution_hours = 0;
  uint64_t responded = 0;
  for (const auto& [id, m] : cases_) {
    const CaseView& v = m.view;
    if (!InScope(scope, v.location.grid_code) || v.filed_at < from || v.filed_at >= to) continue;
    ++s.filed;
    ++s.by_category[v.category];
    ++s.by_state[std::string(CaseStateName(v.state, false))];
    if (v.kind == "microWish") ++s.micro_wishes;
    if (v.state == CaseState::kClosed) {
      ++s.closed;
      if (v.closed_on_time) ++s.closed_on_time;
      resolution_hours +=
          std::chrono::duration<double, std::ratio<3600>>(v.closed_at - v.filed_at).count();
    }
    if (v.state == CaseState::kRejected) ++s.rejected;
    if (domain::IsOpen(v.state) && v.overdue) ++s.overdue_open;
    if (v.first_response_at != Timestamp{}) {
      ++responded;
      response_hours +=
          std::chrono::duration<double, std::ratio<3600>>(v.first_response_at - v.filed_at).count();
    }
    if (v.satisfaction) {
      ++s.rated;
      if (*v.satisfaction >= 4) ++s.satisfied;
    }
  }
  for (const auto& [id, m] : mediations_) {
    if (!InScope(scope, m.grid_code) || m.opened_at < from || m.opened_at >= to) continue;
    ++s.mediations;
    if (m.concluded) ++s.mediations_concluded;
    if (m.concluded && m.agreed) ++s.mediations_agreed;
  }
  for (const auto& [id, w] : wishes_)
    if (InScope(scope, w.grid_code) && w.collected_at >= from && w.collected_at < to)
      ++s.micro_wishes;
  for (const auto& w : work_) {
    if (!InScope(scope, w.grid_code) || w.at < from || w.at >= to) continue;
    if (w.type == "patrolRecorded")
      s.patrols += w.count;
    else if (w.type == "inspectionRecorded")
      s.inspections += w.count;
    else if (w.type == "hazardsFound")
      s.hazards_found += w.count;
    else if (w.type == "careVisitRecorded")
      s.care_visits += w.count;
    else if (w.type == "peopleInformed")
      s.people_informed += w.count;
  }
  ComputeRates(s);
  s.avg_response_hours = responded ? response_hours / responded : 0;
  s.avg_resolution_hours = s.closed ? resolution_hours / s.closed : 0;
  return s;
}

void ComputeRates(Statistics& s) {
  s.closed_rate = Ratio(s.closed, s.filed - s.rejected);
  s.on_time_rate = Ratio(s.closed_on_time, s.closed);
  s.satisfaction_rate = Ratio(s.satisfied, s.rated);
  // A mediation still open has not failed: only concluded ones count.
  s.mediation_success_rate = Ratio(s.mediations_agreed, s.mediations_concluded);
}

std::string ReadModels::Dump() const {
  std::string out;
  char buf[512];
  for (const auto& [code, g] : registry_.grids()) {
    std::snprintf(buf, sizeof buf, "grid %s|%s|%d|%s|%u\n", code.c_str(), g.name.c_str(),
                  static_cast<int>(g.kind), g.parent_code.c_str(), g.households);
    out += buf;
  }
  for (const auto& [id, p] : registry_.places())
    out += "place " + id + "|" + p.grid_code + "|" + p.name + "\n";
  for (const auto& [id, w] : registry_.workers())
    out += "worker " + id + "|" + w.display_name + "|" + std::to_string(static_cast<int>(w.role)) +
           "|" + w.grid_code + "\n";
  for (const auto& [id, m] : cases_) {
    const CaseView& v = m.view;
    std::snprintf(
        buf, sizeof buf,
        "case %s|%s|%d|%d|%d|%s|%" PRId64 "|%" PRId64 "|%" PRId64 "|%d|%d|%d|%u|%u|%d|%s|%" PRIu64
        "|%zu\n",
        id.c_str(), v.category.c_str(), static_cast<int>(v.state), static_cast<int>(v.priority),
        static_cast<int>(v.level), v.assignee.c_str(), ToMicros(v.filed_at), ToMicros(v.deadline),
        ToMicros(v.closed_at), v.warned, v.overdue, v.closed_on_time, v.extensions, v.reopen_count,
        v.satisfaction ? *v.satisfaction : 0, v.masked_phone.c_str(), v.version, v.timeline.size());
    out += buf;
  }
  for (const auto& [person, id] : cases_by_person_) out += "person " + person + "|" + id + "\n";
  for (const auto& [id, m] : mediations_)
    out += "mediation " + id + "|" + m.grid_code + "|" + std::to_string(m.concluded) +
           std::to_string(m.agreed) + "|" + std::to_string(m.sessions) + "\n";
  for (const auto& [id, w] : wishes_)
    out += "wish " + id + "|" + w.grid_code + "|" + w.stage + "\n";
  for (const auto& w : work_)
    out += "work " + std::to_string(ToMicros(w.at)) + "|" + w.grid_code + "|" + w.type + "|" +
           std::to_string(w.count) + "\n";
  return out;
}

}  // namespace gridledger
