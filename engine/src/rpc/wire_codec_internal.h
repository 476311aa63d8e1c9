// Helpers shared by the wire codec's translation units (wire_codec*.cc).
// Not part of the codec's interface: include wire_codec.h instead.
#pragma once

#include <capnp/list.h>
#include <kj/debug.h>
#include <kj/string.h>

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "gridledger/catalogue.h"
#include "gridledger/event_log.h"
#include "gridledger/event_payloads.h"
#include "gridledger/read_models.h"
#include "wire.capnp.h"

namespace gridledger::rpc::internal {

// Text: the bytes of the std::string, any length (c_str() supplies the NUL
// Cap'n Proto's Text needs after them).
inline kj::StringPtr Txt(const std::string& v) { return {v.c_str(), v.size()}; }
inline std::string Str(capnp::Text::Reader r) { return {r.cStr(), r.size()}; }

// The element count of a container bound for a Cap'n Proto list. Lists hold
// fewer than 2^29 elements: a longer container throws kj::Exception.
template <typename Container>
unsigned Count(const Container& c) {
  KJ_REQUIRE(c.size() < (size_t{1} << 29), "too many elements for a Cap'n Proto list", c.size());
  return static_cast<unsigned>(c.size());
}

void TextListToWire(const std::vector<std::string>& in, capnp::List<capnp::Text>::Builder out);
std::vector<std::string> TextListFromWire(capnp::List<capnp::Text>::Reader in);

// std::map<std::string, uint64_t> as a list of CountEntry in key order.
void CountsToWire(const std::map<std::string, uint64_t>& in,
                  capnp::List<wire::CountEntry>::Builder out);
std::map<std::string, uint64_t> CountsFromWire(capnp::List<wire::CountEntry>::Reader in);

// ---- enums ---------------------------------------------------------------
// WireEnum<E> names the wire enum of the C++ enum E and E's last enumerant.
// Both enums number their enumerants 0, 1, 2... in the same order
// (wire_codec.cc asserts it enumerant by enumerant).
template <typename E>
struct WireEnum;

#define GL_WIRE_ENUM(Cpp, Wire, Last)  \
  template <>                          \
  struct WireEnum<Cpp> {               \
    using Type = Wire;                 \
    static constexpr Cpp kLast = Last; \
  }
GL_WIRE_ENUM(GridKind, wire::GridKind, GridKind::kDedicated);
GL_WIRE_ENUM(PlaceKind, wire::PlaceKind, PlaceKind::kUnit);
GL_WIRE_ENUM(Role, wire::Role, Role::kSystem);
GL_WIRE_ENUM(CaseSource, wire::CaseSource, CaseSource::kWorker);
GL_WIRE_ENUM(Priority, wire::Priority, Priority::kEmergency);
GL_WIRE_ENUM(AssigneeLevel, wire::AssigneeLevel, AssigneeLevel::kDepartment);
GL_WIRE_ENUM(CaseState, wire::CaseState, CaseState::kMerged);
GL_WIRE_ENUM(SlaUnit, wire::SlaUnit, SlaUnit::kWorkingDays);
GL_WIRE_ENUM(ExpectedVersion::Kind, wire::ExpectedVersion::Kind, ExpectedVersion::Kind::kExact);
#undef GL_WIRE_ENUM

template <typename E>
typename WireEnum<E>::Type EnumToWire(E v) {
  return static_cast<typename WireEnum<E>::Type>(static_cast<uint16_t>(v));
}

// An enumerant this build does not know (a newer peer's) reads as the first
// one, E{}.
template <typename E>
E EnumFromWire(typename WireEnum<E>::Type v) {
  const auto n = static_cast<uint16_t>(v);
  return n > static_cast<uint16_t>(WireEnum<E>::kLast) ? E{} : static_cast<E>(n);
}

}  // namespace gridledger::rpc::internal
