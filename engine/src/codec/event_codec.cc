#include "codec/event_codec.h"

#include <capnp/message.h>
#include <capnp/schema.h>
#include <capnp/serialize.h>
#include <kj/debug.h>
#include <kj/exception.h>

#include <cstring>
#include <vector>

#include "codec/payload_codec.h"
#include "crypto/blake2b.h"
#include "events.capnp.h"

namespace gridledger::codec {

namespace {

using schema::Envelope;

// Byte offset of a UInt64/Int64 field inside Envelope's data section.
uint32_t DataFieldOffset(const char* name) {
  auto field = capnp::Schema::from<Envelope>().getFieldByName(name);
  return field.getProto().getSlot().getOffset() * 8;  // offset in 8-byte units
}

struct Layout {
  uint32_t version = DataFieldOffset("streamVersion");
  uint32_t position = DataFieldOffset("position");
  uint32_t recorded = DataFieldOffset("recordedAt");
  uint32_t occurred = DataFieldOffset("occurredAt");
};
const Layout& EnvelopeLayout() {
  static const Layout layout;
  return layout;
}

void PutLe64(std::string& bytes, uint32_t offset, uint64_t v) {
  for (int i = 0; i < 8; ++i) bytes[offset + i] = static_cast<char>(v >> (8 * i));
}

void SetUuid(schema::Uuid::Builder b, EventId id) {
  b.setHi(id.hi);
  b.setLo(id.lo);
}
EventId GetUuid(schema::Uuid::Reader r) { return {r.getHi(), r.getLo()}; }

kj::StringPtr Txt(const std::string& s) { return {s.c_str(), s.size()}; }

constexpr capnp::ReaderOptions kReaderOptions = {
    .traversalLimitInWords = 8 * 1024 * 1024,  // 64 MiB: far above any event
    .nestingLimit = 16,
};

// Word-aligned scratch copy of a stored value (RocksDB values are not
// aligned, FlatArrayMessageReader requires alignment).
kj::ArrayPtr<const capnp::word> AlignedCopy(std::string_view bytes) {
  // uint64_t, not capnp::word: word is not default-constructible in clang.
  thread_local std::vector<uint64_t> buffer;
  size_t words = (bytes.size() + 7) / 8;
  if (buffer.size() < words) buffer.resize(words);
  if (words) buffer[words - 1] = 0;
  std::memcpy(buffer.data(), bytes.data(), bytes.size());
  return kj::arrayPtr(reinterpret_cast<const capnp::word*>(buffer.data()), words);
}

// Fills `e` in place (no temporary RecordedEvent to move: decoding is on
// the global read path, where every copy of ~15 strings counts). The
// envelope's strings are assigned, so an `e` decoded into again keeps
// their buffers.
void FromEnvelope(Envelope::Reader env, RecordedEvent& e) {
  auto assign = [](std::string& to, capnp::Text::Reader t) { to.assign(t.cStr(), t.size()); };
  e.id = GetUuid(env.getId());
  assign(e.stream.value, env.getStreamId());
  e.version.value = env.getStreamVersion();
  e.position.value = env.getPosition();
  e.recorded_at = FromMicros(env.getRecordedAt());
  e.occurred_at = FromMicros(env.getOccurredAt());
  assign(e.actor, env.getActor());
  assign(e.grid_code, env.getGridCode());
  e.correlation_id = GetUuid(env.getCorrelationId());
  e.causation_id = GetUuid(env.getCausationId());
  e.schema_version = env.getSchemaVersion();
  auto hash = env.getHash();
  if (hash.size() == e.hash.size()) std::memcpy(e.hash.data(), hash.begin(), hash.size());
  e.payload = DecodePayload(env.getPayload());
}

// Decodes and validates one stored value into `out`; `hash_offset`
// receives the byte offset of the 32-byte hash inside `bytes`. On an error
// `out` is left unspecified.
Status DecodeImpl(std::string_view bytes, RecordedEvent& out, size_t* hash_offset) {
  if (bytes.size() < 16 || bytes.size() % 8 != 0)
    return Status::Corruption("stored event has " + std::to_string(bytes.size()) +
                              " bytes, not a whole Cap'n Proto message");
  auto words = AlignedCopy(bytes);
  kj::Maybe<kj::Exception> error = kj::runCatchingExceptions([&] {
    capnp::FlatArrayMessageReader reader(words, kReaderOptions);
    if (reader.getEnd() != words.end()) KJ_FAIL_REQUIRE("trailing bytes after the message");
    auto env = reader.getRoot<Envelope>();
    if (env.getHash().size() != 32) KJ_FAIL_REQUIRE("hash is not 32 bytes");
    if (env.getPayload().which() > Envelope::Payload::SENSOR_ALARM_RAISED)
      KJ_FAIL_REQUIRE("unknown payload type (written by a newer GridLedger?)");
    if (hash_offset)
      *hash_offset = reinterpret_cast<const char*>(env.getHash().begin()) -
                     reinterpret_cast<const char*>(words.begin());
    FromEnvelope(env, out);
  });
  KJ_IF_MAYBE (e, error) {
    return Status::Corruption(std::string("cannot decode stored event: ") +
                              e->getDescription().cStr());
  }
  return Status::Ok();
}

}  // namespace

Result<EncodedEvent> Encode(const StreamId& stream, const NewEvent& event, EventId id) {
  EncodedEvent out;
  kj::Maybe<kj::Exception> error = kj::runCatchingExceptions([&] {
    // Size the first segment so that the message is a single segment.
    capnp::MallocMessageBuilder message(1024);
    auto env = message.initRoot<Envelope>();
    SetUuid(env.initId(), id);
    env.setStreamId(Txt(stream.value));
    env.setOccurredAt(ToMicros(event.occurred_at));
    env.setActor(Txt(event.actor));
    env.setGridCode(Txt(event.grid_code));
    SetUuid(env.initCorrelationId(), event.correlation_id);
    SetUuid(env.initCausationId(), event.causation_id);
    env.setSchemaVersion(kSchemaVersion);
    env.initHash(32);  // zeros until Seal()
    EncodePayload(env.initPayload(), event.payload);

    auto flat = capnp::messageToFlatArray(message);
    // Re-read it to find where the hash and the data section landed.
    capnp::FlatArrayMessageReader reader(flat);
    auto renv = reader.getRoot<Envelope>();
    const char* base = reinterpret_cast<const char*>(flat.begin());
    out.hash_offset =
        static_cast<uint32_t>(reinterpret_cast<const char*>(renv.getHash().begin()) - base);
    // Data section of the root struct: the root pointer is the first word
    // of segment 0; its offset field (bits 2..31) counts words after it.
    size_t segment_table_bytes = ((reinterpret_cast<const uint32_t*>(base)[0] + 3) / 2) * 8;
    uint64_t root_ptr;
    std::memcpy(&root_ptr, base + segment_table_bytes, 8);
    int32_t offset_words = static_cast<int32_t>(static_cast<uint32_t>(root_ptr)) >> 2;
    uint32_t data_start = static_cast<uint32_t>(segment_table_bytes + 8 + offset_words * 8);
    const Layout& layout = EnvelopeLayout();
    out.version_offset = data_start + layout.version;
    out.position_offset = data_start + layout.position;
    out.recorded_offset = data_start + layout.recorded;
    out.occurred_offset = data_start + layout.occurred;
    out.occurred_unset = event.occurred_at == Timestamp{};
    out.bytes.assign(base, flat.asBytes().size());
  });
  KJ_IF_MAYBE (e, error) {
    return Status::InvalidArgument(std::string("cannot encode event: ") +
                                   e->getDescription().cStr());
  }
  return out;
}

RecordedEvent Sealed(const StreamId& stream, const NewEvent& event, EventId id,
                     StreamVersion version, Position position, Timestamp recorded_at,
                     const Hash256& hash) {
  RecordedEvent r;
  r.id = id;
  r.stream = stream;
  r.version = version;
  r.position = position;
  r.recorded_at = recorded_at;
  r.occurred_at = event.occurred_at == Timestamp{} ? recorded_at : event.occurred_at;
  r.actor = event.actor;
  r.grid_code = event.grid_code;
  r.correlation_id = event.correlation_id;
  r.causation_id = event.causation_id;
  r.schema_version = kSchemaVersion;
  r.hash = hash;
  r.payload = event.payload;
  return r;
}

Hash256 Seal(EncodedEvent& event, StreamVersion version, Position position, Timestamp recorded_at,
             const Hash256& prev) {
  PutLe64(event.bytes, event.version_offset, version.value);
  PutLe64(event.bytes, event.position_offset, position.value);
  PutLe64(event.bytes, event.recorded_offset, static_cast<uint64_t>(ToMicros(recorded_at)));
  if (event.occurred_unset)
    PutLe64(event.bytes, event.occurred_offset, static_cast<uint64_t>(ToMicros(recorded_at)));
  Blake2b256 h;
  h.Update(prev.data(), prev.size());
  h.Update(event.bytes);  // hash field is still zero here
  Hash256 hash = h.Final();
  std::memcpy(event.bytes.data() + event.hash_offset, hash.data(), hash.size());
  return hash;
}

Result<RecordedEvent> Decode(std::string_view bytes) {
  RecordedEvent out;
  GL_RETURN_IF_ERROR(DecodeImpl(bytes, out, nullptr));
  return out;
}

Status DecodeInto(std::string_view bytes, RecordedEvent* out) {
  return DecodeImpl(bytes, *out, nullptr);
}

Result<Checked> DecodeAndHash(std::string_view bytes, const Hash256& prev) {
  Checked out;
  size_t hash_offset = 0;
  GL_RETURN_IF_ERROR(DecodeImpl(bytes, out.event, &hash_offset));
  out.computed = ChainHash(bytes, hash_offset, prev);
  return out;
}

Hash256 ChainHash(std::string_view bytes, size_t hash_offset, const Hash256& prev) {
  static const uint8_t kZero[32] = {};
  Blake2b256 h;
  h.Update(prev.data(), prev.size());
  h.Update(bytes.data(), hash_offset);
  h.Update(kZero, sizeof kZero);
  h.Update(bytes.data() + hash_offset + 32, bytes.size() - hash_offset - 32);
  return h.Final();
}

}  // namespace gridledger::codec
