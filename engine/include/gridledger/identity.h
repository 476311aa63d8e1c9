// Who a network client is. gridledgerd decides it from the credential (or
// the unix socket), never from what the client says about itself, and maps
// it onto the engine's Actor for every call.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "gridledger/actor.h"
#include "gridledger/export.h"
#include "gridledger/types.h"

namespace gridledger {

enum class IdentityKind : uint8_t {
  kOperator,     // local administrator: everything, including the raw log
  kKiosk,        // a hall kiosk: what a resident at it may do, nothing more
  kWorker,       // a registered worker; rights from the registry's roles
  kIntegration,  // another system (12345 platform, Open311 client)
};

// "operator", "kiosk", "worker", "integration".
GRIDLEDGER_EXPORT std::string_view IdentityKindName(IdentityKind kind);
// The kind named `name`; kInvalidArgument for anything else.
GRIDLEDGER_EXPORT Result<IdentityKind> ParseIdentityKind(std::string_view name);

struct Identity {
  IdentityKind kind = IdentityKind::kKiosk;
  std::string subject;        // worker id, kiosk device name, system name
  std::string credential_id;  // "" for the unix-socket operator

  // The engine actor calls act as: residents for kiosks, the registered
  // worker for workers, system jobs for operators and integrations.
  GRIDLEDGER_EXPORT Actor ToActor() const;
};

// A credential as operators see it (never the secret).
struct CredentialInfo {
  std::string credential_id;
  IdentityKind kind = IdentityKind::kKiosk;
  std::string subject;
  std::string note;
  Timestamp issued_at{};
  std::string issued_by;
  bool revoked = false;
  Timestamp revoked_at{};
  std::string revoked_by;
  std::string reason;
};

// What `issue` hands out once: the token to give to the holder. Only a
// keyed hash of it is stored.
struct IssuedCredential {
  CredentialInfo info;
  std::string token;  // "glc1.<credential id>.<secret>"
};

}  // namespace gridledger
