#include "endpoint.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <map>
#include <set>
#include <tuple>
#include <variant>

#include "time_format.h"

namespace gridledger::open311 {
namespace {

constexpr char kXmlType[] = "text/xml; charset=utf-8";
constexpr char kJsonType[] = "application/json; charset=utf-8";

// "requests.json" -> ("requests", kJson); nullopt without a known suffix.
std::optional<std::pair<std::string, Format>> SplitFormat(const std::string& segment) {
  for (auto [suffix, format] :
       {std::pair{".json", Format::kJson}, std::pair{".xml", Format::kXml}}) {
    std::string s = suffix;
    if (segment.size() > s.size() && segment.compare(segment.size() - s.size(), s.size(), s) == 0)
      return std::pair{segment.substr(0, segment.size() - s.size()), format};
  }
  return std::nullopt;
}

// A failed exchange: the HTTP status and the Open311 errors.
struct Failure {
  int status;
  std::vector<Error> errors;
};

Failure Fail(int status, std::string description) {
  return {status, {{status, std::move(description)}}};
}

Failure FromStatus(const Status& s, const std::string& what) {
  int code = 500;
  switch (s.code()) {
    case StatusCode::kInvalidArgument:
    case StatusCode::kRejected:
      code = 400;
      break;
    case StatusCode::kPermissionDenied:
      code = 403;
      break;
    case StatusCode::kNotFound:
      code = 404;
      break;
    case StatusCode::kConflict:
      code = 409;
      break;
    case StatusCode::kResourceExhausted:
      code = 429;
      break;
    case StatusCode::kUnavailable:
    case StatusCode::kIOError:
      code = 503;
      break;
    default:
      break;
  }
  return Fail(code, what + s.message());
}

// One request being answered.
class Exchange {
 public:
  Exchange(const EndpointOptions& options, const CodeMap& codes, const HttpRequest& request,
           HttpContext& context, Format format)
      : options_(options), codes_(codes), request_(request), context_(context), format_(format) {}

  HttpResponse Reply(int status, std::string body) const {
    return {status, format_ == Format::kJson ? kJsonType : kXmlType, std::move(body)};
  }
  HttpResponse Refuse(const Failure& f) const {
    return Reply(f.status, WriteErrors(f.errors, format_));
  }

  std::optional<Failure> CheckFields() const {
    for (const auto& [name, value] : request_.fields)
      if (value.size() > options_.max_field_bytes)
        return Fail(
            400, name + " is longer than " + std::to_string(options_.max_field_bytes) + " bytes");
    const std::string& jurisdiction = request_.Field("jurisdiction_id");
    if (!jurisdiction.empty() && !options_.jurisdiction_id.empty() &&
        jurisdiction != options_.jurisdiction_id)
      return Fail(404, "jurisdiction_id " + jurisdiction + " is not served here (this is " +
                           options_.jurisdiction_id + ")");
    return std::nullopt;
  }

  // The integration the api_key proves.
  std::variant<Actor, Failure> Authenticate() const {
    const std::string& key = request_.Field("api_key");
    if (key.empty()) return Fail(403, "api_key is required");
    auto identity = context_.Authenticate(key);
    if (!identity.ok()) return Fail(403, "api_key is not valid");
    if (identity->kind != IdentityKind::kIntegration)
      return Fail(403, "api_key is not an integration's key (issue one with kind integration)");
    credential_id_ = identity->credential_id;
    return identity->ToActor();
  }

  HttpResponse Discovery() const {
    open311::Discovery d;
    d.changeset = "2026-12-01T00:00:00+08:00";
    d.contact = options_.contact;
    d.key_service =
        "api_key: a gridledgerd credential of kind integration, from the operators "
        "(gridledger credentials issue integration NAME)";
    d.url = options_.base_url;
    return Reply(200, WriteDiscovery(d, format_));
  }

  HttpResponse Services() const {
    return Reply(200, WriteServices(ServiceList(context_.engine().Catalogue()), format_));
  }

  HttpResponse Definition(const std::string& code) const {
    auto mapped = codes_.Map(code);
    const ServiceCategory* c = mapped ? FindCategory(*mapped) : nullptr;
    if (!c) return Refuse(Fail(404, "service_code " + code + " was not found"));
    return Reply(
        200, WriteServiceDefinition(ServiceDefinitionOf(*c, context_.engine().Grids()), format_));
  }

  HttpResponse Post() const {
    if (auto f = CheckFields()) return Refuse(*f);
    auto who = Authenticate();
    if (auto* f = std::get_if<Failure>(&who)) return Refuse(*f);
    const Actor actor = std::get<Actor>(who);
    auto filing = ToFiling();
    if (auto* f = std::get_if<Failure>(&filing)) return Refuse(*f);
    const FileCase& fc = std::get<FileCase>(filing);
    Engine& engine = context_.engine();
    auto receipt = engine.File(actor, fc, CommandOptions{RequestId()});
    if (!receipt.ok()) return Refuse(FromStatus(receipt.error(), ""));
    PostReceipt out;
    out.service_request_id = receipt->case_id;
    const ServiceCategory* c = FindCategory(fc.category);
    out.service_notice = (c ? SlaNotice(*c) : std::string()) +
                         (ToMicros(receipt->deadline) != 0
                              ? "; 办理期限 / due " + tools::FormatIso(receipt->deadline)
                              : std::string());
    out.account_id = request_.Field("account_id");
    return Reply(200, WritePostReceipts({out}, format_));
  }

  HttpResponse One(const std::string& id) const {
    auto who = Authenticate();
    if (auto* f = std::get_if<Failure>(&who)) return Refuse(*f);
    Engine& engine = context_.engine();
    auto view = engine.GetCase(std::get<Actor>(who), id);
    if (!view.ok()) {
      if (view.error().code() == StatusCode::kNotFound)
        return Refuse(Fail(404, "service_request_id " + id + " was not found"));
      return Refuse(FromStatus(view.error(), ""));
    }
    return Reply(200, WriteRequests({ToRequest(engine, *view)}, format_));
  }

  HttpResponse List() const {
    if (auto f = CheckFields()) return Refuse(*f);
    auto who = Authenticate();
    if (auto* f = std::get_if<Failure>(&who)) return Refuse(*f);
    const Actor actor = std::get<Actor>(who);
    Engine& engine = context_.engine();
    std::vector<Request> out;
    if (request_.HasField("service_request_id")) {
      // The specification: with ids, every other filter is ignored.
      for (const std::string& id : SplitList(request_.Field("service_request_id"))) {
        if (out.size() >= options_.max_results) break;
        auto view = engine.GetCase(actor, id);
        if (view.ok()) out.push_back(ToRequest(engine, *view));
      }
      return Reply(200, WriteRequests(out, format_));
    }
    auto range = Range(std::chrono::days(90));
    if (auto* f = std::get_if<Failure>(&range)) return Refuse(*f);
    auto [from, to] = std::get<std::pair<Timestamp, Timestamp>>(range);
    std::set<std::string> statuses, service_codes;
    for (const auto& s : SplitList(request_.Field("status"))) {
      if (s != "open" && s != "closed")
        return Refuse(Fail(400, "status must be open or closed (or both), not \"" + s + "\""));
      statuses.insert(s);
    }
    for (const auto& s : SplitList(request_.Field("service_code"))) service_codes.insert(s);
    // The ledger's range is [from, to); end_date is inclusive.
    auto entries = engine.Ledger(actor, "", from, to + std::chrono::microseconds(1));
    if (!entries.ok()) return Refuse(FromStatus(entries.error(), ""));
    std::vector<const LedgerEntry*> chosen;
    for (const auto& e : *entries) {
      if (!service_codes.empty() && !service_codes.count(e.category)) continue;
      if (!statuses.empty() && !statuses.count(IsFinished(e.state) ? "closed" : "open")) continue;
      chosen.push_back(&e);
    }
    // Newest first, at most max_results.
    std::stable_sort(chosen.begin(), chosen.end(), [](const LedgerEntry* a, const LedgerEntry* b) {
      return a->filed_at > b->filed_at;
    });
    if (chosen.size() > options_.max_results) chosen.resize(options_.max_results);
    for (const LedgerEntry* e : chosen) {
      auto view = engine.GetCase(actor, e->case_id);
      if (view.ok()) out.push_back(ToRequest(engine, *view));
    }
    return Reply(200, WriteRequests(out, format_));
  }

  HttpResponse Updates() const {
    if (auto f = CheckFields()) return Refuse(*f);
    auto who = Authenticate();
    if (auto* f = std::get_if<Failure>(&who)) return Refuse(*f);
    const Actor actor = std::get<Actor>(who);
    auto range = Range(std::chrono::days(1));
    if (auto* f = std::get_if<Failure>(&range)) return Refuse(*f);
    auto [from, to] = std::get<std::pair<Timestamp, Timestamp>>(range);
    Engine& engine = context_.engine();
    // The cases touched in the range, in the order they were first touched.
    auto touched = CasesTouched(engine.log(), from, to);
    if (!touched.ok()) return Refuse(FromStatus(touched.error(), ""));
    std::vector<std::pair<Timestamp, Update>> updates;
    for (const std::string& id : *touched) {
      auto view = engine.GetCase(actor, id);
      if (!view.ok()) {
        if (view.error().code() == StatusCode::kPermissionDenied)
          return Refuse(FromStatus(view.error(), ""));
        continue;  // erased or not a case after all
      }
      auto of_case = CaseUpdates(engine, *view, from, to);
      if (!of_case.ok()) return Refuse(FromStatus(of_case.error(), ""));
      for (auto& u : *of_case) {
        Timestamp at = tools::ParseIso(u.updated_datetime).value_or(Timestamp{});
        updates.emplace_back(at, std::move(u));
      }
    }
    std::stable_sort(updates.begin(), updates.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
    // Oldest first (a client pages on by asking from the last one it saw);
    // at most max_results.
    if (updates.size() > options_.max_results) updates.resize(options_.max_results);
    std::vector<Update> out;
    for (auto& [at, u] : updates) out.push_back(std::move(u));
    return Reply(200, WriteUpdates(out, format_));
  }

 private:
  static std::vector<std::string> SplitList(const std::string& text) {
    std::vector<std::string> out;
    size_t start = 0;
    while (start <= text.size()) {
      size_t comma = text.find(',', start);
      if (comma == std::string::npos) comma = text.size();
      std::string item = text.substr(start, comma - start);
      while (!item.empty() && item.front() == ' ') item.erase(item.begin());
      while (!item.empty() && item.back() == ' ') item.pop_back();
      if (!item.empty()) out.push_back(item);
      start = comma + 1;
    }
    return out;
  }

  // [start_date, end_date]: end defaults to now, start to `window` before.
  std::variant<std::pair<Timestamp, Timestamp>, Failure> Range(
      std::chrono::microseconds window) const {
    auto parse = [&](const char* name, Timestamp fallback) -> std::variant<Timestamp, Failure> {
      const std::string& text = request_.Field(name);
      if (text.empty()) return fallback;
      auto t = tools::ParseIso(text);
      if (!t)
        return Fail(400,
                    std::string(name) + " \"" + text +
                        "\" is not an ISO 8601 date or datetime (e.g. 2026-12-01T08:00:00+08:00)");
      return *t;
    };
    Timestamp now =
        std::chrono::time_point_cast<std::chrono::microseconds>(std::chrono::system_clock::now());
    auto end = parse("end_date", now);
    if (auto* f = std::get_if<Failure>(&end)) return *f;
    Timestamp to = std::get<Timestamp>(end);
    auto start = parse("start_date", to - window);
    if (auto* f = std::get_if<Failure>(&start)) return *f;
    Timestamp from = std::get<Timestamp>(start);
    if (from > to) return Fail(400, "start_date is after end_date");
    return std::pair{from, to};
  }

  // Case streams with an event recorded in [from, to]. The log's times
  // follow its positions (a clock stepping back by less than the slack is
  // still found): the first position is found by bisection, then the log
  // is read forward until past `to`.
  static Result<std::vector<std::string>> CasesTouched(EventLog& log, Timestamp from,
                                                       Timestamp to) {
    constexpr auto kSlack = std::chrono::minutes(5);
    uint64_t lo = 1, hi = log.Committed().value + 1;
    while (lo < hi) {
      uint64_t mid = lo + (hi - lo) / 2;
      GL_ASSIGN_OR_RETURN(auto one, log.ReadAll(Position{mid}, 1));
      if (one.empty()) break;
      if (one.front().recorded_at < from - kSlack)
        lo = mid + 1;
      else
        hi = mid;
    }
    std::vector<std::string> cases;
    std::set<std::string> seen;
    for (uint64_t next = lo;;) {
      GL_ASSIGN_OR_RETURN(auto batch, log.ReadAll(Position{next}, 512));
      if (batch.empty()) break;
      for (const auto& e : batch) {
        if (e.recorded_at > to + kSlack) return cases;
        if (e.recorded_at < from || e.recorded_at > to) continue;
        const std::string& s = e.stream.value;
        if (s.rfind("case-", 0) == 0 && seen.insert(s).second) cases.push_back(s);
      }
      next = batch.back().position.value + 1;
    }
    return cases;
  }

  // The request id of this POST: from the Idempotency-Key header, else from
  // device_id and every field; empty (file every time) without either.
  EventId RequestId() const {
    std::string key = request_.Header("idempotency-key");
    if (key.empty() && !request_.Field("device_id").empty()) {
      std::vector<std::pair<std::string, std::string>> fields;
      for (const auto& f : request_.fields)
        if (f.first != "api_key") fields.push_back(f);
      std::sort(fields.begin(), fields.end());
      key = "device";
      for (const auto& [n, v] : fields)
        key += "\n" + std::to_string(n.size()) + ":" + n + "=" + std::to_string(v.size()) + ":" + v;
    }
    if (key.empty()) return {};
    return EventId::FromName("open311.post\n" + credential_id_ + "\n" + key);
  }

  // The POST's fields as a filing, or the first field at fault.
  std::variant<FileCase, Failure> ToFiling() const {
    FileCase fc;
    const std::string& code = request_.Field("service_code");
    if (code.empty()) return Fail(400, "service_code is required");
    auto mapped = codes_.Map(code);
    const ServiceCategory* category = mapped ? FindCategory(*mapped) : nullptr;
    if (!category) return Fail(404, "service_code " + code + " was not found");
    fc.category = category->code;
    fc.source = options_.source;

    const std::string& lat = request_.Field("lat");
    const std::string& lon = request_.Field("long");
    for (auto [name, value, limit] :
         {std::tuple{"lat", &lat, 90.0}, std::tuple{"long", &lon, 180.0}}) {
      if (value->empty()) continue;
      char* end = nullptr;
      double d = std::strtod(value->c_str(), &end);
      if (!end || *end != '\0' || !std::isfinite(d) || std::fabs(d) > limit)
        return Fail(400, std::string(name) + " \"" + *value + "\" is not a number between -" +
                             std::to_string(int(limit)) + " and " + std::to_string(int(limit)));
    }
    if (lat.empty() != lon.empty()) return Fail(400, "lat and long must be given together");
    const std::string& address = request_.Field("address_string");
    const std::string& address_id = request_.Field("address_id");
    if (lat.empty() && address.empty() && address_id.empty())
      return Fail(400, "a location is required: lat/long, address_string or address_id");
    fc.location.address = address;
    fc.location.place_id = address_id;
    fc.location.lat_e6 = DegreesToE6(lat);
    fc.location.lon_e6 = DegreesToE6(lon);
    // Attributes of the service definition.
    ServiceDefinition definition = ServiceDefinitionOf(*category, context_.engine().Grids());
    std::string phrase;
    for (const auto& [name, value] : request_.fields) {
      if (name.rfind("attribute[", 0) != 0) continue;
      if (name.back() != ']') return Fail(400, name + " is not an attribute field");
      std::string attribute = name.substr(10, name.size() - 11);
      const Attribute* a = nullptr;
      for (const auto& d : definition.attributes)
        if (d.code == attribute) a = &d;
      if (!a)
        return Fail(400, name + ": " + category->code + " has no attribute \"" + attribute +
                             "\" (GET services/" + category->code + " lists them)");
      const AttributeValue* chosen = nullptr;
      for (const auto& v : a->values)
        if (v.key == value) chosen = &v;
      if (!chosen) return Fail(400, name + ": \"" + value + "\" is not one of its values");
      if (attribute == "grid") fc.location.grid_code = chosen->key;
      if (attribute == "phrase") phrase = chosen->name;
    }

    std::string description = request_.Field("description");
    if (!phrase.empty()) description = description.empty() ? phrase : phrase + "。" + description;
    if (description.empty()) description = category->name_zh;
    fc.description = description;

    const std::string& first = request_.Field("first_name");
    const std::string& last = request_.Field("last_name");
    // Chinese order: family name first.
    fc.reporter_name = last + first;
    // The engine normalises it (NormalizePhone: separators, +86) and checks it.
    fc.reporter_phone = request_.Field("phone");
    const std::string& email = request_.Field("email");
    if (!email.empty() &&
        (email.find('@') == std::string::npos || email.find(' ') != std::string::npos))
      return Fail(400, "email \"" + email + "\" is not an e-mail address");
    const std::string& media = request_.Field("media_url");
    if (!media.empty() && media.rfind("https://", 0) != 0 && media.rfind("http://", 0) != 0)
      return Fail(400, "media_url must be an http or https URL");
    fc.media_url = media;
    return fc;
  }

  const EndpointOptions& options_;
  const CodeMap& codes_;
  const HttpRequest& request_;
  HttpContext& context_;
  Format format_;
  mutable std::string credential_id_;
};

}  // namespace

Result<std::shared_ptr<GeoReportEndpoint>> GeoReportEndpoint::Create(EndpointOptions options) {
  if (options.source != CaseSource::kHotline && options.source != CaseSource::kImport)
    return Status::InvalidArgument("an Open311 endpoint files as hotline or import");
  if (options.max_results == 0) return Status::InvalidArgument("max_results must be at least 1");
  GL_ASSIGN_OR_RETURN(CodeMap codes, CodeMap::Load(options.code_map_file, ""));
  return std::shared_ptr<GeoReportEndpoint>(
      new GeoReportEndpoint(std::move(options), std::move(codes)));
}

HttpResponse GeoReportEndpoint::Handle(const HttpRequest& request, HttpContext& context) {
  const auto& s = request.segments;
  // The format is the last segment's suffix; without one, answer in XML.
  std::optional<std::pair<std::string, Format>> last;
  if (!s.empty()) last = SplitFormat(s.back());
  Format format = last ? last->second : Format::kXml;
  Exchange x(options_, codes_, request, context, format);
  if (!last)
    return x.Refuse(Fail(404,
                         "not an Open311 resource: end the path in .xml or .json "
                         "(discovery, services, requests, servicerequestupdates)"));
  const std::string& leaf = last->first;
  const bool get = request.method == "GET" || request.method == "HEAD";
  const bool post = request.method == "POST";
  auto method_not_allowed = [&](const char* allowed) {
    return x.Refuse(Fail(405, request.method + " is not allowed here; use " + allowed));
  };
  if (s.size() == 1) {
    if (leaf == "discovery") return get ? x.Discovery() : method_not_allowed("GET");
    if (leaf == "services") return get ? x.Services() : method_not_allowed("GET");
    if (leaf == "requests")
      return get ? x.List() : post ? x.Post() : method_not_allowed("GET or POST");
    if (leaf == "servicerequestupdates") return get ? x.Updates() : method_not_allowed("GET");
  }
  if (s.size() == 2) {
    if (s[0] == "services") return get ? x.Definition(leaf) : method_not_allowed("GET");
    if (s[0] == "requests") return get ? x.One(leaf) : method_not_allowed("GET");
    if (s[0] == "tokens")
      return x.Refuse(Fail(404, "token " + leaf +
                                    " is not known: requests are filed synchronously and POST "
                                    "returns the service_request_id"));
  }
  return x.Refuse(Fail(404, "no such Open311 resource"));
}

}  // namespace gridledger::open311
