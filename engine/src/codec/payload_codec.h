// Translation between EventPayload and the schema's payload union.
// Internal to the codec; callers use event_codec.h.
#pragma once

#include "events.capnp.h"
#include "gridledger/event_payloads.h"

namespace gridledger::codec {

void EncodePayload(schema::Envelope::Payload::Builder out, const EventPayload& payload);

// REQUIRES: in.which() is a known union member. May throw kj::Exception on
// damaged pointers (the caller catches it at the codec boundary).
EventPayload DecodePayload(schema::Envelope::Payload::Reader in);

}  // namespace gridledger::codec
