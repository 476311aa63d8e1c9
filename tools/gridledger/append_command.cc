// append: events as JSON Lines on stdin (or --file) into the log.
//
// Contract: every line is parsed before anything is written; one malformed
// line fails the run (exit 1, naming the line) with nothing appended. With
// --stream every event goes to that stream in ONE atomic append checked
// against --expected. Without it each line names its "stream"; consecutive
// lines of one stream are appended together (atomically per group) and
// --expected must stay "any". With --atomic all of the input's streams are
// appended in ONE atomic multi-stream append (EventLog::AppendMulti): every
// stream's events land or none do; each stream is checked against
// --expected or its own --expect STREAM=VERSION.
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>

#include "commands.h"
#include "event_json.h"
#include "output.h"

namespace gridledger::cli {
namespace {

struct AppendArgs {
  std::string stream;
  std::string expected = "any";
  std::string file;
  bool buffered = false;
  bool atomic = false;
  std::vector<std::string> expect;  // STREAM=any|none|N, with --atomic
};

ExpectedVersion ParseExpected(const std::string& text) {
  if (text == "any") return ExpectedVersion::Any();
  if (text == "none") return ExpectedVersion::NoStream();
  try {
    size_t used = 0;
    if (text.empty() || text.find_first_not_of("0123456789") != std::string::npos)
      throw std::invalid_argument("not a version");  // stoull would wrap "-1"
    unsigned long long v = std::stoull(text, &used);
    if (used == text.size()) return ExpectedVersion::Exactly(static_cast<uint64_t>(v));
  } catch (const std::exception&) {
  }
  throw CliError("--expected must be any, none or a stream version number, not \"" + text + "\"",
                 kExitUsage);
}

struct Batch {
  std::string stream;
  std::vector<NewEvent> events;
};

std::vector<Batch> ParseInput(std::istream& in, const AppendArgs& args) {
  std::vector<Batch> batches;
  std::string line;
  size_t line_no = 0;
  while (std::getline(in, line)) {
    ++line_no;
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    std::string where = "line " + std::to_string(line_no);
    Json json;
    try {
      json = Json::parse(line);
    } catch (const Json::exception& e) {  // parse_error, and out_of_range for huge numbers
      std::string what = e.what();
      if (auto p = what.find("parse error"); p != std::string::npos) what = what.substr(p);
      // The parser quotes what it read; a huge line must not come back whole.
      constexpr size_t kMaxQuoted = 200;
      if (what.size() > kMaxQuoted)
        what =
            what.substr(0, kMaxQuoted) + "... (" + std::to_string(line.size()) + "-byte line, cut)";
      throw CliError(where + ": malformed JSON (" + what +
                     "); each line must be one JSON object, e.g. "
                     "{\"type\":\"policyOutreachRecorded\",\"data\":{\"topic\":\"医保\"}}");
    }
    std::string stream;
    auto event = NewEventFromJson(json, &stream);
    if (!event.ok()) throw CliError(where + ": " + event.status().message());
    if (!args.stream.empty()) {
      if (!stream.empty() && stream != args.stream)
        throw CliError(where + ": names stream \"" + stream + "\" but --stream is \"" +
                       args.stream + "\"; drop one of them");
      stream = args.stream;
    }
    if (stream.empty())
      throw CliError(where + ": no stream: give --stream NAME or a \"stream\" field");
    if (Status s = StreamId::Validate(stream); !s.ok())
      throw CliError(where + ": bad stream name: " + s.message());
    if (batches.empty() || batches.back().stream != stream) batches.push_back({stream, {}});
    batches.back().events.push_back(std::move(event).value());
  }
  if (batches.empty())
    throw CliError("no events on input: pipe JSON Lines into `gridledger append`");
  return batches;
}

// --atomic: every stream of the input in one AppendMulti.
void RunAtomicAppend(const GlobalOptions& options, const AppendArgs& args,
                     std::vector<Batch> batches, ExpectedVersion expected) {
  std::map<std::string, ExpectedVersion> per_stream;
  for (const auto& e : args.expect) {
    auto eq = e.rfind('=');
    if (eq == std::string::npos || eq == 0)
      throw CliError("--expect takes STREAM=any|none|VERSION, not \"" + e + "\"", kExitUsage);
    per_stream[e.substr(0, eq)] = ParseExpected(e.substr(eq + 1));
  }
  // One part per stream, in the order the streams first appear.
  std::vector<StreamAppend> parts;
  std::map<std::string, size_t> index;
  for (auto& batch : batches) {
    auto [it, fresh] = index.emplace(batch.stream, parts.size());
    if (fresh) {
      auto override_it = per_stream.find(batch.stream);
      parts.push_back({StreamId{batch.stream},
                       override_it == per_stream.end() ? expected : override_it->second,
                       {}});
    }
    auto& events = parts[it->second].events;
    for (auto& e : batch.events) events.push_back(std::move(e));
  }
  for (const auto& [stream, v] : per_stream)
    if (!index.count(stream))
      throw CliError("--expect names stream " + stream + ", which the input does not append to",
                     kExitUsage);
  auto log = OpenLogOrThrow(options);
  AppendOptions append_options;
  if (args.buffered) append_options.durability = Durability::kBuffered;
  std::vector<std::pair<std::string, size_t>> sizes;
  uint64_t total = 0;
  for (const auto& part : parts) {
    sizes.emplace_back(part.stream.value, part.events.size());
    total += part.events.size();
  }
  auto results = ValueOrThrow(
      log->AppendMulti(std::move(parts), append_options),
      "atomic append to " + std::to_string(sizes.size()) + " streams failed (nothing was written)");
  bool deduplicated = !results.empty() && results.front().deduplicated;
  Json streams = Json::array();
  for (size_t i = 0; i < results.size(); ++i)
    streams.push_back({{"stream", sizes[i].first},
                       {"events", sizes[i].second},
                       {"firstPosition", results[i].first_position.value},
                       {"lastPosition", results[i].last_position.value},
                       {"streamVersion", results[i].next_expected.value},
                       {"deduplicated", results[i].deduplicated}});
  if (options.json) {
    PrintJson({{"atomic", true},
               {"events", total},
               {"firstPosition", results.front().first_position.value},
               {"lastPosition", results.back().last_position.value},
               {"deduplicated", deduplicated},
               {"streams", streams}});
    return;
  }
  std::cout << (deduplicated ? "already stored " : "appended ") << total
            << (total == 1 ? " event" : " events") << " to " << results.size()
            << " streams in one atomic append: positions " << results.front().first_position.value
            << ".." << results.back().last_position.value << '\n';
  for (size_t i = 0; i < results.size(); ++i)
    std::cout << "  " << sizes[i].first << ": positions " << results[i].first_position.value << ".."
              << results[i].last_position.value << ", stream at version "
              << results[i].next_expected.value << '\n';
  std::cout.flush();
}

void RunAppend(const GlobalOptions& options, const AppendArgs& args) {
  ExpectedVersion expected = ParseExpected(args.expected);
  std::vector<Batch> batches;
  if (args.file.empty() || args.file == "-") {
    batches = ParseInput(std::cin, args);
  } else {
    std::error_code ec;
    if (std::filesystem::is_directory(args.file, ec))
      throw CliError("--file " + args.file + " is a directory: name a JSON Lines file", kExitUsage);
    std::ifstream in(args.file);
    if (!in) throw CliError("cannot read " + args.file + ": check the path");
    batches = ParseInput(in, args);
  }
  if (args.atomic) return RunAtomicAppend(options, args, std::move(batches), expected);
  if (!args.expect.empty()) throw CliError("--expect needs --atomic", kExitUsage);
  if (batches.size() > 1 && expected.kind != ExpectedVersion::Kind::kAny)
    throw CliError("--expected needs all events in one stream; the input names " +
                       std::to_string(batches.size()) + " stream groups",
                   kExitUsage);
  auto log = OpenLogOrThrow(options);
  AppendOptions append_options;
  if (args.buffered) append_options.durability = Durability::kBuffered;
  Json results = Json::array();
  uint64_t total = 0;
  for (auto& batch : batches) {
    size_t n = batch.events.size();
    auto result = ValueOrThrow(
        log->Append(StreamId{batch.stream}, expected, std::move(batch.events), append_options),
        "append to " + batch.stream + " failed");
    total += n;
    results.push_back({{"stream", batch.stream},
                       {"events", n},
                       {"firstPosition", result.first_position.value},
                       {"lastPosition", result.last_position.value},
                       {"streamVersion", result.next_expected.value},
                       {"deduplicated", result.deduplicated}});
    if (!options.json) {
      std::cout << (result.deduplicated ? "already stored " : "appended ") << n
                << (n == 1 ? " event" : " events") << " to " << batch.stream << ": positions "
                << result.first_position.value << ".." << result.last_position.value
                << ", stream at version " << result.next_expected.value << std::endl;  // flushed: a
      // caller reading a pipe learns of each commit as it happens, even if killed later
    }
  }
  if (options.json) PrintJson(results.size() == 1 ? results[0] : results);
}

std::string TypeList() {
  std::string out;
  for (const auto& t : KnownEventTypes()) out += (out.empty() ? "" : ", ") + t;
  return out;
}

}  // namespace

void RegisterAppendCommand(CLI::App& app, GlobalOptions& options) {
  auto args = std::make_shared<AppendArgs>();
  auto* cmd =
      app.add_subcommand("append", "append events given as JSON Lines on stdin to a stream");
  cmd->footer(
      "Each line: {\"type\":T,\"data\":{...},\"id\"?,\"occurredAt\"?,\"actor\"?,"
      "\"gridCode\"?,\"stream\"?}\nEvent types: " +
      TypeList());
  cmd->add_option("-s,--stream", args->stream, "stream to append to (else each line's \"stream\")");
  cmd->add_option("-e,--expected", args->expected,
                  "required stream state: any, none (new stream) or a version number")
      ->default_str("any");
  cmd->add_option("-f,--file", args->file, "read this file instead of stdin");
  cmd->add_flag("--atomic", args->atomic,
                "append every stream of the input in one atomic commit: all land or none");
  cmd->add_option("--expect", args->expect,
                  "with --atomic: STREAM=any|none|VERSION, that stream's required state "
                  "(repeatable; the others use --expected)");
  cmd->add_flag("--buffered", args->buffered,
                "do not fsync (faster; survives a process crash, not a power loss)");
  cmd->callback([&options, args] { RunAppend(options, *args); });
}

}  // namespace gridledger::cli
