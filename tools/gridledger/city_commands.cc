// `gridledger city stats|show|queue|ledger|serve`: a city's view of its
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

#include "city_args.h"
#include "city_views.h"
#include "commands.h"
#include "context.h"
#include "engine_context.h"
#include "gridledger/case_number.h"
#include "gridledger/jetstream.h"
#include "gridledger/replica.h"
#include "nats_cli.h"
#include "output.h"

namespace gridledger::cli {
namespace {

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

// The partitions named with --district, each replica brought up to date
// and opened read-only when visited.
CityPartitions Partitions(const GlobalOptions& options, const CityArgs& args) {
  if (args.districts.empty()) throw CliError("name the city's partitions with --district", 2);
  return [&options, &args](const PartitionVisitor& each) {
    for (const std::string& district : args.districts) {
      GlobalOptions local = options;
      local.data_dir = FollowIntoReplica(args, PartitionStream(args, district));
      auto engine = OpenEngineOrThrow(local, Access::kReadOnly);
      each(district, *engine);
    }
  };
}

void RunCityQueue(const GlobalOptions& options, const CityArgs& args) {
  Table table({"partition", "案件 case", "状态 state", "层级 level", "时限 deadline", "",
               "承办 assignee", "类别 category"});
  Json rows = CityQueue(Partitions(options, args), args.filters, &table);
  if (options.json) {
    PrintJson(rows);
    return;
  }
  table.Print(std::cout);
  std::cout << rows.size() << " open cases overdue, warned or escalated, overdue first\n";
}

void RunCityLedger(const GlobalOptions& options, const CityArgs& args) {
  Table table({"序号", "partition", "案件编号", "网格", "类别", "状态", "受理时间", "办结时间",
               "销号", "按期"});
  Json rows = CityLedger(Partitions(options, args), args.filters, &table);
  if (options.json) {
    PrintJson(rows);
    return;
  }
  table.Print(std::cout);
  std::cout << rows.size() << " 件 across " << args.districts.size() << " partitions\n";
}

// A city's statistics from its partitions' streams alone: each partition's
// figures, each of its streets' beneath it (the partition's own Stats over
// the street's code), and the city's sums.
void RunCityStats(const GlobalOptions& options, const CityArgs& args) {
  Table table({"partition / street", "position", "filed", "closed", "办结率", "按期办结率",
               "满意率", "调解成功率"});
  Json stats = CityStats(Partitions(options, args), args.filters, args.no_streets, &table);
  if (options.json) {
    PrintJson(stats);
    return;
  }
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

  auto [cserve, vargs] = add_city_view(
      "serve",
      "keep the partitions' replicas following their streams live and serve the city's views "
      "over HTTP (GET /city/stats, /city/queue, /city/ledger, /city/partitions, /metrics)");
  cserve->add_option("--listen", vargs->listen, "HTTP address (host:port; port 0 picks a free one)")
      ->capture_default_str();
  cserve->callback([vargs = vargs] { RunCityServe(*vargs); });
}

}  // namespace gridledger::cli
#endif
