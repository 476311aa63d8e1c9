// Small conversions every file of the RPC layer needs: text and bytes
// between std::string and Cap'n Proto, and the identity kind between the
// public enum and rpc.capnp's. Internal to engine/src/rpc.
#pragma once

#include <string>
#include <string_view>

#include "gridledger/identity.h"
#include "rpc.capnp.h"

namespace gridledger::rpc {

inline std::string Str(capnp::Text::Reader t) { return std::string(t.cStr(), t.size()); }
// REQUIRES: `s` outlives the returned pointer.
inline kj::StringPtr Txt(const std::string& s) { return {s.c_str(), s.size()}; }
inline capnp::Data::Reader Bytes(const std::string& s) {
  return {reinterpret_cast<const capnp::byte*>(s.data()), s.size()};
}
inline std::string_view View(capnp::Data::Reader d) {
  return {reinterpret_cast<const char*>(d.begin()), d.size()};
}

inline schema::IdentityKind ToSchema(IdentityKind k) {
  return static_cast<schema::IdentityKind>(static_cast<uint16_t>(k));
}
// An enumerant this build does not know reads as the least privileged kind.
inline IdentityKind FromSchema(schema::IdentityKind k) {
  auto v = static_cast<uint16_t>(k);
  return v <= static_cast<uint16_t>(IdentityKind::kIntegration) ? static_cast<IdentityKind>(v)
                                                                : IdentityKind::kKiosk;
}

}  // namespace gridledger::rpc
