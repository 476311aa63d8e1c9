// `gridledger forward status`: how far a partition's JetStream stream is
// behind its log, read from both ends (the log's committed position, the
// stream's own last sequence), never from a local checkpoint.
#ifdef GRIDLEDGER_WITH_JETSTREAM
#include <filesystem>
#include <iostream>
#include <thread>

#include "commands.h"
#include "context.h"
#include "engine_context.h"
#include "gridledger/jetstream.h"
#include "gridledger/replica.h"
#include "nats_cli.h"
#include "output.h"
#include "remote_context.h"

namespace gridledger::cli {
namespace {

struct ForwardArgs {
  JetStreamOptions jetstream;
};

LogStats Stats(const GlobalOptions& options) {
  if (UsesServer(options)) return ConnectOrThrow(options)->log().Stats();
  return OpenLogOrThrow(options, Access::kReadOnly)->Stats();
}

// A primary forwards its log into the stream: the lag is what it has not
// forwarded yet, and a stream ahead of its log means the log lost events.
// A standby (its log refuses writes of its own) follows the stream: the
// stream ahead of it is what it has not followed yet.
void RunForwardStatus(const GlobalOptions& options, const ForwardArgs& args) {
  JetStreamOptions o =
      ValueOrThrow(ValidateJetStreamOptions(args.jetstream), "the JetStream options");
  const LogStats stats = Stats(options);
  const uint64_t committed = stats.committed.value;
  const bool standby = !stats.writes_refused.empty();
  JetStreamState state = FromCluster(ReadJetStreamState(o), "reading stream " + o.stream);
  const uint64_t lag = committed > state.last_sequence ? committed - state.last_sequence : 0;
  const uint64_t behind = state.last_sequence > committed ? state.last_sequence - committed : 0;
  const bool ahead = behind > 0 && !standby;
  if (options.json) {
    PrintJson(Json{{"stream", o.stream},
                   {"servers", o.servers},
                   {"role", standby ? "standby" : "primary"},
                   {"writes_refused", standby ? Json(stats.writes_refused) : Json()},
                   {"committed", committed},
                   {"forwarded", state.last_sequence},
                   {"lag", lag},
                   {"follow_lag", standby ? Json(behind) : Json()},
                   {"messages", state.messages},
                   {"bytes", state.bytes},
                   {"replicas", state.replicas},
                   {"stream_ahead_of_log", ahead}});
    return;
  }
  std::vector<std::pair<std::string, std::string>> fields = {
      {"stream", o.stream},
      {"servers", o.servers},
      {"role", standby ? "standby: follows the stream, takes no write of its own (" +
                             stats.writes_refused + ")"
                       : "primary: forwards its log into the stream"},
      {"log committed", std::to_string(committed)},
      {"stream last sequence", std::to_string(state.last_sequence)}};
  if (standby)
    fields.push_back({"follow lag (events)", std::to_string(behind)});
  else
    fields.push_back({"lag (events)", std::to_string(lag)});
  fields.insert(fields.end(), {{"messages", std::to_string(state.messages)},
                               {"bytes", std::to_string(state.bytes)},
                               {"replicas", std::to_string(state.replicas)}});
  PrintFields(std::cout, fields);
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
  auto no_wait = std::make_shared<bool>(false);
  auto* promote = forward->add_subcommand(
      "promote",
      "give the partition's lease to HOLDER (a standby), then wait until the old primary can no "
      "longer acknowledge a write (its write lease lapses within the lease bucket's TTL)");
  promote->add_option("holder", *holder, "the new holder's name")->required();
  promote->add_option("--nats", pargs->jetstream.servers, "NATS URLs, comma-separated")->required();
  promote->add_option("--district", pargs->jetstream.district, "the partition's district code")
      ->required();
  promote->add_option("--lease-bucket", pargs->jetstream.lease_bucket, "the lease bucket")
      ->default_val("GL_LEASES");
  promote->add_flag("--no-wait", *no_wait,
                    "return as soon as the lease is given (a running gridledgerd --standby waits "
                    "out the old primary itself)");
  AddNatsIdentity(promote, pargs->jetstream);
  promote->callback([&options, pargs, holder, no_wait] {
    JetStreamOptions o = pargs->jetstream;
    o.lease_holder = *holder;
    LeaseTaken taken = FromCluster(TakeJetStreamLease(o, *holder), "promoting " + *holder);
    const auto wait = *no_wait ? std::chrono::milliseconds(0) : taken.old_holder_writes_for;
    if (!options.json)
      std::cout << "the lease of " << o.district << " is now " << *holder << "'s (revision "
                << taken.revision << ")\n"
                << (*no_wait ? "the old primary may acknowledge writes for up to "
                             : "waiting until the old primary can no longer acknowledge a "
                               "write: ")
                << taken.old_holder_writes_for.count() << " ms\n"
                << std::flush;
    std::this_thread::sleep_for(wait);
    if (options.json)
      PrintJson(Json{{"district", o.district},
                     {"holder", *holder},
                     {"revision", taken.revision},
                     {"old_holder_writes_for_ms", taken.old_holder_writes_for.count()},
                     {"waited_ms", wait.count()}});
    else if (!*no_wait)
      std::cout << "the old primary takes no more writes\n";
  });
}

}  // namespace gridledger::cli
#endif
