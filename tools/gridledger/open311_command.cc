// export open311 services|requests|updates and import open311 FILE.
//
// The mapping between cases and Open311 is tools/open311/mapping.h, the
// same one gridledgerd's live endpoint uses.
//
// Import files every request as a case (source "import"; a request the
// other system already closed becomes closed history) and keeps the
// original request in stream "open311-<service_request_id>" as an opaque
// "open311.request" event (without personal fields), in the same commit.
// The other system's service_code is mapped to a catalogue code through
// --code-map (else the catalogue code itself, else --fallback-category),
// case-insensitively; the foreign code stays in the original. Export reads
// the original back: content fields (id, service code, description,
// address, position, media, requested time) always come from it; lifecycle
// fields (status, notes, agency, notice, updated/expected time) too until
// the case changes in GridLedger.
// Import is all-or-nothing and exactly once: every request is checked
// (here and by the engine's own rules) before anything is written, the
// whole document is one atomic commit (Engine::Import), and event ids
// derived from (--source, service_request_id) make a repeated import file
// nothing twice. Errors go to stderr as Open311 errors.
#include <cctype>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <sstream>

#include "commands.h"
#include "engine_context.h"
#include "mapping.h"
#include "output.h"
#include "time_format.h"

namespace gridledger::cli {
namespace {

open311::Format ParseFormat(const std::string& text) {
  if (text == "xml") return open311::Format::kXml;
  if (text == "json") return open311::Format::kJson;
  throw CliError("--format must be xml or json, not \"" + text + "\"", kExitUsage);
}

struct ExportArgs {
  std::string format = "xml";
  std::string output;
  std::string case_id;
  Filters filters;
  std::string status;        // GeoReport "status": open | closed
  std::string service_code;  // GeoReport "service_code"
  std::string since, until;  // mySociety start_date / end_date of updates
};

std::optional<Timestamp> TimeArg(const std::string& name, const std::string& value) {
  if (value.empty()) return std::nullopt;
  auto t = tools::ParseIso(value);
  if (!t)
    throw CliError(name + " must be an ISO 8601 time or date, not \"" + value + "\"", kExitUsage);
  return t;
}

void Emit(const std::string& text, const std::string& output) {
  if (output.empty() || output == "-") {
    std::cout << text;
    return;
  }
  std::ofstream out(output, std::ios::binary);
  if (!out) throw CliError("cannot write " + output + ": check the directory exists");
  out << text;
}

void RunExportServices(const GlobalOptions& options, const ExportArgs& args) {
  auto format = ParseFormat(args.format);
  auto services = open311::ServiceList(DefaultCatalogue());
  Emit(open311::WriteServices(services, format), args.output);
}

std::vector<CaseView> SelectCases(Engine& engine, const ExportArgs& args) {
  std::vector<CaseView> views;
  if (!args.case_id.empty()) {
    views.push_back(ValueOrThrow(engine.GetCase(CliActor(), args.case_id), "case " + args.case_id));
    return views;
  }
  const Filters& f = args.filters;
  f.CheckState();
  auto entries =
      ValueOrThrow(engine.Ledger(CliActor(), f.Scope(), f.From(), f.To()), "listing cases");
  ProgressBar bar("export");
  if (!args.status.empty() && args.status != "open" && args.status != "closed")
    throw CliError("--status must be open or closed, not \"" + args.status + "\"", kExitUsage);
  for (size_t i = 0; i < entries.size(); ++i) {
    bar.Update(i, entries.size());
    if (!f.Matches(entries[i].state)) continue;
    if (!args.service_code.empty() && entries[i].category != args.service_code) continue;
    if (!args.status.empty() && (args.status == "closed") != open311::IsFinished(entries[i].state))
      continue;
    views.push_back(
        ValueOrThrow(engine.GetCase(CliActor(), entries[i].case_id), "case " + entries[i].case_id));
  }
  bar.Finish();
  return views;
}

void RunExportRequests(const GlobalOptions& options, const ExportArgs& args) {
  auto format = ParseFormat(args.format);
  auto engine = OpenEngineOrThrow(options, Access::kReadOnly);
  std::vector<open311::Request> requests;
  for (const auto& v : SelectCases(*engine, args))
    requests.push_back(open311::ToRequest(*engine, v));
  Emit(open311::WriteRequests(requests, format), args.output);
}

void RunExportUpdates(const GlobalOptions& options, const ExportArgs& args) {
  auto format = ParseFormat(args.format);
  auto engine = OpenEngineOrThrow(options, Access::kReadOnly);
  std::vector<open311::Update> updates;
  auto since = TimeArg("--since", args.since), until = TimeArg("--until", args.until);
  for (const auto& v : SelectCases(*engine, args)) {
    auto of_case =
        ValueOrThrow(open311::CaseUpdates(*engine, v, since, until), "reading " + v.case_id);
    updates.insert(updates.end(), of_case.begin(), of_case.end());
  }
  Emit(open311::WriteUpdates(updates, format), args.output);
}

// ---- import -----------------------------------------------------------------

struct ImportArgs {
  std::string file;
  std::string format;  // empty: from the extension or the content
  std::string grid;
  std::string code_map;  // file of "foreign code, catalogue code" lines
  std::string fallback = "complaint";
  std::string source = "open311";
};

std::string ReadAll(const std::string& path) {
  if (path == "-") {
    std::stringstream ss;
    ss << std::cin.rdbuf();
    return ss.str();
  }
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec))
    throw CliError(path + " is a directory: name the Open311 document to import", kExitUsage);
  std::ifstream in(path, std::ios::binary);
  if (!in) throw CliError("cannot read " + path + ": check the path");
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

[[noreturn]] void Reject(const std::vector<open311::Error>& errors, open311::Format format) {
  std::cerr << open311::WriteErrors(errors, format);
  throw CliError("the document was rejected with " + std::to_string(errors.size()) +
                 " Open311 error(s) (above); nothing was imported: fix them and import again");
}

// The engine's refusal of a list, one line per request, as Open311 errors.
std::vector<open311::Error> EngineErrors(const Status& status) {
  std::vector<open311::Error> errors;
  std::stringstream lines(status.message());
  for (std::string line; std::getline(lines, line);)
    if (!line.empty()) errors.push_back({400, line});
  return errors;
}

void RunImport(const GlobalOptions& options, const ImportArgs& args) {
  std::string text = ReadAll(args.file);
  open311::Format format;
  if (!args.format.empty()) {
    format = ParseFormat(args.format);
  } else if (args.file.size() > 4 && args.file.substr(args.file.size() - 4) == ".xml") {
    format = open311::Format::kXml;
  } else if (args.file.size() > 5 && args.file.substr(args.file.size() - 5) == ".json") {
    format = open311::Format::kJson;
  } else {
    auto sniffed = open311::SniffFormat(text);
    if (!sniffed) Reject({{400, "the input is neither XML nor JSON"}}, open311::Format::kXml);
    format = *sniffed;
  }
  if (args.fallback.empty())
    throw CliError("--fallback-category must name a catalogue code", kExitUsage);
  auto codes = open311::CodeMap::Load(args.code_map, args.fallback);
  if (!codes.ok()) throw CliError(codes.status().message(), kExitUsage);
  if (args.source.empty()) throw CliError("--source must name the other system", kExitUsage);
  std::vector<open311::Request> requests;
  std::vector<open311::Error> errors;
  open311::ParseRequests(text, format, &requests, &errors);
  if (!errors.empty()) Reject(errors, format);

  auto engine = OpenEngineOrThrow(options);
  // Where the cases will go must exist before anything is filed.
  auto grids = engine->Grids();
  if (grids.empty())
    throw CliError("no grids are registered in " + ResolveDataDir(options) +
                   ": define the street, community and grids first (gridDefined events), "
                   "then import");
  if (!args.grid.empty()) {
    bool known = false;
    for (const auto& g : grids) known = known || g.code == args.grid;
    if (!known)
      throw CliError("--grid " + args.grid +
                         " is not a registered grid; `gridledger --json "
                         "read registry` or the demo's grid codes list the known ones",
                     kExitUsage);
  }
  // What only Open311 asks; the engine checks the rest (Engine::Import).
  std::vector<ImportedCase> batch;
  for (size_t i = 0; i < requests.size(); ++i) {
    const auto& r = requests[i];
    std::string who =
        "request " + std::to_string(i + 1) +
        (r.service_request_id.empty() ? "" : " (service_request_id " + r.service_request_id + ")");
    auto fail = [&](int code, const std::string& what) {
      errors.push_back({code, who + ": " + what});
    };
    if (r.service_request_id.empty())
      fail(400, "service_request_id is required: it becomes the case's external id");
    else if (!StreamId::Validate(open311::kOriginalStreamPrefix +
                                 open311::ExternalId(args.source, r.service_request_id))
                  .ok())
      fail(400, "service_request_id is too long or not valid UTF-8");
    if (r.service_code.empty()) fail(400, "service_code is required");
    std::string address = r.address.empty() ? r.address_string : r.address;
    if (address.empty() && r.lat.empty() && r.address_id.empty())
      fail(400, "a location is required: address, address_string, lat/long or address_id");

    if (!errors.empty()) continue;
    ImportedCase item =
        open311::ToImportedCase(r, *codes->Map(r.service_code), args.source, args.grid);
    batch.push_back(std::move(item));
  }
  if (!errors.empty()) Reject(errors, format);

  auto outcomes = engine->Import(Actor::System("open311-import"), batch);
  if (!outcomes.ok()) {
    if (outcomes.error().code() == StatusCode::kInvalidArgument)
      Reject(EngineErrors(outcomes.error()), format);
    throw CliError("the import failed and nothing of it was stored: " +
                   outcomes.error().ToString() + "; run it again");
  }

  Json results = Json::array();
  Table table({"service_request_id", "case", "result"});
  size_t imported = 0;
  for (size_t i = 0; i < requests.size(); ++i) {
    const auto& o = (*outcomes)[i];
    const std::string& id = requests[i].service_request_id;
    std::string result = o.already_imported ? "already imported" : "imported";
    if (!o.already_imported) ++imported;
    results.push_back({{"service_request_id", id}, {"caseId", o.case_id}, {"result", result}});
    table.Add({id, o.case_id, o.already_imported ? "already imported (skipped)" : result});
  }
  if (options.json) {
    PrintJson(results);
  } else {
    table.Print(std::cout);
    std::cout << imported << " of " << requests.size() << " requests imported as filed cases\n";
  }
}

}  // namespace

void RegisterInteropCommands(CLI::App& app, GlobalOptions& options) {
  auto* export_cmd =
      app.add_subcommand("export", "write cases for other systems: Open311, the ledger");
  export_cmd->require_subcommand(1);
  auto* o311 = export_cmd->add_subcommand("open311", "Open311 GeoReport v2 documents");
  o311->require_subcommand(1);

  auto services_args = std::make_shared<ExportArgs>();
  auto* services = o311->add_subcommand("services", "the service list (catalogue)");
  services->add_option("--format", services_args->format, "xml or json")->default_val("xml");
  services->add_option("-o,--output", services_args->output,
                       "write to this file instead of stdout");
  services->callback([&options, services_args] { RunExportServices(options, *services_args); });

  auto requests_args = std::make_shared<ExportArgs>();
  auto* requests = o311->add_subcommand("requests", "cases as service requests");
  requests->add_option("--format", requests_args->format, "xml or json")->default_val("xml");
  requests->add_option("-o,--output", requests_args->output,
                       "write to this file instead of stdout");
  requests->add_option("--case", requests_args->case_id, "only this case");
  requests_args->filters.Register(requests);
  requests->add_option("--status", requests_args->status, "open or closed (GeoReport status)");
  requests->add_option("--service-code", requests_args->service_code, "only this service code");
  requests->callback([&options, requests_args] { RunExportRequests(options, *requests_args); });

  auto updates_args = std::make_shared<ExportArgs>();
  auto* updates =
      o311->add_subcommand("updates", "each case's history (mySociety request updates)");
  updates->add_option("--format", updates_args->format, "xml or json")->default_val("xml");
  updates->add_option("-o,--output", updates_args->output, "write to this file instead of stdout");
  updates->add_option("--case", updates_args->case_id, "only this case");
  updates_args->filters.Register(updates);
  updates->add_option("--since", updates_args->since, "updates at or after this time (start_date)");
  updates->add_option("--until", updates_args->until, "updates at or before this time (end_date)");
  updates->callback([&options, updates_args] { RunExportUpdates(options, *updates_args); });

  RegisterLedgerExport(*export_cmd, options);

  auto* import_cmd = app.add_subcommand("import", "read cases from other systems");
  import_cmd->require_subcommand(1);
  auto import_args = std::make_shared<ImportArgs>();
  auto* i311 = import_cmd->add_subcommand(
      "open311", "file Open311 service requests (XML or JSON) as cases; all or nothing");
  i311->add_option("file", import_args->file, "the document (- for stdin)")->required();
  i311->add_option("--format", import_args->format, "xml or json (default: from the file)");
  i311->add_option("--grid", import_args->grid,
                   "route every request to this grid (default: the community)");
  i311->add_option("--code-map", import_args->code_map,
                   "file of \"foreign_code,catalogue_code\" lines mapping the other system's "
                   "service codes (case-insensitive)");
  i311->add_option("--fallback-category", import_args->fallback,
                   "catalogue code for service codes neither mapped nor in the catalogue")
      ->default_val("complaint");
  i311->add_option("--source", import_args->source,
                   "name of the other system; with service_request_id it makes a request's "
                   "import happen exactly once")
      ->default_val("open311");
  i311->callback([&options, import_args] { RunImport(options, *import_args); });
}

}  // namespace gridledger::cli
