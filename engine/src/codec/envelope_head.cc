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

}  // namespace

Result<EnvelopeHead> ReadHead(std::string_view bytes) {
  if (bytes.size() < 16 || bytes.size() % 8 != 0)
    return Status::Corruption("stored event has " + std::to_string(bytes.size()) +
                              " bytes, not a whole Cap'n Proto message");
  // RocksDB values are not word-aligned: copy into this thread's buffer.
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
