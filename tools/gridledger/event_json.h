// JSON <-> events, for `append`, `read`, `tail` and scripts.
//
// A recorded event prints as one object:
//   {"position":7,"stream":"case-1","version":2,"id":"…","type":"caseDispatched",
//    "occurredAt":"2026-11-23T09:00:00+08:00","recordedAt":"…","actor":"w-1",
//    "gridCode":"…","schemaVersion":1,"hash":"<hex>","data":{…}}
// `data` holds the payload with the field names of schemas/events.capnp
// (camelCase), enums by their schema names ("urgent", "fullTimeWorker"),
// times as ISO 8601 strings, binary fields (sealed ciphers, nonces, hashes,
// opaque data) as base64. An opaque event has type "opaque" and data
// {"typeName": …, "data": <base64>} (or {"typeName": …, "text": …}).
//
// `append` reads the same shape: "type" is required, "data" defaults to {},
// every other field is optional; the fields the log assigns (position,
// version, recordedAt, hash, schemaVersion) are ignored, so the output of
// `read --json-lines` can be appended elsewhere. Unknown fields are errors.
#pragma once

#include <string>
#include <vector>

#include "context.h"
#include "gridledger/event.h"
#include "gridledger/status.h"

namespace gridledger::cli {

// The payload's fields as a JSON object (see above).
Json PayloadToJson(const EventPayload& payload);
// "caseFiled", "opaque", …: the "type" written for `payload`.
std::string PayloadTypeName(const EventPayload& payload);

// The whole recorded event.
Json RecordedEventToJson(const RecordedEvent& event);

// Every type name PayloadFromJson accepts, in schema order.
const std::vector<std::string>& KnownEventTypes();

// Builds a payload of `type` from `data`. kInvalidArgument names the
// offending field and what it should be.
Result<EventPayload> PayloadFromJson(const std::string& type, const Json& data);

// A NewEvent from one input object; `stream` receives its "stream" field
// ("" when absent). kInvalidArgument names the offending field.
Result<NewEvent> NewEventFromJson(const Json& object, std::string* stream);

// Base64 (RFC 4648, padded) and lower-case hex.
std::string Base64Encode(std::string_view bytes);
bool Base64Decode(std::string_view text, std::string* out);
std::string HexEncode(const uint8_t* data, size_t size);

}  // namespace gridledger::cli
