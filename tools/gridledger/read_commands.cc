// read STREAM and tail: the raw log, as a table or JSON Lines (--json).
#include <algorithm>
#include <atomic>
#include <csignal>
#include <iostream>
#include <memory>
#include <mutex>
#include <thread>

#include "commands.h"
#include "event_json.h"
#include "output.h"
#include "time_format.h"

namespace gridledger::cli {
namespace {

std::atomic<bool> g_stop{false};
extern "C" void OnStopSignal(int) { g_stop.store(true); }

// A compact one-line summary of the payload, cut to about `max` columns.
std::string Summary(const RecordedEvent& e, size_t max = 70) {
  std::string text = DumpJson(PayloadToJson(e.payload));
  if (DisplayWidth(text) <= max) return text;
  std::string out;
  size_t width = 0;
  for (size_t i = 0; i < text.size();) {
    size_t len = 1;
    auto b = static_cast<unsigned char>(text[i]);
    if (b >= 0xF0)
      len = 4;
    else if (b >= 0xE0)
      len = 3;
    else if (b >= 0xC0)
      len = 2;
    std::string ch = text.substr(i, len);
    width += DisplayWidth(ch);
    if (width > max - 1) break;
    out += ch;
    i += len;
  }
  return out + "…";
}

std::vector<std::string> Row(const RecordedEvent& e) {
  return {std::to_string(e.position.value),
          e.stream.value + "@" + std::to_string(e.version.value),
          tools::FormatShort(e.recorded_at),
          PayloadTypeName(e.payload),
          e.actor,
          Summary(e)};
}

const std::vector<std::string> kHeader = {"pos",  "stream@version", "recorded",
                                          "type", "actor",          "data"};

void PrintEvents(const GlobalOptions& options, const std::vector<RecordedEvent>& events) {
  if (options.json) {
    for (const auto& e : events) std::cout << DumpJson(RecordedEventToJson(e)) << '\n';
    return;
  }
  Table table(kHeader);
  for (const auto& e : events) table.Add(Row(e));
  table.Print(std::cout);
}

// --since TEXT as a time; a usage error naming the accepted forms.
Timestamp ParseSince(const std::string& text) {
  auto t = tools::ParseIso(text);
  if (!t)
    throw CliError(
        "--since takes a time such as 2026-11-23T08:00 (China time), "
        "2026-11-23T00:00:00Z or 2026-11-23, not \"" +
            text + "\"",
        kExitUsage);
  return *t;
}

struct ReadArgs {
  std::string stream;
  std::string since;
  uint64_t from = 0;
  size_t limit = 1000;
  bool backward = false;
};

void RunRead(const GlobalOptions& options, const ReadArgs& args) {
  if (Status s = StreamId::Validate(args.stream); !s.ok())
    throw CliError("bad stream name: " + s.message(), kExitUsage);
  if (!args.since.empty() && (args.from || args.backward))
    throw CliError("--since cannot be combined with --from or --backward", kExitUsage);
  auto log = OpenLogOrThrow(options, Access::kReadOnly);
  StreamVersion from{args.from ? args.from : (args.backward ? UINT64_MAX : 1)};
  if (!args.since.empty())
    from = ValueOrThrow(log->SeekStreamTime(StreamId{args.stream}, ParseSince(args.since)),
                        "finding " + args.since + " in stream " + args.stream);
  auto events = ValueOrThrow(
      log->ReadStream(StreamId{args.stream}, from,
                      args.backward ? ReadDirection::kBackward : ReadDirection::kForward,
                      args.limit),
      "reading stream " + args.stream);
  if (events.empty() && !options.json) {
    std::cerr << "stream " << args.stream << " has no events"
              << (args.from ? " from version " + std::to_string(args.from) : "")
              << (args.since.empty() ? "" : " recorded since " + args.since) << '\n';
    return;
  }
  PrintEvents(options, events);
}

struct TailArgs {
  std::vector<std::string> types, grids, stream_prefixes;
  std::string since;
  uint64_t from = 0;
  size_t count = 10;
  bool count_given = false;  // -n given explicitly
  bool follow = false;
  uint64_t max = 0;
};

// "a,b" and repeated options as one list.
std::vector<std::string> Split(const std::vector<std::string>& values, const char* option) {
  std::vector<std::string> out;
  for (const auto& v : values) {
    if (v.find_first_not_of(", ") == std::string::npos)
      throw CliError(std::string(option) + " needs a value, e.g. " + option + " caseFiled",
                     kExitUsage);
    size_t start = 0;
    for (size_t comma; (comma = v.find(',', start)) != std::string::npos; start = comma + 1)
      if (comma > start) out.push_back(v.substr(start, comma - start));
    if (start < v.size()) out.push_back(v.substr(start));
  }
  return out;
}

void RunTail(const GlobalOptions& options, const TailArgs& args) {
  if (!args.since.empty() && args.from)
    throw CliError("--since cannot be combined with --from", kExitUsage);
  EventFilter filter;
  filter.types = Split(args.types, "--type");
  filter.grid_codes = Split(args.grids, "--grid");
  filter.stream_prefixes = Split(args.stream_prefixes, "--stream-prefix");
  auto log = OpenLogOrThrow(options, args.follow ? Access::kReadWrite : Access::kReadOnly);
  Position committed = log->Committed();
  Position from{args.from};
  const bool from_given = args.from != 0 || !args.since.empty();
  if (!args.since.empty())
    from = ValueOrThrow(log->SeekTime(ParseSince(args.since)),
                        "finding " + args.since + " in the log");
  else if (args.from == 0)
    from = Position{committed.value > args.count ? committed.value - args.count + 1 : 1};
  if (!args.follow) {
    // Without --from/--since the window is the last -n events; the filter
    // picks among them. With one, every match from there (or -n of them).
    size_t limit = from_given && !args.count_given ? SIZE_MAX : args.count;
    Position end = committed;
    std::vector<RecordedEvent> events;
    while (events.size() < limit && from <= end) {
      size_t batch = std::min<size_t>(limit - events.size(), 4096);
      auto more = ValueOrThrow(log->ReadFiltered(from, batch, filter), "reading the log");
      for (auto& e : more.events)
        if (e.position <= end) events.push_back(std::move(e));
      if (more.examined_to < from) break;
      from = Position{more.examined_to.value + 1};
    }
    PrintEvents(options, events);
    return;
  }
  // Follow: a catch-up subscription prints history, then live events, until
  // SIGINT/SIGTERM or --max events.
  std::signal(SIGINT, OnStopSignal);
  std::signal(SIGTERM, OnStopSignal);
  std::mutex mu;
  std::atomic<uint64_t> printed{0};
  if (!options.json) {
    std::cout << "following the log from position " << from.value << " (Ctrl-C to stop)\n"
              << std::flush;
  }
  SubscriptionOptions sub_options;
  sub_options.start = from;
  sub_options.filter = filter;
  auto sub = ValueOrThrow(log->Subscribe(sub_options,
                                         [&](const RecordedEvent& e) -> Status {
                                           std::lock_guard lock(mu);
                                           if (args.max && printed.load() >= args.max)
                                             return Status::Ok();
                                           if (options.json) {
                                             std::cout << DumpJson(RecordedEventToJson(e)) << '\n';
                                           } else {
                                             auto row = Row(e);
                                             std::string line;
                                             for (const auto& cell : row) line += cell + "  ";
                                             std::cout << line.substr(0, line.size() - 2) << '\n';
                                           }
                                           std::cout.flush();
                                           if (++printed >= args.max && args.max)
                                             g_stop.store(true);
                                           return Status::Ok();
                                         }),
                          "subscribing to the log");
  while (!g_stop.load() && sub->status().ok())
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  sub->Stop();
  ThrowIfError(sub->status(), "following the log stopped");
}

}  // namespace

void RegisterReadCommands(CLI::App& app, GlobalOptions& options) {
  auto read_args = std::make_shared<ReadArgs>();
  auto* read = app.add_subcommand("read", "print the events of one stream");
  read->add_option("stream", read_args->stream, "stream name, e.g. case-20261123-000042")
      ->required();
  read->add_option("--from", read_args->from,
                   "first stream version (default: 1, or the last with --backward)");
  read->add_option("-n,--limit", read_args->limit, "most events to print")->default_val(1000);
  read->add_flag("--backward", read_args->backward, "newest first");
  read->add_option("--since", read_args->since,
                   "from the first event recorded at or after this time, e.g. 2026-11-23T08:00 "
                   "(China time unless a zone is given)");
  read->callback([&options, read_args] { RunRead(options, *read_args); });

  auto tail_args = std::make_shared<TailArgs>();
  auto* tail = app.add_subcommand("tail", "print the end of the global log; --follow keeps going");
  tail->add_option("--from", tail_args->from,
                   "first global position (default: the last -n events)");
  auto* count = tail->add_option("-n,--count", tail_args->count,
                                 "most events to print (default: 10 without --from, all with it)");
  tail->add_flag("-f,--follow", tail_args->follow, "keep printing new events until Ctrl-C");
  tail->add_option("--max", tail_args->max, "with --follow: stop after this many events");
  tail->add_option("--since", tail_args->since,
                   "from the first event recorded at or after this time (time index), "
                   "e.g. 2026-11-23T08:00");
  tail->add_option("--type", tail_args->types,
                   "only events of these types (repeatable or comma-separated), e.g. caseFiled");
  tail->add_option("--grid", tail_args->grids,
                   "only events in these grids and everything beneath them, e.g. 411302001001");
  tail->add_option("--stream-prefix", tail_args->stream_prefixes,
                   "only events of streams starting with this, e.g. case-");
  tail->callback([&options, tail_args, count] {
    tail_args->count_given = count->count() > 0;
    RunTail(options, *tail_args);
  });
}

}  // namespace gridledger::cli
