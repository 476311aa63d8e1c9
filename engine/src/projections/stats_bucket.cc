#include "projections/stats_bucket.h"

#include <array>

#include "projections/packed.h"

namespace gridledger {

namespace {

// District 6, street 9, community 12, grid 14-15, micro-grid 16-18
// (DOMAIN.md): the lengths a scope usually has.
constexpr std::array<size_t, 8> kLevels = {6, 9, 12, 14, 15, 16, 17, 18};

void AddMap(std::map<std::string, int64_t>& to, const std::map<std::string, int64_t>& from,
            int sign) {
  for (const auto& [k, v] : from) {
    int64_t& slot = to[k];
    slot += sign * v;
    if (slot == 0) to.erase(k);
  }
}

void PackMap(packed::Writer& w, const std::map<std::string, int64_t>& m) {
  w.U64(m.size());
  for (const auto& [k, v] : m) {
    w.Bytes(k);
    w.I64(v);
  }
}

bool UnpackMap(packed::Reader& r, std::map<std::string, int64_t>& m) {
  uint64_t n = r.U64();
  for (uint64_t i = 0; i < n && r.ok(); ++i) {
    std::string k = r.Bytes();
    m[k] = r.I64();
  }
  return r.ok();
}

// The counters in a fixed order, for Add, Empty and packing.
template <typename B, typename F>
void EachCounter(B& b, F&& f) {
  f(b.filed);
  f(b.closed);
  f(b.closed_on_time);
  f(b.rejected);
  f(b.overdue_open);
  f(b.rated);
  f(b.satisfied);
  f(b.mediations);
  f(b.mediations_concluded);
  f(b.mediations_agreed);
  f(b.patrols);
  f(b.inspections);
  f(b.hazards_found);
  f(b.micro_wishes);
  f(b.care_visits);
  f(b.people_informed);
  f(b.responded);
  f(b.response_us);
  f(b.resolution_us);
}

}  // namespace

void StatsBucket::Add(const StatsBucket& o, int sign) {
  std::array<int64_t, 19> theirs{};
  size_t i = 0;
  EachCounter(o, [&](const int64_t& v) { theirs[i++] = v; });
  i = 0;
  EachCounter(*this, [&](int64_t& v) { v += sign * theirs[i++]; });
  AddMap(by_category, o.by_category, sign);
  AddMap(by_state, o.by_state, sign);
}

bool StatsBucket::Empty() const {
  bool empty = by_category.empty() && by_state.empty();
  EachCounter(*this, [&](const int64_t& v) { empty = empty && v == 0; });
  return empty;
}

std::string StatsBucket::Pack() const {
  packed::Writer w;
  EachCounter(*this, [&](const int64_t& v) { w.I64(v); });
  PackMap(w, by_category);
  PackMap(w, by_state);
  return w.Take();
}

bool StatsBucket::Unpack(std::string_view in, StatsBucket* out) {
  packed::Reader r(in);
  EachCounter(*out, [&](int64_t& v) { v = r.I64(); });
  UnpackMap(r, out->by_category);
  UnpackMap(r, out->by_state);
  return r.done();
}

void StatsBucket::AddTo(Statistics& s) const {
  s.filed += filed;
  s.closed += closed;
  s.closed_on_time += closed_on_time;
  s.rejected += rejected;
  s.overdue_open += overdue_open;
  s.rated += rated;
  s.satisfied += satisfied;
  s.mediations += mediations;
  s.mediations_concluded += mediations_concluded;
  s.mediations_agreed += mediations_agreed;
  s.patrols += patrols;
  s.inspections += inspections;
  s.hazards_found += hazards_found;
  s.micro_wishes += micro_wishes;
  s.care_visits += care_visits;
  s.people_informed += people_informed;
  for (const auto& [k, v] : by_category) s.by_category[k] += v;
  for (const auto& [k, v] : by_state) s.by_state[k] += v;
}

void FinishStats(Statistics& s, int64_t responded, int64_t response_us, int64_t resolution_us) {
  constexpr double kMicrosPerHour = 3'600'000'000.0;
  ComputeRates(s);
  s.avg_response_hours = responded ? response_us / kMicrosPerHour / responded : 0;
  s.avg_resolution_hours = s.closed ? resolution_us / kMicrosPerHour / s.closed : 0;
}

StatsBucket CaseContribution(const domain::CaseModel& m) {
  StatsBucket b;
  if (!m.exists) return b;
  const CaseView& v = m.view;
  b.filed = 1;
  b.by_category[v.category] = 1;
  b.by_state[std::string(CaseStateName(v.state, false))] = 1;
  if (v.kind == "microWish") b.micro_wishes = 1;
  if (v.state == CaseState::kClosed) {
    b.closed = 1;
    if (v.closed_on_time) b.closed_on_time = 1;
    b.resolution_us = ToMicros(v.closed_at) - ToMicros(v.filed_at);
  }
  if (v.state == CaseState::kRejected) b.rejected = 1;
  if (domain::IsOpen(v.state) && v.overdue) b.overdue_open = 1;
  if (v.first_response_at != Timestamp{}) {
    b.responded = 1;
    b.response_us = ToMicros(v.first_response_at) - ToMicros(v.filed_at);
  }
  if (v.satisfaction) {
    b.rated = 1;
    if (*v.satisfaction >= 4) b.satisfied = 1;
  }
  return b;
}

bool SameCaseContribution(const domain::CaseModel& a, const domain::CaseModel& b) {
  // Exactly the fields CaseContribution reads; keep the two side by side.
  if (a.exists != b.exists) return false;
  if (!a.exists) return true;
  const CaseView &x = a.view, &y = b.view;
  return x.state == y.state && x.closed_on_time == y.closed_on_time && x.overdue == y.overdue &&
         x.satisfaction == y.satisfaction && x.filed_at == y.filed_at &&
         x.closed_at == y.closed_at && x.first_response_at == y.first_response_at &&
         x.kind == y.kind && x.category == y.category;
}

StatsBucket MediationContribution(const MediationRecord& m) {
  StatsBucket b;
  b.mediations = 1;
  if (m.concluded) b.mediations_concluded = 1;
  if (m.concluded && m.agreed) b.mediations_agreed = 1;
  return b;
}

StatsBucket WishContribution() {
  StatsBucket b;
  b.micro_wishes = 1;
  return b;
}

StatsBucket WorkContribution(const WorkRecord& w) {
  StatsBucket b;
  if (w.type == "patrolRecorded")
    b.patrols = w.count;
  else if (w.type == "inspectionRecorded")
    b.inspections = w.count;
  else if (w.type == "hazardsFound")
    b.hazards_found = w.count;
  else if (w.type == "careVisitRecorded")
    b.care_visits = w.count;
  else if (w.type == "peopleInformed")
    b.people_informed = w.count;
  return b;
}

std::vector<std::string> BucketScopes(std::string_view grid_code) {
  std::vector<std::string> out{""};
  for (size_t len : kLevels)
    if (len < grid_code.size()) out.emplace_back(grid_code.substr(0, len));
  if (!grid_code.empty()) out.emplace_back(grid_code);
  return out;
}

bool IsBucketedScope(std::string_view scope) {
  if (scope.empty()) return true;
  for (size_t len : kLevels)
    if (scope.size() == len) return true;
  return false;
}

}  // namespace gridledger
