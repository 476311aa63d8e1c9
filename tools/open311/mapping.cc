#include "mapping.h"

#include <cctype>
#include <cmath>
#include <cstdio>
#include <fstream>

#include "nlohmann/json.hpp"
#include "time_format.h"

namespace gridledger::open311 {
namespace {

using Json = nlohmann::ordered_json;

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

const ServiceCategory* FindCode(const std::string& code) {
  for (const auto& c : DefaultCatalogue())
    if (Lower(c.code) == Lower(code)) return &c;
  return nullptr;
}

// The imported original of a case, if it was imported.
struct Original {
  Request request;
  // Version of the case right after the import (older records), or 0:
  // then the case is unchanged while every event is the import's own.
  uint64_t case_version = 0;
};

std::optional<Original> LoadOriginal(EventLog& log, const std::string& external_id) {
  if (external_id.empty()) return std::nullopt;
  auto events = log.ReadStream(StreamId{kOriginalStreamPrefix + external_id}, StreamVersion{1},
                               ReadDirection::kForward, 1);
  if (!events.ok() || events->empty()) return std::nullopt;
  const auto* opaque = std::get_if<OpaqueEvent>(&events->front().payload);
  if (!opaque || opaque->type_name != kOriginalType) return std::nullopt;
  try {
    auto j = Json::parse(opaque->data);
    Original original;
    if (j.contains("caseVersion")) original.case_version = j["caseVersion"].get<uint64_t>();
    for (const auto& f : RequestFields())
      if (j["request"].contains(f.name))
        original.request.*f.member = j["request"][f.name].get<std::string>();
    return original;
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

}  // namespace

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

std::vector<Service> ServiceList(const std::vector<ServiceCategory>& catalogue) {
  std::vector<Service> services;
  for (const auto& c : catalogue) {
    Service s;
    s.service_code = c.code;
    s.service_name = c.name_zh;
    s.description = c.name_en + ". " + SlaNotice(c);
    s.metadata = true;
    s.type = "realtime";
    for (const auto& p : c.phrases_zh) s.keywords += (s.keywords.empty() ? "" : ", ") + p;
    s.group = c.kind;
    services.push_back(std::move(s));
  }
  return services;
}

ServiceDefinition ServiceDefinitionOf(const ServiceCategory& category,
                                      const std::vector<GridInfo>& grids) {
  ServiceDefinition d;
  d.service_code = category.code;
  Attribute grid;
  grid.code = "grid";
  grid.datatype = "singlevaluelist";
  grid.required = false;
  grid.order = 1;
  grid.description = "所在网格 / the grid the request concerns (default: routed by place)";
  for (const auto& g : grids)
    if (g.kind == GridKind::kGrid) grid.values.push_back({g.code, g.name});
  d.attributes.push_back(std::move(grid));
  if (!category.phrases_zh.empty()) {
    Attribute phrase;
    phrase.code = "phrase";
    phrase.datatype = "singlevaluelist";
    phrase.required = false;
    phrase.order = 2;
    phrase.description = "常见情况 / a common description of the problem";
    for (size_t i = 0; i < category.phrases_zh.size(); ++i) {
      std::string name = category.phrases_zh[i];
      if (i < category.phrases_en.size()) name += " / " + category.phrases_en[i];
      phrase.values.push_back({std::to_string(i + 1), name});
    }
    d.attributes.push_back(std::move(phrase));
  }
  return d;
}

Request ToRequest(Engine& engine, const CaseView& v) {
  Request r;
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
  r.requested_datetime = tools::FormatIso(v.filed_at);
  Timestamp updated = v.timeline.empty() ? v.filed_at : v.timeline.back().at;
  r.updated_datetime = tools::FormatIso(updated);
  if (ToMicros(v.deadline) != 0) r.expected_datetime = tools::FormatIso(v.deadline);
  r.address = v.location.address;
  r.address_id = v.location.place_id;
  r.lat = Degrees(v.location.lat_e6);
  r.lon = Degrees(v.location.lon_e6);
  r.media_url = filed.media_url;
  if (auto original = LoadOriginal(engine.log(), filed.external_id)) {
    bool unchanged = original->case_version != 0 ? original->case_version == v.version
                                                 : OnlyImported(engine.log(), v);
    for (const auto& f : RequestFields()) {
      if (!f.exported) continue;
      const std::string& value = original->request.*f.member;
      if (IsContentField(f.name) || unchanged)
        if (!value.empty() || unchanged) r.*f.member = value;
    }
  }
  return r;
}

std::string UpdateStatus(const RecordedEvent& e, const std::string& before) {
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
          return p.reason == RejectReason::kDuplicate        ? "duplicate"
                 : p.reason == RejectReason::kNotResponsible ? "not_councils_responsibility"
                                                             : "closed";
        else
          return before;
      },
      e.payload);
}

Result<std::vector<Update>> CaseUpdates(Engine& engine, const CaseView& v,
                                        std::optional<Timestamp> since,
                                        std::optional<Timestamp> until) {
  std::string request_id = ToRequest(engine, v).service_request_id;
  GL_ASSIGN_OR_RETURN(auto events, engine.log().ReadStream(StreamId{v.case_id}, StreamVersion{1},
                                                           ReadDirection::kForward,
                                                           static_cast<size_t>(v.version) + 1));
  bool texts_match = events.size() == v.timeline.size();
  std::vector<Update> updates;
  std::string status = "open";
  for (size_t i = 0; i < events.size(); ++i) {
    const RecordedEvent& e = events[i];
    status = UpdateStatus(e, status);
    if ((since && e.recorded_at < *since) || (until && e.recorded_at > *until)) continue;
    Update u;
    u.update_id = v.case_id + "-" + std::to_string(e.version.value);
    u.service_request_id = request_id;
    u.status = status;
    u.updated_datetime = tools::FormatIso(e.recorded_at);
    u.description = texts_match ? v.timeline[i].text_zh + " / " + v.timeline[i].text_en
                                : std::string(EventTypeName(e.payload));
    if (const auto* h = std::get_if<CaseHandled>(&e.payload); h && !h->photo_refs.empty())
      u.media_url = h->photo_refs.front();
    updates.push_back(std::move(u));
  }
  return updates;
}

int32_t DegreesToE6(const std::string& degrees) {
  if (degrees.empty()) return 0;
  return static_cast<int32_t>(std::llround(std::strtod(degrees.c_str(), nullptr) * 1e6));
}

std::string ExternalId(const std::string& source, const std::string& request_id) {
  return source == "open311" ? request_id : source + ":" + request_id;
}

Result<CodeMap> CodeMap::Load(const std::string& path, const std::string& fallback) {
  CodeMap map;
  if (!fallback.empty()) {
    const ServiceCategory* c = FindCode(fallback);
    if (!c) return Status::InvalidArgument("the fallback " + fallback + " is not a catalogue code");
    map.fallback_ = c->code;
  }
  if (path.empty()) return map;
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::InvalidArgument("cannot read the code map " + path + ": check the path");
  std::string line;
  for (size_t n = 1; std::getline(in, line); ++n) {
    std::string t = Trim(line);
    if (t.empty() || t[0] == '#') continue;
    size_t sep = t.find_first_of(",\t");
    std::string from = sep == std::string::npos ? "" : Trim(t.substr(0, sep));
    std::string to = sep == std::string::npos ? "" : Trim(t.substr(sep + 1));
    if (from.empty() || to.empty())
      return Status::InvalidArgument(path + ":" + std::to_string(n) +
                                     ": expected \"foreign_code,catalogue_code\"");
    const ServiceCategory* c = FindCode(to);
    if (!c)
      return Status::InvalidArgument(path + ":" + std::to_string(n) + ": \"" + to +
                                     "\" is not a catalogue code (`gridledger export open311 "
                                     "services` lists them)");
    map.table_[Lower(from)] = c->code;
  }
  return map;
}

std::optional<std::string> CodeMap::Map(const std::string& foreign) const {
  if (auto it = table_.find(Lower(foreign)); it != table_.end()) return it->second;
  if (const ServiceCategory* c = FindCode(foreign)) return c->code;
  if (fallback_.empty()) return std::nullopt;
  return fallback_;
}

ImportedCase ToImportedCase(const Request& r, const std::string& category,
                            const std::string& source, const std::string& grid) {
  ImportedCase item;
  FileCase& fc = item.filing;
  fc.category = category;
  // The specification's own example leaves description empty: say what
  // kind of request it is instead (export still gives the original).
  fc.description = r.description.empty() ? r.service_name : r.description;
  fc.location.grid_code = grid;
  fc.location.address = r.address.empty() ? r.address_string : r.address;
  fc.location.lat_e6 = DegreesToE6(r.lat);
  fc.location.lon_e6 = DegreesToE6(r.lon);
  fc.reporter_name =
      r.first_name + (r.last_name.empty() ? "" : (r.first_name.empty() ? "" : " ") + r.last_name);
  fc.reporter_phone = r.phone;
  fc.source = CaseSource::kImport;
  fc.external_id = ExternalId(source, r.service_request_id);
  fc.media_url = r.media_url;
  if (!r.requested_datetime.empty()) fc.occurred_at = *tools::ParseIso(r.requested_datetime);
  item.source_system = source;
  if (IsClosedStatus(r.status)) {
    item.closed = true;
    const std::string& when =
        r.updated_datetime.empty() ? r.requested_datetime : r.updated_datetime;
    if (!when.empty()) item.closed_at = *tools::ParseIso(when);
    item.closed_note = "在原系统中已办结 / closed in " + source + " as " + r.status +
                       (r.status_notes.empty() ? "" : ": " + r.status_notes);
  }
  // The original (without personal fields) for a faithful export.
  Json original = Json::object();
  for (const auto& f : RequestFields())
    if (f.exported) original[f.name] = r.*f.member;
  item.original_stream = kOriginalStreamPrefix + fc.external_id;
  item.original_type = kOriginalType;
  item.original = Json{{"sourceSystem", source}, {"request", original}}.dump();
  return item;
}

}  // namespace gridledger::open311
