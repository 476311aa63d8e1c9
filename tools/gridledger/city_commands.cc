// `gridledger city stats|show|queue|ledger`: a city's view of its
// partitions, built from their JetStream streams alone. Each partition's
// stream is followed into a local replica under --cache (idempotent by
// (partition, position): AppendStoredEvents takes only what follows on, so
// a rerun resumes where the replica ends), and the replica is read with the
// engine's own projection code. Personal data never leaves a partition:
// the replicas have no person keys, so names and phones stay sealed.
#ifdef GRIDLEDGER_WITH_JETSTREAM
#include <algorithm>
#include <filesystem>
#include <functional>
#include <iostream>

#include "commands.h"
#include "context.h"
#include "engine_context.h"
#include "event_fields.h"
#include "gridledger/case_number.h"
#include "gridledger/jetstream.h"
#include "gridledger/replica.h"
#include "nats_cli.h"
#include "output.h"
#include "time_format.h"

namespace gridledger::cli {
namespace {

struct CityArgs {
  std::string servers;
  std::vector<std::string> districts;
  std::string cache;
  std::string subject_prefix = "gridledger";
  JetStreamOptions identity;  // credentials and TLS only
  Filters filters;
  bool no_streets = false;  // city stats: not each partition's streets beneath it
};

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

JetStreamOptions PartitionStream(const CityArgs& args, const std::string& district) {
  JetStreamOptions o = args.identity;
  o.servers = args.servers;
  o.district = district;
  o.subject_prefix = args.subject_prefix;
  return ValueOrThrow(ValidateJetStreamOptions(o), "the JetStream options");
}

// Brings the partition's local replica under --cache up to its stream's
// last sequence (idempotent by position: AppendStoredEvents takes only what
// follows on, so a rerun resumes where the replica ends); returns its path.
std::string FollowIntoReplica(const CityArgs& args, const JetStreamOptions& o) {
  const std::string replica = (std::filesystem::path(args.cache) / o.stream).string();
  auto log = ValueOrThrow(EventLog::Open(replica), "opening the replica " + replica);
  Status s = ReadJetStream(
      o, Position{log->Committed().value + 1},
      [&](std::vector<StoredEvent> batch) { return AppendStoredEvents(*log, std::move(batch)); });
  ThrowIfError(s, "following stream " + o.stream, replica);
  return replica;
}

// Routing: a partitioned case number names its partition, so the case is
// looked up in that partition's replica alone (its stream followed first).
void RunCityShow(const GlobalOptions& options, const CityArgs& args, const std::string& case_id) {
  auto number = ParseCaseNumber(case_id);
  if (!number) throw CliError("\"" + case_id + "\" is not a case number", kExitUsage);
  if (number->partition.empty())
    throw CliError(case_id +
                       " carries no partition (a store from before partitions were named): look it "
                       "up in its street office's store with `gridledger show`",
                   kExitUsage);
  GlobalOptions local = options;
  local.data_dir = FollowIntoReplica(args, PartitionStream(args, number->partition));
  RunCaseShow(local, case_id);
}

// Runs `each` on every partition named with --district, in order, with
// the engine opened read-only on its replica brought up to date.
void ForEachPartition(
    const GlobalOptions& options, const CityArgs& args,
    const std::function<void(const std::string& district, Engine& engine)>& each) {
  if (args.districts.empty()) throw CliError("name the city's partitions with --district", 2);
  for (const std::string& district : args.districts) {
    GlobalOptions local = options;
    local.data_dir = FollowIntoReplica(args, PartitionStream(args, district));
    auto engine = OpenEngineOrThrow(local, Access::kReadOnly);
    each(district, *engine);
  }
}

Json TimeOrNull(Timestamp t) { return ToMicros(t) == 0 ? Json() : Json(tools::FormatIso(t)); }

// The city's queue of cases that need attention: every open case, across
// the partitions, that is overdue, warned of its deadline, or escalated
// above its grid; overdue first, then by deadline.
void RunCityQueue(const GlobalOptions& options, const CityArgs& args) {
  struct Row {
    std::string district;
    QueueItem item;
    AssigneeLevel level;
  };
  std::vector<Row> rows;
  ForEachPartition(options, args, [&](const std::string& district, Engine& engine) {
    auto items = ValueOrThrow(engine.WorkQueue(CliActor(), args.filters.Scope()),
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
  if (options.json) {
    Json out = Json::array();
    for (const auto& r : rows)
      out.push_back({{"partition", r.district},
                     {"caseId", r.item.case_id},
                     {"state", StateKey(r.item.state)},
                     {"level", std::string(EnumName(r.level))},
                     {"deadline", TimeOrNull(r.item.deadline)},
                     {"overdue", r.item.overdue},
                     {"warned", r.item.warned},
                     {"assignee", r.item.assignee},
                     {"category", r.item.category}});
    PrintJson(out);
    return;
  }
  Table table({"partition", "案件 case", "状态 state", "层级 level", "时限 deadline", "",
               "承办 assignee", "类别 category"});
  for (const auto& r : rows)
    table.Add({r.district, r.item.case_id, std::string(CaseStateName(r.item.state, true)),
               std::string(EnumName(r.level)), tools::FormatShort(r.item.deadline),
               r.item.overdue  ? "超期"
               : r.item.warned ? "预警"
                               : "",
               r.item.assignee, r.item.category});
  table.Print(std::cout);
  std::cout << rows.size() << " open cases overdue, warned or escalated, overdue first\n";
}

// The city's ledger (台账) for a period: every partition's entries, each
// with its partition, in the order they were filed.
void RunCityLedger(const GlobalOptions& options, const CityArgs& args) {
  struct Row {
    std::string district;
    LedgerEntry entry;
  };
  std::vector<Row> rows;
  ForEachPartition(options, args, [&](const std::string& district, Engine& engine) {
    auto entries = ValueOrThrow(
        engine.Ledger(CliActor(), args.filters.Scope(), args.filters.From(), args.filters.To()),
        "the ledger of partition " + district);
    for (auto& e : entries) rows.push_back({district, std::move(e)});
  });
  std::stable_sort(rows.begin(), rows.end(), [](const Row& a, const Row& b) {
    return ToMicros(a.entry.filed_at) < ToMicros(b.entry.filed_at);
  });
  if (options.json) {
    Json out = Json::array();
    for (const auto& r : rows)
      out.push_back({{"partition", r.district},
                     {"caseId", r.entry.case_id},
                     {"gridCode", r.entry.grid_code},
                     {"category", r.entry.category},
                     {"state", StateKey(r.entry.state)},
                     {"filedAt", TimeOrNull(r.entry.filed_at)},
                     {"closedAt", TimeOrNull(r.entry.closed_at)},
                     {"closedOff", r.entry.closed_off},
                     {"onTime", r.entry.on_time}});
    PrintJson(out);
    return;
  }
  Table table({"序号", "partition", "案件编号", "网格", "类别", "状态", "受理时间", "办结时间",
               "销号", "按期"});
  size_t n = 0;
  for (const auto& r : rows) {
    const LedgerEntry& e = r.entry;
    table.Add({std::to_string(++n), r.district, e.case_id, e.grid_code, e.category,
               std::string(CaseStateName(e.state, true)), tools::FormatShort(e.filed_at),
               tools::FormatShort(e.closed_at), e.closed_off ? "是" : "否",
               e.closed_off ? (e.on_time ? "是" : "否") : "-"});
  }
  table.Print(std::cout);
  std::cout << n << " 件 across " << args.districts.size() << " partitions\n";
}

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

// A city's statistics from its partitions' streams alone: each partition's
// figures, each of its streets' beneath it (the partition's own Stats over
// the street's code), and the city's sums; rates recomputed from the summed
// counts, never averaged.
void RunCityStats(const GlobalOptions& options, const CityArgs& args) {
  Statistics total;
  Json partitions = Json::array();
  Table table({"partition / street", "position", "filed", "closed", "办结率", "按期办结率",
               "满意率", "调解成功率"});
  auto row = [&](const std::string& name, const Statistics& s, const std::string& position) {
    table.Add({name, position, std::to_string(s.filed), std::to_string(s.closed),
               FormatPercent(s.closed_rate), FormatPercent(s.on_time_rate),
               FormatPercent(s.satisfaction_rate), FormatPercent(s.mediation_success_rate)});
  };
  const std::string scope = args.filters.Scope();
  ForEachPartition(options, args, [&](const std::string& district, Engine& engine) {
    auto stats = [&](const std::string& code, const std::string& what) {
      return ValueOrThrow(engine.Stats(CliActor(), code, args.filters.From(), args.filters.To()),
                          "statistics of " + what);
    };
    const Statistics st = stats(scope, "partition " + district);
    const uint64_t position = engine.log().Committed().value;
    Sum(total, st);
    row(district, st, std::to_string(position));
    Json streets = Json::array();
    if (!args.no_streets) {
      for (const GridInfo& street : StreetsWithin(engine, scope)) {
        const Statistics ss = stats(street.code, "street " + street.code);
        Json j = StatsJson(street.code, ss, position);
        j["name"] = street.name;
        streets.push_back(std::move(j));
        row("  " + street.code + " " + street.name, ss, "");
      }
    }
    Json j = StatsJson(district, st, position);
    if (!args.no_streets) j["streets"] = std::move(streets);
    partitions.push_back(std::move(j));
  });
  if (options.json) {
    PrintJson(Json{{"partitions", partitions}, {"total", StatsJson("", total, 0)}});
    return;
  }
  row("city 合计", total, "");
  table.Print(std::cout);
}

}  // namespace

void RegisterCityCommands(CLI::App& app, GlobalOptions& options) {
  auto city = app.add_subcommand("city", "a city's figures from its partitions' JetStream streams");
  city->require_subcommand(1, 1);
  // A city view over the partitions named with --district.
  auto add_city_view = [&](const char* name, const char* help) {
    auto a = std::make_shared<CityArgs>();
    auto* c = city->add_subcommand(name, help);
    c->add_option("--nats", a->servers, "NATS URLs, comma-separated")->required();
    c->add_option("--district", a->districts, "a partition's district code (repeatable)")
        ->required();
    c->add_option("--cache", a->cache,
                  "directory of the partitions' local replicas (kept: reruns catch up)")
        ->required();
    c->add_option("--subject-prefix", a->subject_prefix, "first subject token(s)")
        ->capture_default_str();
    AddNatsIdentity(c, a->identity);
    return std::make_pair(c, a);
  };
  auto [cstats, cargs] = add_city_view(
      "stats", "statistics summed over partitions (办结率, 按期办结率, 满意率, 调解成功率)");
  cargs->filters.Register(cstats, /*with_state=*/false);
  cstats->add_flag("--no-streets", cargs->no_streets,
                   "only each partition's figures, not its streets' beneath it");
  cstats->callback([&options, cargs = cargs] { RunCityStats(options, *cargs); });

  auto sargs = std::make_shared<CityArgs>();
  auto case_id = std::make_shared<std::string>();
  auto* cshow = city->add_subcommand(
      "show",
      "one case, found by its number alone: case-411302-… is looked up in partition 411302's "
      "stream");
  cshow->add_option("case", *case_id, "the case number, e.g. case-411302-20261201-0001")
      ->required();
  cshow->add_option("--nats", sargs->servers, "NATS URLs, comma-separated")->required();
  cshow
      ->add_option("--cache", sargs->cache,
                   "directory of the partitions' local replicas (kept: reruns catch up)")
      ->required();
  cshow->add_option("--subject-prefix", sargs->subject_prefix, "first subject token(s)")
      ->capture_default_str();
  AddNatsIdentity(cshow, sargs->identity);
  auto [cqueue, qargs] = add_city_view(
      "queue", "the open cases across partitions that are overdue, warned or escalated");
  qargs->filters.Register(cqueue, /*with_state=*/false, /*with_time=*/false);
  cqueue->callback([&options, qargs = qargs] { RunCityQueue(options, *qargs); });
  auto [cledger, largs] =
      add_city_view("ledger", "the ledger (台账) of every partition, in the order filed");
  largs->filters.Register(cledger, /*with_state=*/false);
  cledger->callback([&options, largs = largs] { RunCityLedger(options, *largs); });

  cshow->callback([&options, sargs, case_id] { RunCityShow(options, *sargs, *case_id); });
}

}  // namespace gridledger::cli
#endif
