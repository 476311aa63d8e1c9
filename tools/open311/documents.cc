#include "documents.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdlib>
#include <set>
#include <sstream>

#include "nlohmann/json.hpp"
#include "pugixml.hpp"
#include "time_format.h"

namespace gridledger::open311 {
namespace {

using Json = nlohmann::ordered_json;

std::string SaveXml(const pugi::xml_document& doc) {
  std::ostringstream out;
  doc.save(out, "  ", pugi::format_default, pugi::encoding_utf8);
  return out.str();
}

pugi::xml_node NewDocument(pugi::xml_document& doc, const char* root) {
  auto decl = doc.append_child(pugi::node_declaration);
  decl.append_attribute("version") = "1.0";
  decl.append_attribute("encoding") = "utf-8";
  return doc.append_child(root);
}

void AddText(pugi::xml_node parent, const char* name, const std::string& value) {
  auto node = parent.append_child(name);
  if (!value.empty()) node.text().set(value.c_str());
}

Json TextOrNull(const std::string& s) { return s.empty() ? Json(nullptr) : Json(s); }

Json NumberOrNull(const std::string& s) {
  if (s.empty()) return nullptr;
  char* end = nullptr;
  double v = std::strtod(s.c_str(), &end);
  if (end && *end == '\0') return v;
  return s;
}

bool HasZone(const std::string& t) {
  if (t.empty()) return false;
  if (t.back() == 'Z' || t.back() == 'z') return true;
  auto tpos = t.find('T');
  return tpos != std::string::npos && t.find_first_of("+-", tpos) != std::string::npos;
}

const std::set<std::string>& KnownStatuses() {
  // GeoReport v2 plus mySociety's additional states (lower case).
  static const std::set<std::string> s = {"open",
                                          "closed",
                                          "investigating",
                                          "in_progress",
                                          "action_scheduled",
                                          "fixed",
                                          "duplicate",
                                          "not_councils_responsibility",
                                          "no_further_action",
                                          "internal_referral",
                                          "unable_to_fix"};
  return s;
}

std::string Describe(size_t index, const Request& r) {
  std::string out = "request " + std::to_string(index + 1);
  if (!r.service_request_id.empty()) out += " (service_request_id " + r.service_request_id + ")";
  return out;
}

// Field-level checks shared by both formats.
void CheckRequest(size_t index, Request& r, std::vector<Error>* errors) {
  auto fail = [&](const std::string& what) {
    errors->push_back({400, Describe(index, r) + ": " + what});
  };
  for (const char* name : {"requested_datetime", "updated_datetime", "expected_datetime"}) {
    for (const auto& f : RequestFields()) {
      if (std::string_view(f.name) != name) continue;
      const std::string& v = r.*f.member;
      if (v.empty()) continue;
      if (!HasZone(v) || !tools::ParseIso(v))
        fail(std::string(name) + " \"" + v +
             "\" is not an ISO 8601 datetime with a time zone (e.g. 2010-04-19T06:37:38-08:00)");
    }
  }
  auto check_coord = [&](const char* name, const std::string& v, double limit) {
    if (v.empty()) return;
    char* end = nullptr;
    double d = std::strtod(v.c_str(), &end);
    if (!end || *end != '\0' || !std::isfinite(d) || std::fabs(d) > limit)
      fail(std::string(name) + " \"" + v + "\" is not a number between -" +
           std::to_string(static_cast<int>(limit)) + " and " +
           std::to_string(static_cast<int>(limit)));
  };
  check_coord("lat", r.lat, 90);
  check_coord("long", r.lon, 180);
  if (!r.status.empty()) {
    std::string lower;
    for (char c : r.status) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (!KnownStatuses().count(lower))
      fail("status \"" + r.status + "\" is not open, closed or a mySociety state");
    r.status = lower;
  }
}

std::string* FieldByName(Request& r, std::string_view name) {
  for (const auto& f : RequestFields())
    if (name == f.name) return &(r.*f.member);
  return nullptr;
}

// "line L, column C" of byte `offset` (both 1-based; columns count bytes).
std::string LineColumn(std::string_view text, size_t offset) {
  offset = std::min(offset, text.size());
  size_t line = 1, column = 1;
  for (size_t i = 0; i < offset; ++i) {
    if (text[i] == '\n') {
      ++line;
      column = 1;
    } else {
      ++column;
    }
  }
  return "line " + std::to_string(line) + ", column " + std::to_string(column);
}

// True when nothing but white space follows `offset`: the parser ran out
// of input, so the document was cut off rather than written wrongly.
bool AtEnd(std::string_view text, size_t offset) {
  for (size_t i = offset; i < text.size(); ++i)
    if (!std::isspace(static_cast<unsigned char>(text[i]))) return false;
  return true;
}

// True when the document's root element opens but never closes: the file
// was cut off (pugixml then reports whatever mismatch it met last).
bool RootNeverCloses(std::string_view text) {
  for (size_t i = text.find('<'); i != std::string_view::npos; i = text.find('<', i + 1)) {
    if (i + 1 >= text.size()) return true;
    char c = text[i + 1];
    if (c == '?' || c == '!') continue;  // declaration, comment, doctype
    size_t end = text.find_first_of(" \t\r\n/>", i + 1);
    if (end == std::string_view::npos) return true;
    std::string close = "</" + std::string(text.substr(i + 1, end - i - 1));
    return text.find(close, end) == std::string_view::npos;
  }
  return false;
}

void ParseXml(std::string_view text, std::vector<Request>* out, std::vector<Error>* errors) {
  pugi::xml_document doc;
  auto result = doc.load_buffer(text.data(), text.size(), pugi::parse_default, pugi::encoding_utf8);
  if (!result) {
    size_t offset = static_cast<size_t>(std::max<ptrdiff_t>(result.offset, 0));
    bool cut_off = result.status != pugi::status_no_document_element &&
                   (AtEnd(text, offset) || RootNeverCloses(text));
    if (cut_off)
      errors->push_back({400, "the XML document is cut off at " + LineColumn(text, text.size()) +
                                  ": it ends before every element is closed"});
    else
      errors->push_back(
          {400, "malformed XML at " + LineColumn(text, offset) + ": " + result.description()});
    return;
  }
  auto root = doc.document_element();
  if (std::string_view(root.name()) != "service_requests") {
    errors->push_back({400, std::string("the root element is <") + root.name() +
                                ">, expected <service_requests>"});
    return;
  }
  size_t index = 0;
  for (auto node : root.children()) {
    if (node.type() != pugi::node_element) continue;
    Request r;
    if (std::string_view(node.name()) != "request") {
      errors->push_back({400, std::string("unexpected element <") + node.name() +
                                  "> in <service_requests>; only <request> may appear"});
      ++index;
      continue;
    }
    std::set<std::string> seen;
    for (auto field : node.children()) {
      if (field.type() != pugi::node_element) continue;
      std::string name = field.name();
      std::string* slot = FieldByName(r, name);
      if (!slot) {
        errors->push_back({400, Describe(index, r) + ": unknown field <" + name + ">"});
        continue;
      }
      if (!seen.insert(name).second)
        errors->push_back({400, Describe(index, r) + ": field <" + name + "> appears twice"});
      if (field.first_child().type() == pugi::node_element)
        errors->push_back({400, Describe(index, r) + ": field <" + name + "> must hold text"});
      *slot = field.text().get();
    }
    CheckRequest(index, r, errors);
    out->push_back(std::move(r));
    ++index;
  }
}

void ParseJson(std::string_view text, std::vector<Request>* out, std::vector<Error>* errors) {
  Json doc;
  try {
    doc = Json::parse(text);
  } catch (const Json::parse_error& e) {
    // e.byte is 1-based: the byte after the last one read.
    size_t offset = e.byte == 0 ? 0 : e.byte - 1;
    std::string what = e.what();
    if (auto p = what.find("syntax error"); p != std::string::npos) what = what.substr(p);
    if (offset >= text.size() || AtEnd(text, offset))
      errors->push_back({400, "the JSON document is cut off at " +
                                  LineColumn(text, std::min(offset, text.size())) +
                                  ": it ends before every array and object is closed"});
    else
      errors->push_back({400, "malformed JSON at " + LineColumn(text, offset) + ": " + what});
    return;
  } catch (const Json::exception& e) {  // out_of_range for huge numbers
    std::string what = e.what();
    errors->push_back({400, "malformed JSON: " + what});
    return;
  }
  if (doc.is_object()) doc = Json::array({doc});
  if (!doc.is_array()) {
    errors->push_back({400, "expected a JSON array of service requests"});
    return;
  }
  for (size_t index = 0; index < doc.size(); ++index) {
    const Json& item = doc[index];
    Request r;
    if (!item.is_object()) {
      errors->push_back({400, Describe(index, r) + ": must be a JSON object"});
      continue;
    }
    for (auto it = item.begin(); it != item.end(); ++it) {
      std::string* slot = FieldByName(r, it.key());
      if (!slot) {
        errors->push_back({400, Describe(index, r) + ": unknown field \"" + it.key() + "\""});
        continue;
      }
      const Json& v = it.value();
      if (v.is_null())
        slot->clear();
      else if (v.is_string())
        *slot = v.get<std::string>();
      else if (v.is_number())
        *slot = v.dump();
      else
        errors->push_back(
            {400, Describe(index, r) + ": field \"" + it.key() + "\" must be text or a number"});
    }
    CheckRequest(index, r, errors);
    out->push_back(std::move(r));
  }
}

}  // namespace

const std::vector<RequestField>& RequestFields() {
  static const std::vector<RequestField> fields = {
      {"service_request_id", &Request::service_request_id, true},
      {"status", &Request::status, true},
      {"status_notes", &Request::status_notes, true},
      {"service_name", &Request::service_name, true},
      {"service_code", &Request::service_code, true},
      {"description", &Request::description, true},
      {"agency_responsible", &Request::agency_responsible, true},
      {"service_notice", &Request::service_notice, true},
      {"requested_datetime", &Request::requested_datetime, true},
      {"updated_datetime", &Request::updated_datetime, true},
      {"expected_datetime", &Request::expected_datetime, true},
      {"address", &Request::address, true},
      {"address_id", &Request::address_id, true},
      {"zipcode", &Request::zipcode, true},
      {"lat", &Request::lat, true},
      {"long", &Request::lon, true},
      {"media_url", &Request::media_url, true},
      {"first_name", &Request::first_name, false},
      {"last_name", &Request::last_name, false},
      {"phone", &Request::phone, false},
      {"email", &Request::email, false},
      {"jurisdiction_id", &Request::jurisdiction_id, false},
      {"address_string", &Request::address_string, false},
      {"device_id", &Request::device_id, false},
      {"account_id", &Request::account_id, false},
  };
  return fields;
}

std::string WriteServices(const std::vector<Service>& services, Format format) {
  if (format == Format::kJson) {
    Json out = Json::array();
    for (const auto& s : services)
      out.push_back({{"service_code", s.service_code},
                     {"service_name", s.service_name},
                     {"description", TextOrNull(s.description)},
                     {"metadata", s.metadata},
                     {"type", s.type},
                     {"keywords", TextOrNull(s.keywords)},
                     {"group", TextOrNull(s.group)}});
    return out.dump(2) + "\n";
  }
  pugi::xml_document doc;
  auto root = NewDocument(doc, "services");
  for (const auto& s : services) {
    auto node = root.append_child("service");
    AddText(node, "service_code", s.service_code);
    AddText(node, "service_name", s.service_name);
    AddText(node, "description", s.description);
    AddText(node, "metadata", s.metadata ? "true" : "false");
    AddText(node, "type", s.type);
    AddText(node, "keywords", s.keywords);
    AddText(node, "group", s.group);
  }
  return SaveXml(doc);
}

std::string WriteServiceDefinition(const ServiceDefinition& d, Format format) {
  if (format == Format::kJson) {
    Json attributes = Json::array();
    for (const auto& a : d.attributes) {
      Json values = Json::array();
      for (const auto& v : a.values) values.push_back({{"key", v.key}, {"name", v.name}});
      attributes.push_back({{"variable", a.variable},
                            {"code", a.code},
                            {"datatype", a.datatype},
                            {"required", a.required},
                            {"datatype_description", TextOrNull(a.datatype_description)},
                            {"order", a.order},
                            {"description", a.description},
                            {"values", values}});
    }
    Json out = {{"service_code", d.service_code}, {"attributes", attributes}};
    return out.dump(2) + "\n";
  }
  pugi::xml_document doc;
  auto root = NewDocument(doc, "service_definition");
  AddText(root, "service_code", d.service_code);
  auto attributes = root.append_child("attributes");
  for (const auto& a : d.attributes) {
    auto node = attributes.append_child("attribute");
    AddText(node, "variable", a.variable ? "true" : "false");
    AddText(node, "code", a.code);
    AddText(node, "datatype", a.datatype);
    AddText(node, "required", a.required ? "true" : "false");
    AddText(node, "datatype_description", a.datatype_description);
    AddText(node, "order", std::to_string(a.order));
    AddText(node, "description", a.description);
    auto values = node.append_child("values");
    for (const auto& v : a.values) {
      auto value = values.append_child("value");
      AddText(value, "key", v.key);
      AddText(value, "name", v.name);
    }
  }
  return SaveXml(doc);
}

std::string WriteDiscovery(const Discovery& d, Format format) {
  static const char* const kFormats[] = {"text/xml", "application/json"};
  if (format == Format::kJson) {
    Json endpoint = {{"specification", "http://wiki.open311.org/GeoReport_v2"},
                     {"url", d.url},
                     {"changeset", d.changeset},
                     {"type", d.type},
                     {"formats", Json::array({kFormats[0], kFormats[1]})}};
    Json out = {{"changeset", d.changeset},
                {"contact", TextOrNull(d.contact)},
                {"key_service", TextOrNull(d.key_service)},
                {"endpoints", Json::array({endpoint})}};
    return out.dump(2) + "\n";
  }
  pugi::xml_document doc;
  auto root = NewDocument(doc, "discovery");
  AddText(root, "changeset", d.changeset);
  AddText(root, "contact", d.contact);
  AddText(root, "key_service", d.key_service);
  auto endpoint = root.append_child("endpoints").append_child("endpoint");
  AddText(endpoint, "specification", "http://wiki.open311.org/GeoReport_v2");
  AddText(endpoint, "url", d.url);
  AddText(endpoint, "changeset", d.changeset);
  AddText(endpoint, "type", d.type);
  auto formats = endpoint.append_child("formats");
  for (const char* f : kFormats) AddText(formats, "format", f);
  return SaveXml(doc);
}

std::string WritePostReceipts(const std::vector<PostReceipt>& receipts, Format format) {
  if (format == Format::kJson) {
    Json out = Json::array();
    for (const auto& r : receipts)
      out.push_back({{"service_request_id", r.service_request_id},
                     {"service_notice", TextOrNull(r.service_notice)},
                     {"account_id", TextOrNull(r.account_id)}});
    return out.dump(2) + "\n";
  }
  pugi::xml_document doc;
  auto root = NewDocument(doc, "service_requests");
  for (const auto& r : receipts) {
    auto node = root.append_child("request");
    AddText(node, "service_request_id", r.service_request_id);
    AddText(node, "service_notice", r.service_notice);
    AddText(node, "account_id", r.account_id);
  }
  return SaveXml(doc);
}

std::string WriteRequests(const std::vector<Request>& requests, Format format) {
  if (format == Format::kJson) {
    Json out = Json::array();
    for (const auto& r : requests) {
      Json obj = Json::object();
      for (const auto& f : RequestFields()) {
        if (!f.exported) continue;
        std::string_view name = f.name;
        obj[f.name] =
            (name == "lat" || name == "long") ? NumberOrNull(r.*f.member) : TextOrNull(r.*f.member);
      }
      out.push_back(std::move(obj));
    }
    return out.dump(2) + "\n";
  }
  pugi::xml_document doc;
  auto root = NewDocument(doc, "service_requests");
  for (const auto& r : requests) {
    auto node = root.append_child("request");
    for (const auto& f : RequestFields())
      if (f.exported) AddText(node, f.name, r.*f.member);
  }
  return SaveXml(doc);
}

std::string WriteUpdates(const std::vector<Update>& updates, Format format) {
  if (format == Format::kJson) {
    Json out = Json::array();
    for (const auto& u : updates)
      out.push_back({{"update_id", u.update_id},
                     {"service_request_id", u.service_request_id},
                     {"status", u.status},
                     {"updated_datetime", u.updated_datetime},
                     {"description", TextOrNull(u.description)},
                     {"media_url", TextOrNull(u.media_url)}});
    return out.dump(2) + "\n";
  }
  pugi::xml_document doc;
  auto root = NewDocument(doc, "service_request_updates");
  for (const auto& u : updates) {
    auto node = root.append_child("request_update");
    AddText(node, "update_id", u.update_id);
    AddText(node, "service_request_id", u.service_request_id);
    AddText(node, "status", u.status);
    AddText(node, "updated_datetime", u.updated_datetime);
    AddText(node, "description", u.description);
    AddText(node, "media_url", u.media_url);
  }
  return SaveXml(doc);
}

std::string WriteErrors(const std::vector<Error>& errors, Format format) {
  if (format == Format::kJson) {
    Json out = Json::array();
    for (const auto& e : errors) out.push_back({{"code", e.code}, {"description", e.description}});
    return out.dump(2) + "\n";
  }
  pugi::xml_document doc;
  auto root = NewDocument(doc, "errors");
  for (const auto& e : errors) {
    auto node = root.append_child("error");
    AddText(node, "code", std::to_string(e.code));
    AddText(node, "description", e.description);
  }
  return SaveXml(doc);
}

std::optional<Format> SniffFormat(std::string_view text) {
  size_t i = 0;
  if (text.substr(0, 3) == "\xEF\xBB\xBF") i = 3;
  for (; i < text.size(); ++i) {
    char c = text[i];
    if (std::isspace(static_cast<unsigned char>(c))) continue;
    if (c == '<') return Format::kXml;
    if (c == '[' || c == '{') return Format::kJson;
    return std::nullopt;
  }
  return std::nullopt;
}

bool IsClosedStatus(std::string_view status) {
  return status == "closed" || status == "fixed" || status == "duplicate" ||
         status == "not_councils_responsibility" || status == "no_further_action" ||
         status == "internal_referral" || status == "unable_to_fix";
}

void ParseRequests(std::string_view text, Format format, std::vector<Request>* requests,
                   std::vector<Error>* errors) {
  std::vector<Request> parsed;
  size_t before = errors->size();
  if (format == Format::kXml)
    ParseXml(text, &parsed, errors);
  else
    ParseJson(text, &parsed, errors);
  if (errors->size() == before && parsed.empty())
    errors->push_back({400, "the document holds no service requests"});
  if (errors->size() == before) *requests = std::move(parsed);
}

}  // namespace gridledger::open311
