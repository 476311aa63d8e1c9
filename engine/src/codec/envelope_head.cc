#include "codec/envelope_head.h"

#include <capnp/schema.h>
#include <capnp/serialize.h>
#include <kj/debug.h>
#include <kj/exception.h>

#include <cstring>
#include <string>
#include <vector>

#include "events.capnp.h"

namespace gridledger::codec {

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

constexpr capnp::ReaderOptions kHeadReaderOptions = {
    .traversalLimitInWords = 8 * 1024 * 1024,
    .nestingLimit = 16,
};

std::string_view View(capnp::Text::Reader t) { return {t.cStr(), t.size()}; }

// Where ReadHead's fast path finds the fields, from the schema itself.
struct HeadLayout {
  uint32_t position_word, recorded_word;  // data section, in words
  uint32_t stream_ptr, grid_ptr;          // pointer section indexes
  uint32_t which_offset;                  // the union tag, in 16-bit units
  uint32_t opaque_ptr;                    // the opaque member's pointer index
  uint16_t opaque_which;
  uint32_t type_name_ptr;  // Opaque.typeName
};

const HeadLayout& Layout() {
  static const HeadLayout layout = [] {
    auto env = capnp::Schema::from<Envelope>();
    auto slot = [&](const char* name) {
      return env.getFieldByName(name).getProto().getSlot().getOffset();
    };
    HeadLayout l{};
    l.position_word = slot("position");
    l.recorded_word = slot("recordedAt");
    l.stream_ptr = slot("streamId");
    l.grid_ptr = slot("gridCode");
    auto payload = capnp::Schema::from<Envelope::Payload>();
    l.which_offset = payload.getProto().getStruct().getDiscriminantOffset();
    auto opaque = payload.getFieldByName("opaque").getProto();
    l.opaque_ptr = opaque.getSlot().getOffset();
    l.opaque_which = opaque.getDiscriminantValue();
    l.type_name_ptr = capnp::Schema::from<schema::Opaque>()
                          .getFieldByName("typeName")
                          .getProto()
                          .getSlot()
                          .getOffset();
    return l;
  }();
  return layout;
}

uint64_t Word(const char* p) {
  uint64_t v;
  std::memcpy(&v, p, 8);
  return v;  // little-endian host (x86-64, arm64)
}

// A struct pointer's target within [begin, end): data and pointer sections.
struct StructAt {
  const char* data = nullptr;
  uint32_t data_words = 0, ptr_words = 0;
  const char* ptrs() const { return data + data_words * 8; }
};

// Follows the struct pointer at `at`; false when it is not a plain,
// in-bounds struct pointer (null counts as an empty struct).
bool FollowStruct(const char* at, const char* begin, const char* end, StructAt* out) {
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

// The text the pointer at index `i` of `s` points at ("" when absent).
bool TextAt(const StructAt& s, uint32_t i, const char* begin, const char* end,
            std::string_view* out) {
  *out = {};
  if (i >= s.ptr_words) return true;
  const char* at = s.ptrs() + i * 8;
  uint64_t w = Word(at);
  if (w == 0) return true;
  if ((w & 3) != 1 || ((w >> 32) & 7) != 2) return false;  // a byte list
  int64_t offset = static_cast<int32_t>(static_cast<uint32_t>(w)) >> 2;
  uint64_t count = w >> 35;  // includes the NUL
  const char* text = at + 8 + offset * 8;
  if (count == 0 || text < begin || text + count > end || text[count - 1] != '\0') return false;
  *out = {text, count - 1};
  return true;
}

// Reads the head straight from the stored bytes (no copy) when the message
// is one segment of plain pointers, as the encoder writes it; false sends
// the caller to the full reader.
bool FastHead(std::string_view bytes, EnvelopeHead* head) {
  const char* base = bytes.data();
  uint32_t segments_minus_one, words;
  std::memcpy(&segments_minus_one, base, 4);
  std::memcpy(&words, base + 4, 4);
  if (segments_minus_one != 0 || 8 + uint64_t{words} * 8 != bytes.size()) return false;
  const char* begin = base + 8;
  const char* end = begin + uint64_t{words} * 8;
  const HeadLayout& l = Layout();
  StructAt env;
  if (!FollowStruct(begin, begin, end, &env)) return false;
  auto data_word = [&](uint32_t i) { return i < env.data_words ? Word(env.data + i * 8) : 0; };
  head->position = Position{data_word(l.position_word)};
  head->recorded_at = FromMicros(static_cast<int64_t>(data_word(l.recorded_word)));
  if (!TextAt(env, l.stream_ptr, begin, end, &head->stream)) return false;
  if (!TextAt(env, l.grid_ptr, begin, end, &head->grid_code)) return false;
  uint16_t which = 0;
  if ((l.which_offset + 1) * 2 <= env.data_words * 8)
    std::memcpy(&which, env.data + l.which_offset * 2, 2);
  if (which == l.opaque_which) {
    if (l.opaque_ptr >= env.ptr_words) return false;
    StructAt opaque;
    if (!FollowStruct(env.ptrs() + l.opaque_ptr * 8, begin, end, &opaque)) return false;
    return TextAt(opaque, l.type_name_ptr, begin, end, &head->type);
  }
  const auto& names = PayloadNames();
  if (which >= names.size() || names[which].empty()) return false;
  head->type = names[which];
  return true;
}

}  // namespace

Result<EnvelopeHead> ReadHead(std::string_view bytes) {
  if (bytes.size() < 16 || bytes.size() % 8 != 0)
    return Status::Corruption("stored event has " + std::to_string(bytes.size()) +
                              " bytes, not a whole Cap'n Proto message");
  EnvelopeHead fast;
  if (FastHead(bytes, &fast)) return fast;
  // Anything else (several segments, far pointers, damage): Cap'n Proto's
  // own reader, which needs word-aligned memory: copy into this thread's buffer.
  thread_local std::vector<uint64_t> buffer;
  size_t words = bytes.size() / 8;
  if (buffer.size() < words) buffer.resize(words);
  std::memcpy(buffer.data(), bytes.data(), bytes.size());
  kj::ArrayPtr<const capnp::word> array(reinterpret_cast<const capnp::word*>(buffer.data()), words);
  EnvelopeHead head;
  kj::Maybe<kj::Exception> error = kj::runCatchingExceptions([&] {
    capnp::FlatArrayMessageReader reader(array, kHeadReaderOptions);
    auto env = reader.getRoot<Envelope>();
    head.position = Position{env.getPosition()};
    head.recorded_at = FromMicros(env.getRecordedAt());
    head.stream = View(env.getStreamId());
    head.grid_code = View(env.getGridCode());
    auto payload = env.getPayload();
    auto which = payload.which();
    if (which == Envelope::Payload::OPAQUE) {
      head.type = View(payload.getOpaque().getTypeName());
    } else {
      const auto& names = PayloadNames();
      if (static_cast<size_t>(which) >= names.size())
        KJ_FAIL_REQUIRE("unknown payload type (written by a newer GridLedger?)");
      head.type = names[which];
    }
  });
  KJ_IF_MAYBE (e, error) {
    return Status::Corruption(std::string("cannot read stored event: ") +
                              e->getDescription().cStr());
  }
  return head;
}

}  // namespace gridledger::codec
