// ViewStoredEvent: the envelope read in place (gridledger/event_view.h).
//
// GridLedger's encoder writes every event as one segment of plain
// pointers; such a message is read straight from the stored bytes with
// the field offsets taken from the schema itself (no copy, no alignment
// needed: every word is read with memcpy). Anything else that is still a
// valid message goes through Cap'n Proto's own reader on an aligned copy
// that the view keeps.

#include "gridledger/event_view.h"

#include <capnp/schema.h>
#include <capnp/serialize.h>
#include <kj/debug.h>
#include <kj/exception.h>

#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "codec/event_codec.h"
#include "events.capnp.h"

namespace gridledger {

namespace {

using schema::Envelope;

// Payload member names by union discriminant, from the schema itself.
const std::vector<std::string>& PayloadNames() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> out;
    auto payload = capnp::Schema::from<Envelope::Payload>();
    for (auto field : payload.getUnionFields()) {
      uint16_t d = field.getProto().getDiscriminantValue();
      if (out.size() <= d) out.resize(d + 1);
      out[d] = field.getProto().getName().cStr();
    }
    return out;
  }();
  return names;
}

constexpr capnp::ReaderOptions kViewReaderOptions = {
    .traversalLimitInWords = 8 * 1024 * 1024,
    .nestingLimit = 16,
};

std::string_view View(capnp::Text::Reader t) { return {t.cStr(), t.size()}; }

// Where the fast path finds the fields, from the schema itself.
struct ViewLayout {
  // Data section: 64-bit fields in words, 16-bit fields in 16-bit units.
  uint32_t version_word, position_word, recorded_word, occurred_word;
  uint32_t schema_version_half, which_half;
  // Pointer section indexes.
  uint32_t id_ptr, stream_ptr, actor_ptr, grid_ptr, correlation_ptr, causation_ptr, hash_ptr;
  uint32_t opaque_ptr;  // the opaque member's pointer index
  uint16_t opaque_which;
  uint32_t type_name_ptr;     // Opaque.typeName
  uint32_t hi_word, lo_word;  // Uuid
};

const ViewLayout& Layout() {
  static const ViewLayout layout = [] {
    auto env = capnp::Schema::from<Envelope>();
    auto slot = [&](const char* name) {
      return env.getFieldByName(name).getProto().getSlot().getOffset();
    };
    ViewLayout l{};
    l.version_word = slot("streamVersion");
    l.position_word = slot("position");
    l.recorded_word = slot("recordedAt");
    l.occurred_word = slot("occurredAt");
    l.schema_version_half = slot("schemaVersion");
    l.id_ptr = slot("id");
    l.stream_ptr = slot("streamId");
    l.actor_ptr = slot("actor");
    l.grid_ptr = slot("gridCode");
    l.correlation_ptr = slot("correlationId");
    l.causation_ptr = slot("causationId");
    l.hash_ptr = slot("hash");
    auto payload = capnp::Schema::from<Envelope::Payload>();
    l.which_half = payload.getProto().getStruct().getDiscriminantOffset();
    auto opaque = payload.getFieldByName("opaque").getProto();
    l.opaque_ptr = opaque.getSlot().getOffset();
    l.opaque_which = opaque.getDiscriminantValue();
    l.type_name_ptr = capnp::Schema::from<schema::Opaque>()
                          .getFieldByName("typeName")
                          .getProto()
                          .getSlot()
                          .getOffset();
    auto uuid = capnp::Schema::from<schema::Uuid>();
    l.hi_word = uuid.getFieldByName("hi").getProto().getSlot().getOffset();
    l.lo_word = uuid.getFieldByName("lo").getProto().getSlot().getOffset();
    return l;
  }();
  return layout;
}

// The fast path's helpers below are forced inline: every scan runs them
// for every event, and left to the compiler they stayed calls (a tenth of a
// whole-log view scan; docs/benchmarks.md, "The view's fast path inlined").
[[gnu::always_inline]] inline uint64_t Word(const char* p) {
  uint64_t v;
  std::memcpy(&v, p, 8);
  return v;  // little-endian host (x86-64, arm64)
}

// A struct pointer's target within [begin, end): data and pointer sections.
struct StructAt {
  const char* data = nullptr;
  uint32_t data_words = 0, ptr_words = 0;
  const char* ptrs() const { return data + data_words * 8; }
  uint64_t Data64(uint32_t word) const { return word < data_words ? Word(data + word * 8) : 0; }
  uint16_t Data16(uint32_t half) const {
    uint16_t v = 0;
    if ((uint64_t{half} + 1) * 2 <= uint64_t{data_words} * 8) std::memcpy(&v, data + half * 2, 2);
    return v;
  }
};

// Follows the struct pointer at `at`; false when it is not a plain,
// in-bounds struct pointer (null counts as an empty struct).
[[gnu::always_inline]] inline bool FollowStruct(const char* at, const char* begin, const char* end,
                                                StructAt* out) {
  uint64_t w = Word(at);
  if (w == 0) {
    *out = {};
    return true;
  }
  if ((w & 3) != 0) return false;  // not a struct pointer (far pointers: slow path)
  int64_t offset = static_cast<int32_t>(static_cast<uint32_t>(w)) >> 2;
  const char* data = at + 8 + offset * 8;
  uint32_t dw = static_cast<uint16_t>(w >> 32), pw = static_cast<uint16_t>(w >> 48);
  if (data < begin || data + (uint64_t{dw} + pw) * 8 > end) return false;
  *out = {data, dw, pw};
  return true;
}

// The struct at pointer index `i` of `s` (empty when absent).
[[gnu::always_inline]] inline bool StructField(const StructAt& s, uint32_t i, const char* begin,
                                               const char* end, StructAt* out) {
  *out = {};
  if (i >= s.ptr_words) return true;
  return FollowStruct(s.ptrs() + i * 8, begin, end, out);
}

// The byte list the pointer at index `i` of `s` points at (empty when
// absent); a Text's count includes its NUL.
[[gnu::always_inline]] inline bool BytesAt(const StructAt& s, uint32_t i, const char* begin,
                                           const char* end, std::string_view* out) {
  *out = {};
  if (i >= s.ptr_words) return true;
  const char* at = s.ptrs() + i * 8;
  uint64_t w = Word(at);
  if (w == 0) return true;
  if ((w & 3) != 1 || ((w >> 32) & 7) != 2) return false;  // a byte list
  int64_t offset = static_cast<int32_t>(static_cast<uint32_t>(w)) >> 2;
  uint64_t count = w >> 35;
  const char* bytes = at + 8 + offset * 8;
  if (bytes < begin || bytes + count > end) return false;
  *out = {bytes, count};
  return true;
}

[[gnu::always_inline]] inline bool TextAt(const StructAt& s, uint32_t i, const char* begin,
                                          const char* end, std::string_view* out) {
  *out = {};
  if (i >= s.ptr_words || Word(s.ptrs() + i * 8) == 0) return true;  // absent: ""
  if (!BytesAt(s, i, begin, end, out)) return false;
  if (out->empty() || out->back() != '\0') return false;  // a Text ends in NUL
  out->remove_suffix(1);
  return true;
}

[[gnu::always_inline]] inline bool UuidAt(const StructAt& s, uint32_t i, const char* begin,
                                          const char* end, EventId* out) {
  StructAt uuid;
  if (!StructField(s, i, begin, end, &uuid)) return false;
  const ViewLayout& l = Layout();
  *out = EventId{uuid.Data64(l.hi_word), uuid.Data64(l.lo_word)};
  return true;
}

// The type name for a payload discriminant, or false for one this build
// does not know.
[[gnu::always_inline]] inline bool TypeName(uint16_t which, std::string_view* out) {
  const auto& names = PayloadNames();
  if (which >= names.size() || names[which].empty()) return false;
  *out = names[which];
  return true;
}

// Reads the view straight from the stored bytes when the message is one
// segment of plain pointers, as the encoder writes it; false sends the
// caller to the full reader.
[[gnu::always_inline]] inline bool FastView(std::string_view bytes, EventView* v) {
  const char* base = bytes.data();
  uint32_t segments_minus_one, words;
  std::memcpy(&segments_minus_one, base, 4);
  std::memcpy(&words, base + 4, 4);
  if (segments_minus_one != 0 || 8 + uint64_t{words} * 8 != bytes.size()) return false;
  const char* begin = base + 8;
  const char* end = begin + uint64_t{words} * 8;
  const ViewLayout& l = Layout();
  StructAt env;
  if (!FollowStruct(begin, begin, end, &env)) return false;
  v->version = StreamVersion{env.Data64(l.version_word)};
  v->position = Position{env.Data64(l.position_word)};
  v->recorded_at = FromMicros(static_cast<int64_t>(env.Data64(l.recorded_word)));
  v->occurred_at = FromMicros(static_cast<int64_t>(env.Data64(l.occurred_word)));
  v->schema_version = env.Data16(l.schema_version_half);
  if (!UuidAt(env, l.id_ptr, begin, end, &v->id) ||
      !UuidAt(env, l.correlation_ptr, begin, end, &v->correlation_id) ||
      !UuidAt(env, l.causation_ptr, begin, end, &v->causation_id) ||
      !TextAt(env, l.stream_ptr, begin, end, &v->stream) ||
      !TextAt(env, l.actor_ptr, begin, end, &v->actor) ||
      !TextAt(env, l.grid_ptr, begin, end, &v->grid_code))
    return false;
  std::string_view hash;
  if (!BytesAt(env, l.hash_ptr, begin, end, &hash) || hash.size() != v->hash.size()) return false;
  std::memcpy(v->hash.data(), hash.data(), hash.size());
  v->hash_offset = static_cast<size_t>(hash.data() - base);
  uint16_t which = env.Data16(l.which_half);
  if (which == l.opaque_which) {
    StructAt opaque;
    return StructField(env, l.opaque_ptr, begin, end, &opaque) &&
           TextAt(opaque, l.type_name_ptr, begin, end, &v->type);
  }
  return TypeName(which, &v->type);
}

// Everything else: Cap'n Proto's own reader, which needs word-aligned
// memory, on a copy that the view keeps.
Status SlowView(std::string_view bytes, EventView* v) {
  size_t words = bytes.size() / 8;
  auto buffer = std::make_shared<std::vector<uint64_t>>(words);
  std::memcpy(buffer->data(), bytes.data(), bytes.size());
  kj::ArrayPtr<const capnp::word> array(reinterpret_cast<const capnp::word*>(buffer->data()),
                                        words);
  const char* copy = reinterpret_cast<const char*>(buffer->data());
  v->copy = buffer;
  kj::Maybe<kj::Exception> error = kj::runCatchingExceptions([&] {
    capnp::FlatArrayMessageReader reader(array, kViewReaderOptions);
    if (reader.getEnd() != array.end()) KJ_FAIL_REQUIRE("trailing bytes after the message");
    auto env = reader.getRoot<Envelope>();
    auto uuid = [](schema::Uuid::Reader r) { return EventId{r.getHi(), r.getLo()}; };
    v->id = uuid(env.getId());
    v->stream = View(env.getStreamId());
    v->version = StreamVersion{env.getStreamVersion()};
    v->position = Position{env.getPosition()};
    v->recorded_at = FromMicros(env.getRecordedAt());
    v->occurred_at = FromMicros(env.getOccurredAt());
    v->actor = View(env.getActor());
    v->grid_code = View(env.getGridCode());
    v->correlation_id = uuid(env.getCorrelationId());
    v->causation_id = uuid(env.getCausationId());
    v->schema_version = env.getSchemaVersion();
    auto hash = env.getHash();
    if (hash.size() != v->hash.size()) KJ_FAIL_REQUIRE("hash is not 32 bytes");
    std::memcpy(v->hash.data(), hash.begin(), hash.size());
    v->hash_offset = static_cast<size_t>(reinterpret_cast<const char*>(hash.begin()) - copy);
    auto payload = env.getPayload();
    if (payload.which() == Envelope::Payload::OPAQUE) {
      v->type = View(payload.getOpaque().getTypeName());
    } else if (!TypeName(static_cast<uint16_t>(payload.which()), &v->type)) {
      KJ_FAIL_REQUIRE("unknown payload type (written by a newer GridLedger?)");
    }
  });
  KJ_IF_MAYBE (e, error) {
    return Status::Corruption(std::string("cannot read stored event: ") +
                              e->getDescription().cStr());
  }
  return Status::Ok();
}

}  // namespace

namespace codec {

Status ViewInto(std::string_view bytes, EventView* view) {
  if (bytes.size() < 16 || bytes.size() % 8 != 0)
    return Status::Corruption("stored event has " + std::to_string(bytes.size()) +
                              " bytes, not a whole Cap'n Proto message");
  // The fast path sets every field but `copy` and `bytes`.
  if (view->copy) view->copy.reset();
  if (!FastView(bytes, view)) {
    *view = EventView{};
    GL_RETURN_IF_ERROR(SlowView(bytes, view));
  }
  view->bytes = bytes;
  return Status::Ok();
}

}  // namespace codec

Result<EventView> ViewStoredEvent(std::string_view bytes) {
  EventView view;
  GL_RETURN_IF_ERROR(codec::ViewInto(bytes, &view));
  return view;
}

Result<RecordedEvent> EventView::Decode() const { return codec::Decode(bytes); }

Hash256 EventView::ChainHash(const Hash256& prev) const {
  return codec::ChainHash(bytes, hash_offset, prev);
}

}  // namespace gridledger
