// `gridledger forward status`: how far a partition's JetStream stream is
// behind its log, read from both ends (the log's committed position, the
// stream's own last sequence), never from a local checkpoint.
#ifdef GRIDLEDGER_WITH_JETSTREAM
#include <filesystem>
#include <iostream>

#include "commands.h"
#include "context.h"
#include "engine_context.h"
#include "gridledger/case_number.h"
#include "gridledger/jetstream.h"
#include "gridledger/replica.h"
#include "output.h"
#include "remote_context.h"

namespace gridledger::cli {
namespace {

struct ForwardArgs {
  JetStreamOptions jetstream;
};

// A call to the NATS cluster: its failure says what the cluster answered
// (unreachable, authorization, TLS), never that a data directory is busy.
template <typename T>
T FromCluster(Result<T> result, const std::string& context) {
  if (!result.ok()) throw CliError(context + ": " + result.status().message());
  return std::move(result).value();
}

// Who connects to the cluster and over what (JetStreamOptions' credentials
// and TLS), the same options on every command that talks to NATS.
void AddNatsIdentity(CLI::App* cmd, JetStreamOptions& o) {
  cmd->add_option("--nats-creds", o.credentials_file, "a NATS credentials file (JWT and NKey)");
  cmd->add_option("--nats-user", o.user, "the NATS user");
  cmd->add_option("--nats-password-file", o.password_file,
                  "a file whose first line is the NATS user's password");
  cmd->add_option("--nats-ca", o.tls_ca_file,
                  "the CA of the NATS servers' certificates (connect with TLS)");
  cmd->add_option("--nats-cert", o.tls_cert_file, "this client's TLS certificate");
  cmd->add_option("--nats-key", o.tls_key_file, "this client's TLS key");
}

uint64_t Committed(const GlobalOptions& options) {
  if (UsesServer(options)) return ConnectOrThrow(options)->log().Committed().value;
  return OpenLogOrThrow(options, Access::kReadOnly)->Committed().value;
}

void RunForwardStatus(const GlobalOptions& options, const ForwardArgs& args) {
  JetStreamOptions o =
      ValueOrThrow(ValidateJetStreamOptions(args.jetstream), "the JetStream options");
  const uint64_t committed = Committed(options);
  JetStreamState state = FromCluster(ReadJetStreamState(o), "reading stream " + o.stream);
  const uint64_t lag = committed > state.last_sequence ? committed - state.last_sequence : 0;
  const bool ahead = state.last_sequence > committed;
  if (options.json) {
    PrintJson(Json{{"stream", o.stream},
                   {"servers", o.servers},
                   {"committed", committed},
                   {"forwarded", state.last_sequence},
                   {"lag", lag},
                   {"messages", state.messages},
                   {"bytes", state.bytes},
                   {"replicas", state.replicas},
                   {"stream_ahead_of_log", ahead}});
    return;
  }
  PrintFields(std::cout, {{"stream", o.stream},
                          {"servers", o.servers},
                          {"log committed", std::to_string(committed)},
                          {"stream last sequence", std::to_string(state.last_sequence)},
                          {"lag (events)", std::to_string(lag)},
                          {"messages", std::to_string(state.messages)},
                          {"bytes", std::to_string(state.bytes)},
                          {"replicas", std::to_string(state.replicas)}});
  if (ahead)
    std::cout << "\nthe stream holds more than the log: the log is behind its stream; rebuild "
                 "the data directory from the stream before serving it\n";
}

std::string Hex(const Hash256& h) {
  static const char* digits = "0123456789abcdef";
  std::string out;
  for (uint8_t b : h) {
    out += digits[b >> 4];
    out += digits[b & 15];
  }
  return out;
}

// Rebuilds a data directory from the partition's stream alone: the same
// bytes at the same positions, so the same tail hash.
void RunForwardRestore(const GlobalOptions& options, const ForwardArgs& args,
                       const std::string& target) {
  JetStreamOptions o =
      ValueOrThrow(ValidateJetStreamOptions(args.jetstream), "the JetStream options");
  std::error_code ec;
  if (std::filesystem::exists(target, ec))
    throw CliError("restore target " + target +
                   " already exists: restore into a new directory, then point --data at it");
  JetStreamState state = FromCluster(ReadJetStreamState(o), "reading stream " + o.stream);
  std::unique_ptr<EventLog> log = ValueOrThrow(EventLog::Open(target), "creating " + target);
  ProgressBar bar("restore");
  Status s = ReadJetStream(o, Position{1}, [&](std::vector<StoredEvent> batch) {
    const Position last = batch.back().position;
    Status appended = AppendStoredEvents(*log, std::move(batch));
    bar.Update(last.value, state.last_sequence);
    return appended;
  });
  bar.Finish();
  ThrowIfError(s, "restoring from stream " + o.stream, target);
  ProgressBar vbar("verify");
  auto report =
      ValueOrThrow(log->Verify([&](Position d, Position t) { vbar.Update(d.value, t.value); }),
                   "verifying the restored log");
  vbar.Finish();
  if (!report.ok())
    throw CliError("the restored log in " + target + " does not verify: " + report.problem);
  const Position committed = log->Committed();
  std::string tail_hash;
  if (committed.value > 0) {
    auto last = ValueOrThrow(log->ReadAll(committed, 1), "reading the last event");
    if (!last.empty()) tail_hash = Hex(last.front().hash);
  }
  if (options.json) {
    PrintJson(Json{{"target", target},
                   {"stream", o.stream},
                   {"events", committed.value},
                   {"tailHash", tail_hash}});
    return;
  }
  PrintFields(std::cout, {{"restored", target},
                          {"from stream", o.stream},
                          {"events", std::to_string(committed.value)},
                          {"hash chain", "ok"},
                          {"tail hash", tail_hash}});
}

struct CityArgs {
  std::string servers;
  std::vector<std::string> districts;
  std::string cache;
  std::string subject_prefix = "gridledger";
  JetStreamOptions identity;  // credentials and TLS only
  Filters filters;
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

Json StatsJson(const std::string& scope, const Statistics& s, uint64_t position) {
  Json j = {{"scope", scope},
            {"position", position},
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
            {"closedRate", s.closed_rate},
            {"onTimeRate", s.on_time_rate},
            {"satisfactionRate", s.satisfaction_rate},
            {"mediationSuccessRate", s.mediation_success_rate}};
  j["byCategory"] = s.by_category;
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

// A city's statistics from its partitions' streams alone: each stream is
// followed into a local replica under --cache (idempotent by position:
// AppendStoredEvents takes only what follows on, so a rerun resumes where
// the replica ends), whose read models are the engine's own; the city's
// figures are the sums of the partitions' counts.
void RunCityStats(const GlobalOptions& options, const CityArgs& args) {
  if (args.districts.empty()) throw CliError("name the city's partitions with --district", 2);
  Statistics total;
  Json partitions = Json::array();
  Table table(
      {"partition", "position", "filed", "closed", "办结率", "按期办结率", "满意率", "调解成功率"});
  auto row = [&](const std::string& name, const Statistics& s, uint64_t position) {
    table.Add({name, std::to_string(position), std::to_string(s.filed), std::to_string(s.closed),
               FormatPercent(s.closed_rate), FormatPercent(s.on_time_rate),
               FormatPercent(s.satisfaction_rate), FormatPercent(s.mediation_success_rate)});
  };
  for (const std::string& district : args.districts) {
    JetStreamOptions o = PartitionStream(args, district);
    const std::string replica = FollowIntoReplica(args, o);
    GlobalOptions local = options;
    local.data_dir = replica;
    auto engine = OpenEngineOrThrow(local, Access::kReadOnly);
    Statistics st = ValueOrThrow(
        engine->Stats(CliActor(), args.filters.Scope(), args.filters.From(), args.filters.To()),
        "statistics of " + o.stream);
    const uint64_t position = engine->log().Committed().value;
    Sum(total, st);
    partitions.push_back(StatsJson(district, st, position));
    row(district, st, position);
  }
  if (options.json) {
    PrintJson(Json{{"partitions", partitions}, {"total", StatsJson("", total, 0)}});
    return;
  }
  row("city 合计", total, 0);
  table.Print(std::cout);
}

}  // namespace

void RegisterForwardCommands(CLI::App& app, GlobalOptions& options) {
  auto* forward = app.add_subcommand("forward", "the partition's copy in NATS JetStream");
  forward->require_subcommand(1, 1);
  auto args = std::make_shared<ForwardArgs>();
  auto* status = forward->add_subcommand(
      "status", "committed position, the stream's last sequence and the lag between them");
  status->add_option("--nats", args->jetstream.servers, "NATS URLs, comma-separated")->required();
  status->add_option("--district", args->jetstream.district, "the partition's district code")
      ->required();
  status->add_option("--stream", args->jetstream.stream, "the stream (default: GL_DISTRICT)");
  status->add_option("--subject-prefix", args->jetstream.subject_prefix, "first subject token(s)")
      ->capture_default_str();
  AddNatsIdentity(status, args->jetstream);
  status->callback([&options, args] { RunForwardStatus(options, *args); });

  auto rargs = std::make_shared<ForwardArgs>();
  auto target = std::make_shared<std::string>();
  auto* restore = forward->add_subcommand(
      "restore",
      "rebuild a lost partition's data directory from its stream alone (same events, same tail "
      "hash)");
  restore->add_option("target", *target, "the new data directory")->required();
  restore->add_option("--nats", rargs->jetstream.servers, "NATS URLs, comma-separated")->required();
  restore->add_option("--district", rargs->jetstream.district, "the partition's district code")
      ->required();
  restore->add_option("--stream", rargs->jetstream.stream, "the stream (default: GL_DISTRICT)");
  restore->add_option("--subject-prefix", rargs->jetstream.subject_prefix, "first subject token(s)")
      ->capture_default_str();
  AddNatsIdentity(restore, rargs->jetstream);
  restore->callback([&options, rargs, target] { RunForwardRestore(options, *rargs, *target); });

  auto pargs = std::make_shared<ForwardArgs>();
  auto holder = std::make_shared<std::string>();
  auto* promote = forward->add_subcommand(
      "promote",
      "give the partition's lease to HOLDER (a standby): the old primary fences itself at its "
      "next renewal");
  promote->add_option("holder", *holder, "the new holder's name")->required();
  promote->add_option("--nats", pargs->jetstream.servers, "NATS URLs, comma-separated")->required();
  promote->add_option("--district", pargs->jetstream.district, "the partition's district code")
      ->required();
  promote->add_option("--lease-bucket", pargs->jetstream.lease_bucket, "the lease bucket")
      ->default_val("GL_LEASES");
  AddNatsIdentity(promote, pargs->jetstream);
  promote->callback([&options, pargs, holder] {
    JetStreamOptions o = pargs->jetstream;
    o.lease_holder = *holder;
    uint64_t revision = FromCluster(TakeJetStreamLease(o, *holder), "promoting " + *holder);
    if (options.json)
      PrintJson(Json{{"district", o.district}, {"holder", *holder}, {"revision", revision}});
    else
      std::cout << "the lease of " << o.district << " is now " << *holder << "'s (revision "
                << revision << ")\n";
  });

  auto city = app.add_subcommand("city", "a city's figures from its partitions' JetStream streams");
  city->require_subcommand(1, 1);
  auto cargs = std::make_shared<CityArgs>();
  auto* cstats = city->add_subcommand(
      "stats", "statistics summed over partitions (办结率, 按期办结率, 满意率, 调解成功率)");
  cstats->add_option("--nats", cargs->servers, "NATS URLs, comma-separated")->required();
  cstats->add_option("--district", cargs->districts, "a partition's district code (repeatable)")
      ->required();
  cstats
      ->add_option("--cache", cargs->cache,
                   "directory of the partitions' local replicas (kept: reruns catch up)")
      ->required();
  cstats->add_option("--subject-prefix", cargs->subject_prefix, "first subject token(s)")
      ->capture_default_str();
  AddNatsIdentity(cstats, cargs->identity);
  cargs->filters.Register(cstats, /*with_state=*/false);
  cstats->callback([&options, cargs] { RunCityStats(options, *cargs); });

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
  cshow->callback([&options, sargs, case_id] { RunCityShow(options, *sargs, *case_id); });
}

}  // namespace gridledger::cli
#endif
