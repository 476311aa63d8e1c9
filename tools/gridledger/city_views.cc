// The city's views across partitions (city_views.h).
#ifdef GRIDLEDGER_WITH_JETSTREAM
#include "city_views.h"

#include <algorithm>

#include "event_fields.h"
#include "time_format.h"

namespace gridledger::cli {
namespace {

void Sum(Statistics& total, const Statistics& s) {
  total.filed += s.filed;
  total.closed += s.closed;
  total.closed_on_time += s.closed_on_time;
  total.rejected += s.rejected;
  total.overdue_open += s.overdue_open;
  total.rated += s.rated;
  total.satisfied += s.satisfied;
  total.mediations += s.mediations;
  total.mediations_concluded += s.mediations_concluded;
  total.mediations_agreed += s.mediations_agreed;
  total.patrols += s.patrols;
  total.inspections += s.inspections;
  total.hazards_found += s.hazards_found;
  total.micro_wishes += s.micro_wishes;
  total.care_visits += s.care_visits;
  total.people_informed += s.people_informed;
  for (const auto& [k, n] : s.by_category) total.by_category[k] += n;
  for (const auto& [k, n] : s.by_state) total.by_state[k] += n;
  // The rates of a sum are the rates of the summed counts.
  ComputeRates(total);
}

// A partition's (or the city's) statistics as `stats --json` prints them,
// with the position of the log they reflect. The city's total has no
// average times: they cannot be summed from the partitions' averages.
Json StatsJson(const std::string& scope, const Statistics& s, uint64_t position) {
  Json j = StatisticsToJson(s);
  j["scope"] = scope;
  j["position"] = position;
  if (scope.empty()) j["avgResponseHours"] = j["avgResolutionHours"] = Json();
  return j;
}

Json TimeOrNull(Timestamp t) { return ToMicros(t) == 0 ? Json() : Json(tools::FormatIso(t)); }

// The streets of a partition's registry that lie within `scope` ("" = all;
// a scope below a street has none), in code order.
std::vector<GridInfo> StreetsWithin(const Engine& engine, const std::string& scope) {
  std::vector<GridInfo> streets;
  for (GridInfo& g : engine.Grids())
    if (g.kind == GridKind::kStreet && g.code.starts_with(scope)) streets.push_back(std::move(g));
  std::sort(streets.begin(), streets.end(),
            [](const GridInfo& a, const GridInfo& b) { return a.code < b.code; });
  return streets;
}

}  // namespace

Json CityStats(const CityPartitions& partitions, const Filters& filters, bool no_streets,
               Table* table) {
  Statistics total;
  Json out = Json::array();
  auto row = [&](const std::string& name, const Statistics& s, const std::string& position) {
    if (table == nullptr) return;
    table->Add({name, position, std::to_string(s.filed), std::to_string(s.closed),
                FormatPercent(s.closed_rate), FormatPercent(s.on_time_rate),
                FormatPercent(s.satisfaction_rate), FormatPercent(s.mediation_success_rate)});
  };
  const std::string scope = filters.Scope();
  partitions([&](const std::string& district, Engine& engine) {
    auto stats = [&](const std::string& code, const std::string& what) {
      return ValueOrThrow(engine.Stats(CliActor(), code, filters.From(), filters.To()),
                          "statistics of " + what);
    };
    const uint64_t position = engine.log().Committed().value;
    const Statistics st = stats(scope, "partition " + district);
    Sum(total, st);
    row(district, st, std::to_string(position));
    Json streets = Json::array();
    if (!no_streets) {
      for (const GridInfo& street : StreetsWithin(engine, scope)) {
        const Statistics ss = stats(street.code, "street " + street.code);
        Json j = StatsJson(street.code, ss, position);
        j["name"] = street.name;
        streets.push_back(std::move(j));
        row("  " + street.code + " " + street.name, ss, "");
      }
    }
    Json j = StatsJson(district, st, position);
    if (!no_streets) j["streets"] = std::move(streets);
    out.push_back(std::move(j));
  });
  row("city 合计", total, "");
  return Json{{"partitions", out}, {"total", StatsJson("", total, 0)}};
}

Json CityQueue(const CityPartitions& partitions, const Filters& filters, Table* table) {
  struct Row {
    std::string district;
    QueueItem item;
    AssigneeLevel level;
  };
  std::vector<Row> rows;
  partitions([&](const std::string& district, Engine& engine) {
    auto items = ValueOrThrow(engine.WorkQueue(CliActor(), filters.Scope()),
                              "the work queue of partition " + district);
    for (auto& q : items) {
      auto view = ValueOrThrow(engine.GetCase(CliActor(), q.case_id), "case " + q.case_id);
      if (!q.overdue && !q.warned && view.level == AssigneeLevel::kGrid) continue;
      rows.push_back({district, std::move(q), view.level});
    }
  });
  std::stable_sort(rows.begin(), rows.end(), [](const Row& a, const Row& b) {
    if (a.item.overdue != b.item.overdue) return a.item.overdue;
    return ToMicros(a.item.deadline) < ToMicros(b.item.deadline);
  });
  Json out = Json::array();
  for (const auto& r : rows) {
    out.push_back({{"partition", r.district},
                   {"caseId", r.item.case_id},
                   {"state", StateKey(r.item.state)},
                   {"level", std::string(EnumName(r.level))},
                   {"deadline", TimeOrNull(r.item.deadline)},
                   {"overdue", r.item.overdue},
                   {"warned", r.item.warned},
                   {"assignee", r.item.assignee},
                   {"category", r.item.category}});
    if (table != nullptr)
      table->Add({r.district, r.item.case_id, std::string(CaseStateName(r.item.state, true)),
                  std::string(EnumName(r.level)), tools::FormatShort(r.item.deadline),
                  r.item.overdue  ? "超期"
                  : r.item.warned ? "预警"
                                  : "",
                  r.item.assignee, r.item.category});
  }
  return out;
}

Json CityLedger(const CityPartitions& partitions, const Filters& filters, Table* table) {
  struct Row {
    std::string district;
    LedgerEntry entry;
  };
  std::vector<Row> rows;
  partitions([&](const std::string& district, Engine& engine) {
    auto entries =
        ValueOrThrow(engine.Ledger(CliActor(), filters.Scope(), filters.From(), filters.To()),
                     "the ledger of partition " + district);
    for (auto& e : entries) rows.push_back({district, std::move(e)});
  });
  std::stable_sort(rows.begin(), rows.end(), [](const Row& a, const Row& b) {
    return ToMicros(a.entry.filed_at) < ToMicros(b.entry.filed_at);
  });
  Json out = Json::array();
  size_t n = 0;
  for (const auto& r : rows) {
    const LedgerEntry& e = r.entry;
    out.push_back({{"partition", r.district},
                   {"caseId", e.case_id},
                   {"gridCode", e.grid_code},
                   {"category", e.category},
                   {"state", StateKey(e.state)},
                   {"filedAt", TimeOrNull(e.filed_at)},
                   {"closedAt", TimeOrNull(e.closed_at)},
                   {"closedOff", e.closed_off},
                   {"onTime", e.on_time}});
    if (table != nullptr)
      table->Add({std::to_string(++n), r.district, e.case_id, e.grid_code, e.category,
                  std::string(CaseStateName(e.state, true)), tools::FormatShort(e.filed_at),
                  tools::FormatShort(e.closed_at), e.closed_off ? "是" : "否",
                  e.closed_off ? (e.on_time ? "是" : "否") : "-"});
  }
  return out;
}

}  // namespace gridledger::cli
#endif
