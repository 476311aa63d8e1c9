// append: events as JSON Lines on stdin (or --file) into the log.
//
// Contract: every line is parsed before anything is written; one malformed
// line fails the run (exit 1, naming the line) with nothing appended. With
// --stream every event goes to that stream in ONE atomic append checked
// against --expected. Without it each line names its "stream"; consecutive
// lines of one stream are appended together (atomically per group) and
// --expected must stay "any".
#include <filesystem>
#include <fstream>
#include <iostream>
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
  cmd->add_flag("--buffered", args->buffered,
                "do not fsync (faster; survives a process crash, not a power loss)");
  cmd->callback([&options, args] { RunAppend(options, *args); });
}

}  // namespace gridledger::cli
