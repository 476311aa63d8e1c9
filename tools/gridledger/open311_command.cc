// export open311 services|requests|updates and import open311 FILE.
//
// Mapping (docs/cli.md#open311): a case is a service request; its
// service_request_id is the case id, or for an imported case the id it was
// imported with. status is "closed" once the case is closed, rejected or
// merged, else "open"; status_notes carries the detailed state; the
// deadline is expected_datetime; the assignee is agency_responsible. The
// reporter's name and phone are never exported.
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
#include "open311.h"
#include "output.h"
#include "time_format.h"

namespace gridledger::cli {
namespace {

constexpr char kSideStreamPrefix[] = "open311-";
constexpr char kSideType[] = "open311.request";

open311::Format ParseFormat(const std::string& text) {
  if (text == "xml") return open311::Format::kXml;
  if (text == "json") return open311::Format::kJson;
  throw CliError("--format must be xml or json, not \"" + text + "\"", kExitUsage);
}

// Fields taken from the imported original even after the case changed.
bool IsContentField(std::string_view name) {
  return name == "service_request_id" || name == "service_code" || name == "description" ||
         name == "address" || name == "address_id" || name == "zipcode" || name == "lat" ||
         name == "long" || name == "media_url" || name == "requested_datetime" ||
         name == "service_name";
}

std::string Degrees(int32_t e6) {
  if (e6 == 0) return "";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.6f", e6 / 1e6);
  std::string s = buf;
  while (s.back() == '0') s.pop_back();
  if (s.back() == '.') s.pop_back();
  return s;
}

int32_t ToE6(const std::string& degrees) {
  if (degrees.empty()) return 0;
  return static_cast<int32_t>(std::llround(std::strtod(degrees.c_str(), nullptr) * 1e6));
}

std::string SlaNotice(const ServiceCategory& c) {
  const char* zh = c.unit == SlaUnit::kCalendarHours  ? "小时"
                   : c.unit == SlaUnit::kWorkingHours ? "个工作小时"
                                                      : "个工作日";
  const char* en = c.unit == SlaUnit::kCalendarHours  ? "hours"
                   : c.unit == SlaUnit::kWorkingHours ? "working hours"
                                                      : "working days";
  return std::to_string(c.limit) + zh + "内办理 / handled within " + std::to_string(c.limit) + " " +
         en;
}

bool IsFinished(CaseState s) {
  return s == CaseState::kClosed || s == CaseState::kRejected || s == CaseState::kMerged;
}

// The imported original of a case, if it was imported.
struct SideRecord {
  open311::Request request;
  // Version of the case right after the import (older records), or 0:
  // then the case is unchanged while every event is the import's own.
  uint64_t case_version = 0;
};

std::optional<SideRecord> LoadSide(EventLog& log, const std::string& external_id) {
  if (external_id.empty()) return std::nullopt;
  auto events = log.ReadStream(StreamId{kSideStreamPrefix + external_id}, StreamVersion{1},
                               ReadDirection::kForward, 1);
  if (!events.ok() || events->empty()) return std::nullopt;
  const auto* opaque = std::get_if<OpaqueEvent>(&events->front().payload);
  if (!opaque || opaque->type_name != kSideType) return std::nullopt;
  try {
    auto j = Json::parse(opaque->data);
    SideRecord side;
    if (j.contains("caseVersion")) side.case_version = j["caseVersion"].get<uint64_t>();
    for (const auto& f : open311::RequestFields())
      if (j["request"].contains(f.name))
        side.request.*f.member = j["request"][f.name].get<std::string>();
    return side;
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

// The filing event of a case (for media_url and external_id).
CaseFiled LoadFiled(EventLog& log, const std::string& case_id) {
  auto events = log.ReadStream(StreamId{case_id}, StreamVersion{1}, ReadDirection::kForward, 1);
  if (events.ok() && !events->empty())
    if (const auto* f = std::get_if<CaseFiled>(&events->front().payload)) return *f;
  return {};
}

// True while every event of the case is one the import wrote (they share
// the filing's correlation id): nothing happened to it in GridLedger.
bool OnlyImported(EventLog& log, const CaseView& v) {
  auto events = log.ReadStream(StreamId{v.case_id}, StreamVersion{1}, ReadDirection::kForward,
                               static_cast<size_t>(v.version) + 1);
  if (!events.ok() || events->empty()) return false;
  for (const auto& e : *events)
    if (e.correlation_id != events->front().correlation_id) return false;
  return true;
}

open311::Request ToRequest(Engine& engine, const CaseView& v) {
  open311::Request r;
  CaseFiled filed = LoadFiled(engine.log(), v.case_id);
  const ServiceCategory* cat = FindCategory(v.category);
  r.service_request_id = v.case_id;
  r.status = IsFinished(v.state) ? "closed" : "open";
  r.status_notes = std::string(CaseStateName(v.state, true)) + " / " +
                   std::string(CaseStateName(v.state, false));
  r.service_name = cat ? cat->name_zh : v.category;
  r.service_code = v.category;
  r.description = v.description;
  r.agency_responsible = v.assignee_name.empty() ? v.assignee : v.assignee_name;
  r.service_notice = cat ? SlaNotice(*cat) : "";
  r.requested_datetime = FormatIso(v.filed_at);
  Timestamp updated = v.timeline.empty() ? v.filed_at : v.timeline.back().at;
  r.updated_datetime = FormatIso(updated);
  if (ToMicros(v.deadline) != 0) r.expected_datetime = FormatIso(v.deadline);
  r.address = v.location.address;
  r.address_id = v.location.place_id;
  r.lat = Degrees(v.location.lat_e6);
  r.lon = Degrees(v.location.lon_e6);
  r.media_url = filed.media_url;
  if (auto side = LoadSide(engine.log(), filed.external_id)) {
    bool unchanged =
        side->case_version != 0 ? side->case_version == v.version : OnlyImported(engine.log(), v);
    for (const auto& f : open311::RequestFields()) {
      if (!f.exported) continue;
      const std::string& original = side->request.*f.member;
      if (IsContentField(f.name) || unchanged)
        if (!original.empty() || unchanged) r.*f.member = original;
    }
  }
  return r;
}

// mySociety status after each event type of the case's history.
std::string UpdateStatus(const RecordedEvent& e, std::string current) {
  return std::visit(
      [&](const auto& p) -> std::string {
        using T = std::decay_t<decltype(p)>;
        if constexpr (std::is_same_v<T, CaseFiled>)
          return "open";
        else if constexpr (std::is_same_v<T, CaseRegistered>)
          return "investigating";
        else if constexpr (std::is_same_v<T, CaseDispatched> || std::is_same_v<T, CaseSuspended>)
          return "action_scheduled";
        else if constexpr (std::is_same_v<T, CaseAcknowledged> || std::is_same_v<T, CaseHandled> ||
                           std::is_same_v<T, CaseReported> || std::is_same_v<T, CaseVerified> ||
                           std::is_same_v<T, CaseResumed> || std::is_same_v<T, CaseReopened>)
          return "in_progress";
        else if constexpr (std::is_same_v<T, CaseClosed>)
          return "fixed";
        else if constexpr (std::is_same_v<T, CaseMerged>)
          return "duplicate";
        else if constexpr (std::is_same_v<T, CaseRejected>)
          return p.reason == "duplicate"        ? "duplicate"
                 : p.reason == "notResponsible" ? "not_councils_responsibility"
                                                : "closed";
        else
          return current;
      },
      e.payload);
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
  auto t = ParseIso(value);
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
  std::vector<open311::Service> services;
  for (const auto& c : DefaultCatalogue()) {
    open311::Service s;
    s.service_code = c.code;
    s.service_name = c.name_zh;
    s.description = c.name_en + ". " + SlaNotice(c);
    s.metadata = false;
    s.type = "realtime";
    for (const auto& p : c.phrases_zh) s.keywords += (s.keywords.empty() ? "" : ", ") + p;
    s.group = c.kind;
    services.push_back(std::move(s));
  }
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
    if (!args.status.empty() && (args.status == "closed") != IsFinished(entries[i].state)) continue;
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
  for (const auto& v : SelectCases(*engine, args)) requests.push_back(ToRequest(*engine, v));
  Emit(open311::WriteRequests(requests, format), args.output);
}

void RunExportUpdates(const GlobalOptions& options, const ExportArgs& args) {
  auto format = ParseFormat(args.format);
  auto engine = OpenEngineOrThrow(options, Access::kReadOnly);
  std::vector<open311::Update> updates;
  auto since = TimeArg("--since", args.since), until = TimeArg("--until", args.until);
  for (const auto& v : SelectCases(*engine, args)) {
    std::string request_id = ToRequest(*engine, v).service_request_id;
    auto events = ValueOrThrow(engine->log().ReadStream(StreamId{v.case_id}, StreamVersion{1},
                                                        ReadDirection::kForward, 100000),
                               "reading " + v.case_id);
    bool texts_match = events.size() == v.timeline.size();
    std::string status = "open";
    for (size_t i = 0; i < events.size(); ++i) {
      const RecordedEvent& e = events[i];
      status = UpdateStatus(e, status);
      if ((since && e.recorded_at < *since) || (until && e.recorded_at > *until)) continue;
      open311::Update u;
      u.update_id = v.case_id + "-" + std::to_string(e.version.value);
      u.service_request_id = request_id;
      u.status = status;
      u.updated_datetime = FormatIso(e.recorded_at);
      u.description = texts_match ? v.timeline[i].text_zh + " / " + v.timeline[i].text_en
                                  : std::string(EventTypeName(e.payload));
      if (const auto* h = std::get_if<CaseHandled>(&e.payload); h && !h->photo_refs.empty())
        u.media_url = h->photo_refs.front();
      updates.push_back(std::move(u));
    }
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

// The case's external id: the service_request_id, prefixed "<source>:"
// unless the source is the default "open311" (so that two systems' ids
// cannot collide). The original is kept in stream "open311-<external id>".
std::string ExternalId(const std::string& source, const std::string& request_id) {
  return source == "open311" ? request_id : source + ":" + request_id;
}

std::string Lower(std::string_view s) {
  std::string out;
  for (char c : s) out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string Trim(std::string_view s) {
  size_t b = 0, e = s.size();
  while (b < e && std::isspace(static_cast<unsigned char>(s[b]))) ++b;
  while (e > b && std::isspace(static_cast<unsigned char>(s[e - 1]))) --e;
  return std::string(s.substr(b, e - b));
}

// Maps other systems' service codes to catalogue codes, case-insensitively:
// the table first, then a catalogue code of the same name, then the
// fallback category.
class CodeMap {
 public:
  // `path` (may be empty): lines "foreign_code,catalogue_code" (or a tab
  // between them); blank lines and lines starting with '#' are skipped.
  CodeMap(const std::string& path, const std::string& fallback) {
    if (!FindCategory(fallback))
      throw CliError("--fallback-category " + fallback + " is not a catalogue code", kExitUsage);
    fallback_ = fallback;
    if (path.empty()) return;
    std::ifstream in(path, std::ios::binary);
    if (!in) throw CliError("cannot read the code map " + path + ": check the path", kExitUsage);
    std::string line;
    for (size_t n = 1; std::getline(in, line); ++n) {
      std::string t = Trim(line);
      if (t.empty() || t[0] == '#') continue;
      size_t sep = t.find_first_of(",\t");
      std::string from = sep == std::string::npos ? "" : Trim(t.substr(0, sep));
      std::string to = sep == std::string::npos ? "" : Trim(t.substr(sep + 1));
      if (from.empty() || to.empty())
        throw CliError(
            path + ":" + std::to_string(n) + ": expected \"foreign_code,catalogue_code\"",
            kExitUsage);
      const ServiceCategory* c = Find(to);
      if (!c)
        throw CliError(path + ":" + std::to_string(n) + ": \"" + to +
                           "\" is not a catalogue code (`gridledger export open311 services` "
                           "lists them)",
                       kExitUsage);
      table_[Lower(from)] = c->code;
    }
  }

  std::string Map(const std::string& foreign) const {
    if (auto it = table_.find(Lower(foreign)); it != table_.end()) return it->second;
    if (const ServiceCategory* c = Find(foreign)) return c->code;
    return fallback_;
  }

 private:
  static const ServiceCategory* Find(const std::string& code) {
    for (const auto& c : DefaultCatalogue())
      if (Lower(c.code) == Lower(code)) return &c;
    return nullptr;
  }
  std::map<std::string, std::string> table_;
  std::string fallback_;
};

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
  CodeMap codes(args.code_map, args.fallback);
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
    else if (!StreamId::Validate(kSideStreamPrefix + ExternalId(args.source, r.service_request_id))
                  .ok())
      fail(400, "service_request_id is too long or not valid UTF-8");
    if (r.service_code.empty()) fail(400, "service_code is required");
    std::string address = r.address.empty() ? r.address_string : r.address;
    if (address.empty() && r.lat.empty() && r.address_id.empty())
      fail(400, "a location is required: address, address_string, lat/long or address_id");

    ImportedCase item;
    FileCase& fc = item.filing;
    fc.category = codes.Map(r.service_code);
    // The specification's own example leaves description empty: say what
    // kind of request it is instead (export still gives the original).
    fc.description = r.description.empty() ? r.service_name : r.description;
    fc.location.grid_code = args.grid;
    fc.location.address = address;
    fc.location.lat_e6 = ToE6(r.lat);
    fc.location.lon_e6 = ToE6(r.lon);
    fc.reporter_name =
        r.first_name + (r.last_name.empty() ? "" : (r.first_name.empty() ? "" : " ") + r.last_name);
    fc.reporter_phone = r.phone;
    fc.source = CaseSource::kImport;
    fc.external_id = ExternalId(args.source, r.service_request_id);
    fc.media_url = r.media_url;
    if (!r.requested_datetime.empty()) fc.occurred_at = *ParseIso(r.requested_datetime);
    item.source_system = args.source;
    if (open311::IsClosedStatus(r.status)) {
      item.closed = true;
      const std::string& when =
          r.updated_datetime.empty() ? r.requested_datetime : r.updated_datetime;
      if (!when.empty()) item.closed_at = *ParseIso(when);
      item.closed_note = "在原系统中已办结 / closed in " + args.source + " as " + r.status +
                         (r.status_notes.empty() ? "" : ": " + r.status_notes);
    }
    // The original (without personal fields) for a faithful export.
    Json original = Json::object();
    for (const auto& f : open311::RequestFields())
      if (f.exported) original[f.name] = r.*f.member;
    item.original_stream = kSideStreamPrefix + fc.external_id;
    item.original_type = kSideType;
    item.original = Json{{"sourceSystem", args.source}, {"request", original}}.dump();
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
