#include "event_json.h"

#include <concepts>
#include <limits>
#include <set>
#include <stdexcept>
#include <type_traits>
#include <utility>

#include "event_fields.h"
#include "time_format.h"

namespace gridledger::cli {
namespace {

// Thrown inside this file only; PayloadFromJson turns it into a Status.
struct FieldError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

Json TimeToJson(Timestamp t) {
  if (ToMicros(t) == 0) return nullptr;
  return tools::FormatIso(t);
}

// The nested structs Describe() covers (besides the payloads themselves).
template <typename T>
concept Nested =
    std::same_as<T, SealedField> || std::same_as<T, Location> || std::same_as<T, InspectionItem>;

// Writes each described field into a JSON object.
class Writer {
 public:
  explicit Writer(Json& out) : out_(out) {}

  void Field(const char* k, const std::string& s) { out_[k] = s; }
  void Field(const char* k, bool b) { out_[k] = b; }
  void Field(const char* k, uint8_t n) { out_[k] = n; }
  void Field(const char* k, uint32_t n) { out_[k] = n; }
  void Field(const char* k, int32_t n) { out_[k] = n; }
  void Field(const char* k, Timestamp t) { out_[k] = TimeToJson(t); }
  template <typename E>
  requires std::is_enum_v<E>
  void Field(const char* k, E e) { out_[k] = std::string(EnumName(e)); }
  void Field(const char* k, const std::vector<std::string>& list) {
    out_[k] = Json::array();
    for (const auto& s : list) out_[k].push_back(s);
  }
  template <Nested T>
  void Field(const char* k, T& nested) {
    out_[k] = Object(nested);
  }
  template <Nested T>
  void Field(const char* k, std::vector<T>& list) {
    out_[k] = Json::array();
    for (auto& x : list) out_[k].push_back(Object(x));
  }
  void Bytes(const char* k, const std::string& bytes) { out_[k] = Base64Encode(bytes); }

  template <typename T>
  static Json Object(T& x) {
    Json obj = Json::object();
    Writer w(obj);
    Describe(w, x);
    return obj;
  }

 private:
  Json& out_;
};

// Reads each described field from a JSON object; absent fields keep their
// defaults. Finish() rejects keys no field consumed.
class Reader {
 public:
  Reader(const Json& obj, std::string path) : obj_(obj), path_(std::move(path)) {
    if (!obj_.is_object()) throw FieldError(Where("") + "must be a JSON object");
  }

  void Field(const char* k, std::string& s) {
    if (const Json* j = Get(k)) {
      if (!j->is_string()) throw FieldError(Where(k) + "must be a string");
      s = j->get<std::string>();
    }
  }
  void Field(const char* k, bool& b) {
    if (const Json* j = Get(k)) {
      if (!j->is_boolean()) throw FieldError(Where(k) + "must be true or false");
      b = j->get<bool>();
    }
  }
  template <typename N>
  requires std::is_integral_v<N>
  void Field(const char* k, N& n) {
    if (const Json* j = Get(k)) {
      if (!j->is_number_integer()) throw FieldError(Where(k) + "must be a whole number");
      auto v = j->get<int64_t>();
      if (j->is_number_unsigned()) {
        auto u = j->get<uint64_t>();
        if (u > static_cast<uint64_t>(std::numeric_limits<N>::max()))
          throw FieldError(Where(k) + "is too large");
        v = static_cast<int64_t>(u);
      }
      if (v < static_cast<int64_t>(std::numeric_limits<N>::min()) ||
          v > static_cast<int64_t>(std::numeric_limits<N>::max()))
        throw FieldError(Where(k) + "is out of range");
      n = static_cast<N>(v);
    }
  }
  void Field(const char* k, Timestamp& t) {
    if (const Json* j = Get(k)) {
      if (j->is_null()) {
        t = Timestamp{};
      } else if (j->is_number_integer()) {
        t = FromMicros(j->get<int64_t>());
      } else if (j->is_string()) {
        auto parsed = tools::ParseIso(j->get<std::string>());
        if (!parsed)
          throw FieldError(Where(k) +
                           "must be an ISO 8601 time like "
                           "\"2026-11-23T09:30:00+08:00\"");
        t = *parsed;
      } else {
        throw FieldError(Where(k) + "must be an ISO 8601 time string");
      }
    }
  }
  template <typename E>
  requires std::is_enum_v<E>
  void Field(const char* k, E& e) {
    if (const Json* j = Get(k)) {
      std::string allowed;
      const auto& names = EnumNames<E>::kNames;
      for (size_t i = 0; i < names.size(); ++i) {
        if (j->is_string() && j->get<std::string>() == names[i]) {
          e = static_cast<E>(i);
          return;
        }
        allowed += (i ? ", " : "") + std::string(names[i]);
      }
      throw FieldError(Where(k) + "must be one of " + allowed);
    }
  }
  void Field(const char* k, std::vector<std::string>& list) {
    if (const Json* j = Get(k)) {
      if (!j->is_array()) throw FieldError(Where(k) + "must be an array of strings");
      list.clear();
      for (const auto& item : *j) {
        if (!item.is_string()) throw FieldError(Where(k) + "must hold only strings");
        list.push_back(item.get<std::string>());
      }
    }
  }
  template <Nested T>
  void Field(const char* k, T& nested) {
    if (const Json* j = Get(k)) Object(*j, path_ + k + ".", nested);
  }
  template <Nested T>
  void Field(const char* k, std::vector<T>& list) {
    if (const Json* j = Get(k)) {
      if (!j->is_array()) throw FieldError(Where(k) + "must be an array of objects");
      list.clear();
      for (size_t i = 0; i < j->size(); ++i) {
        T x{};
        Object((*j)[i], path_ + k + "[" + std::to_string(i) + "].", x);
        list.push_back(std::move(x));
      }
    }
  }
  void Bytes(const char* k, std::string& bytes) {
    if (const Json* j = Get(k)) {
      if (!j->is_string() || !Base64Decode(j->get<std::string>(), &bytes))
        throw FieldError(Where(k) + "must be a base64 string");
    }
  }

  // Marks `k` consumed without reading it.
  const Json* Get(const char* k) {
    auto it = obj_.find(k);
    if (it == obj_.end()) return nullptr;
    seen_.insert(k);
    return &*it;
  }

  void Finish() const {
    for (auto it = obj_.begin(); it != obj_.end(); ++it)
      if (!seen_.count(it.key())) throw FieldError("unknown field \"" + path_ + it.key() + "\"");
  }

  template <typename T>
  static void Object(const Json& j, const std::string& path, T& x) {
    Reader r(j, path);
    Describe(r, x);
    r.Finish();
  }

 private:
  std::string Where(const char* k) const { return "field \"" + path_ + k + "\" "; }

  const Json& obj_;
  std::string path_;
  std::set<std::string> seen_;
};

template <size_t... I>
std::vector<std::string> TypeNames(std::index_sequence<I...>) {
  std::vector<std::string> names;
  ((names.push_back(I == 0 ? std::string("opaque")
                           : std::string(EventTypeName(EventPayload(std::in_place_index<I>))))),
   ...);
  return names;
}

template <size_t I>
EventPayload ReadAlternative(const Json& data) {
  std::variant_alternative_t<I, EventPayload> x{};
  if constexpr (I == 0) {
    // Opaque events may carry text instead of base64 data.
    Reader r(data, "data.");
    r.Field("typeName", x.type_name);
    if (const Json* text = r.Get("text")) {
      if (!text->is_string()) throw FieldError("field \"data.text\" must be a string");
      x.data = text->get<std::string>();
    } else {
      r.Bytes("data", x.data);
    }
    r.Finish();
  } else {
    Reader::Object(data, "data.", x);
  }
  return x;
}

template <size_t... I>
EventPayload ReadByIndex(size_t index, const Json& data, std::index_sequence<I...>) {
  EventPayload out;
  ((I == index ? (out = ReadAlternative<I>(data), true) : false), ...);
  return out;
}

constexpr auto kAlternatives = std::make_index_sequence<std::variant_size_v<EventPayload>>();

void RequireString(const Json& j, const char* key) {
  if (!j.is_string()) throw FieldError(std::string("field \"") + key + "\" must be a string");
}

EventId ParseId(const Json& j, const char* key) {
  if (j.is_null()) return {};
  RequireString(j, key);
  auto id = EventId::Parse(j.get<std::string>());
  if (!id.ok())
    throw FieldError(std::string("field \"") + key +
                     "\" must be an event id like 0f8e4c1a-…(32 hex digits)");
  return *id;
}

Json IdToJson(EventId id) { return id.empty() ? Json(nullptr) : Json(id.ToString()); }

}  // namespace

const std::vector<std::string>& KnownEventTypes() {
  static const std::vector<std::string> names = TypeNames(kAlternatives);
  return names;
}

std::string PayloadTypeName(const EventPayload& payload) {
  return KnownEventTypes()[payload.index()];
}

Json PayloadToJson(const EventPayload& payload) {
  return std::visit(
      [](const auto& x) {
        auto copy = x;
        return Writer::Object(copy);
      },
      payload);
}

Result<EventPayload> PayloadFromJson(const std::string& type, const Json& data) {
  const auto& names = KnownEventTypes();
  for (size_t i = 0; i < names.size(); ++i) {
    if (names[i] != type) continue;
    try {
      return ReadByIndex(i, data, kAlternatives);
    } catch (const FieldError& e) {
      return Status::InvalidArgument(e.what());
    }
  }
  return Status::InvalidArgument("unknown event type \"" + type +
                                 "\" (see `gridledger append --help` for the list)");
}

Json RecordedEventToJson(const RecordedEvent& e) {
  Json j = Json::object();
  j["position"] = e.position.value;
  j["stream"] = e.stream.value;
  j["version"] = e.version.value;
  j["id"] = e.id.ToString();
  j["type"] = PayloadTypeName(e.payload);
  j["occurredAt"] = TimeToJson(e.occurred_at);
  j["recordedAt"] = TimeToJson(e.recorded_at);
  j["actor"] = e.actor;
  j["gridCode"] = e.grid_code;
  j["correlationId"] = IdToJson(e.correlation_id);
  j["causationId"] = IdToJson(e.causation_id);
  j["schemaVersion"] = e.schema_version;
  j["hash"] = HexEncode(e.hash.data(), e.hash.size());
  j["data"] = PayloadToJson(e.payload);
  return j;
}

Result<NewEvent> NewEventFromJson(const Json& object, std::string* stream) {
  if (!object.is_object())
    return Status::InvalidArgument(
        "each line must be a JSON object like "
        "{\"type\":\"patrolRecorded\",\"data\":{…}}");
  static const std::set<std::string> kIgnored = {"position", "version", "recordedAt", "hash",
                                                 "schemaVersion"};
  NewEvent event;
  std::string type;
  const Json* data = nullptr;
  stream->clear();
  try {
    for (auto it = object.begin(); it != object.end(); ++it) {
      const std::string& key = it.key();
      const Json& v = it.value();
      if (key == "type") {
        RequireString(v, "type");
        type = v.get<std::string>();
      } else if (key == "data") {
        data = &v;
      } else if (key == "stream") {
        RequireString(v, "stream");
        *stream = v.get<std::string>();
      } else if (key == "id") {
        event.id = ParseId(v, "id");
      } else if (key == "correlationId") {
        event.correlation_id = ParseId(v, "correlationId");
      } else if (key == "causationId") {
        event.causation_id = ParseId(v, "causationId");
      } else if (key == "actor") {
        RequireString(v, "actor");
        event.actor = v.get<std::string>();
      } else if (key == "gridCode") {
        RequireString(v, "gridCode");
        event.grid_code = v.get<std::string>();
      } else if (key == "occurredAt") {
        Json holder = {{"t", v}};
        Reader r(holder, "");
        try {
          r.Field("t", event.occurred_at);
        } catch (const FieldError&) {
          throw FieldError(
              "field \"occurredAt\" must be an ISO 8601 time like "
              "\"2026-11-23T09:30:00+08:00\"");
        }
      } else if (!kIgnored.count(key)) {
        throw FieldError("unknown field \"" + key + "\"");
      }
    }
  } catch (const FieldError& e) {
    return Status::InvalidArgument(e.what());
  }
  if (type.empty()) return Status::InvalidArgument("field \"type\" is missing");
  static const Json kEmpty = Json::object();
  auto payload = PayloadFromJson(type, data ? *data : kEmpty);
  if (!payload.ok()) return payload.status();
  event.payload = std::move(payload).value();
  return event;
}

// ---- encodings -------------------------------------------------------------

std::string Base64Encode(std::string_view in) {
  static constexpr char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  out.reserve((in.size() + 2) / 3 * 4);
  size_t i = 0;
  for (; i + 2 < in.size(); i += 3) {
    uint32_t v = (static_cast<uint8_t>(in[i]) << 16) | (static_cast<uint8_t>(in[i + 1]) << 8) |
                 static_cast<uint8_t>(in[i + 2]);
    out += kAlphabet[v >> 18];
    out += kAlphabet[(v >> 12) & 63];
    out += kAlphabet[(v >> 6) & 63];
    out += kAlphabet[v & 63];
  }
  if (i + 1 == in.size()) {
    uint32_t v = static_cast<uint8_t>(in[i]) << 16;
    out += kAlphabet[v >> 18];
    out += kAlphabet[(v >> 12) & 63];
    out += "==";
  } else if (i + 2 == in.size()) {
    uint32_t v = (static_cast<uint8_t>(in[i]) << 16) | (static_cast<uint8_t>(in[i + 1]) << 8);
    out += kAlphabet[v >> 18];
    out += kAlphabet[(v >> 12) & 63];
    out += kAlphabet[(v >> 6) & 63];
    out += '=';
  }
  return out;
}

bool Base64Decode(std::string_view in, std::string* out) {
  auto value = [](char c) -> int {
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '+' || c == '-') return 62;
    if (c == '/' || c == '_') return 63;
    return -1;
  };
  while (!in.empty() && in.back() == '=') in.remove_suffix(1);
  if (in.size() % 4 == 1) return false;
  out->clear();
  uint32_t acc = 0;
  int bits = 0;
  for (char c : in) {
    int v = value(c);
    if (v < 0) return false;
    acc = (acc << 6) | static_cast<uint32_t>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out->push_back(static_cast<char>((acc >> bits) & 0xFF));
    }
  }
  return true;
}

std::string HexEncode(const uint8_t* data, size_t size) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  out.reserve(size * 2);
  for (size_t i = 0; i < size; ++i) {
    out += kDigits[data[i] >> 4];
    out += kDigits[data[i] & 15];
  }
  return out;
}

}  // namespace gridledger::cli
