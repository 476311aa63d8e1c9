#include "gridledger/identity.h"

namespace gridledger {

std::string_view IdentityKindName(IdentityKind kind) {
  switch (kind) {
    case IdentityKind::kOperator:
      return "operator";
    case IdentityKind::kKiosk:
      return "kiosk";
    case IdentityKind::kWorker:
      return "worker";
    case IdentityKind::kIntegration:
      return "integration";
  }
  return "unknown";
}

Result<IdentityKind> ParseIdentityKind(std::string_view name) {
  for (IdentityKind k : {IdentityKind::kOperator, IdentityKind::kKiosk, IdentityKind::kWorker,
                         IdentityKind::kIntegration}) {
    if (IdentityKindName(k) == name) return k;
  }
  return Status::InvalidArgument("unknown credential kind '" + std::string(name) +
                                 "' (operator, kiosk, worker or integration)");
}

Actor Identity::ToActor() const {
  switch (kind) {
    case IdentityKind::kKiosk:
      return Actor::Resident();
    case IdentityKind::kWorker:
      return Actor::Worker(subject);
    case IdentityKind::kIntegration:
      return Actor::System(subject.empty() ? "integration" : subject);
    case IdentityKind::kOperator:
      break;
  }
  return Actor::System(subject.empty() ? "operator" : subject);
}

}  // namespace gridledger
