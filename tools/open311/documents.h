// Open311 GeoReport v2 documents (https://wiki.open311.org/GeoReport_v2)
// and mySociety's service request updates extension, as plain values with
// XML and JSON writers and readers. No engine types appear here:
// mapping.h maps between these and GridLedger's cases.
//
// Every field is kept as text exactly as the specification names it; empty
// text means "absent" (written as an empty element in XML, null in JSON).
// Datetimes are ISO 8601 with a zone; lat/long are decimal degrees (numbers
// in JSON).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace gridledger::open311 {

enum class Format { kXml, kJson };

// GET services: one entry of the service list.
struct Service {
  std::string service_code, service_name, description;
  bool metadata = false;
  std::string type = "realtime";  // realtime | batch | blackbox
  std::string keywords, group;
};

// GET services/{code}: one attribute of a service definition.
struct AttributeValue {
  std::string key, name;
};
struct Attribute {
  bool variable = true;
  std::string code;
  std::string datatype;  // string | number | datetime | text | singlevaluelist | multivaluelist
  bool required = false;
  std::string datatype_description;
  int order = 1;
  std::string description;
  std::vector<AttributeValue> values;  // for the value lists
};
struct ServiceDefinition {
  std::string service_code;
  std::vector<Attribute> attributes;
};

// GET discovery: where the endpoint is and what it speaks.
struct Discovery {
  std::string changeset;  // ISO 8601: when this description last changed
  std::string contact, key_service;
  std::string url;  // the endpoint's base URL, e.g. https://gl.example/open311/v2
  std::string type = "production";
};

// POST requests: what the client learns about its filed request.
struct PostReceipt {
  std::string service_request_id, service_notice, account_id;
};

// GET requests: one service request. Field order is the specification's.
struct Request {
  std::string service_request_id, status, status_notes, service_name, service_code, description,
      agency_responsible, service_notice, requested_datetime, updated_datetime, expected_datetime,
      address, address_id, zipcode, lat, lon, media_url;
  // POST-only fields a feeding system may include (never exported: they are
  // the reporter's personal data or the feeding client's own references).
  std::string first_name, last_name, phone, email, jurisdiction_id, address_string, device_id,
      account_id;
  bool operator==(const Request&) const = default;
};

// mySociety extension: GET servicerequestupdates.
struct Update {
  std::string update_id, service_request_id, status, updated_datetime, description, media_url;
};

// An Open311 error: {code, description}.
struct Error {
  int code = 400;
  std::string description;
};

// The names of Request's fields in specification order, with accessors.
struct RequestField {
  const char* name;
  std::string Request::*member;
  bool exported;  // false for the POST-only personal fields
};
const std::vector<RequestField>& RequestFields();

std::string WriteServices(const std::vector<Service>& services, Format format);
std::string WriteServiceDefinition(const ServiceDefinition& definition, Format format);
std::string WriteDiscovery(const Discovery& discovery, Format format);
std::string WritePostReceipts(const std::vector<PostReceipt>& receipts, Format format);
std::string WriteRequests(const std::vector<Request>& requests, Format format);
std::string WriteUpdates(const std::vector<Update>& updates, Format format);
std::string WriteErrors(const std::vector<Error>& errors, Format format);

// Statuses of GeoReport v2 and mySociety that mean the request is finished
// ("closed", "fixed", "duplicate", ...). REQUIRES: lower case.
bool IsClosedStatus(std::string_view status);

// Guesses the format from the first non-blank character ('<' is XML).
std::optional<Format> SniffFormat(std::string_view text);

// Parses a <service_requests> document (or a JSON array of request
// objects; a single object is accepted too). Structural problems (not
// well-formed, wrong root, unknown field, a field that is not text, a
// datetime without zone, lat/long out of range) are returned as errors,
// each naming the request (by index and id) and the field; a document that
// is not well-formed is named at line:column, and one that ends early is
// said to be cut off. Nothing is
// returned partially: `requests` is filled only when `errors` is empty.
void ParseRequests(std::string_view text, Format format, std::vector<Request>* requests,
                   std::vector<Error>* errors);

}  // namespace gridledger::open311
