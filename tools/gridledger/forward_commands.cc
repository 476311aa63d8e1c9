// `gridledger forward status`: how far a partition's JetStream stream is
// behind its log, read from both ends (the log's committed position, the
// stream's own last sequence), never from a local checkpoint.
#ifdef GRIDLEDGER_WITH_JETSTREAM
#include <iostream>

#include "commands.h"
#include "context.h"
#include "gridledger/jetstream.h"
#include "output.h"
#include "remote_context.h"

namespace gridledger::cli {
namespace {

struct ForwardArgs {
  JetStreamOptions jetstream;
};

uint64_t Committed(const GlobalOptions& options) {
  if (UsesServer(options)) return ConnectOrThrow(options)->log().Committed().value;
  return OpenLogOrThrow(options, Access::kReadOnly)->Committed().value;
}

void RunForwardStatus(const GlobalOptions& options, const ForwardArgs& args) {
  JetStreamOptions o =
      ValueOrThrow(ValidateJetStreamOptions(args.jetstream), "the JetStream options");
  const uint64_t committed = Committed(options);
  JetStreamState state = ValueOrThrow(ReadJetStreamState(o), "reading stream " + o.stream);
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
  status->callback([&options, args] { RunForwardStatus(options, *args); });
}

}  // namespace gridledger::cli
#endif
