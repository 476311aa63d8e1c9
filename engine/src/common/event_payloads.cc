#include "gridledger/event_payloads.h"

#include <array>

namespace gridledger {

namespace {
// In EventPayload's alternative order; names as in schemas/events.capnp.
constexpr std::array<std::string_view, std::variant_size_v<EventPayload>> kNames = {
    "opaque",
    "gridDefined",
    "placeRegistered",
    "workerAssigned",
    "workerReleased",
    "caseFiled",
    "caseRegistered",
    "caseRejected",
    "caseDispatched",
    "caseReturned",
    "caseAcknowledged",
    "caseHandled",
    "caseReported",
    "caseVerified",
    "caseClosed",
    "caseFollowedUp",
    "caseReopened",
    "deadlineExtended",
    "caseSuspended",
    "caseResumed",
    "caseEscalated",
    "deadlineWarned",
    "caseOverdue",
    "caseMerged",
    "patrolRecorded",
    "inspectionRecorded",
    "mediationOpened",
    "mediationSession",
    "mediationConcluded",
    "microWishCollected",
    "microWishPlanned",
    "microWishFulfilled",
    "microWishRevisited",
    "careVisitRecorded",
    "policyOutreachRecorded",
    "sensorAlarmRaised"};
}  // namespace

std::string_view EventTypeName(const EventPayload& payload) {
  if (const auto* opaque = std::get_if<OpaqueEvent>(&payload)) return opaque->type_name;
  return kNames[payload.index()];
}

namespace {
template <typename E, size_t N>
std::optional<E> ParseName(const std::array<std::string_view, N>& names, std::string_view name) {
  for (size_t i = 0; i < N; ++i)
    if (names[i] == name) return static_cast<E>(i);
  return std::nullopt;
}
}  // namespace

std::string_view CaseKindName(CaseKind kind) {
  return kCaseKindNames.at(static_cast<size_t>(kind));
}
std::optional<CaseKind> ParseCaseKind(std::string_view name) {
  return ParseName<CaseKind>(kCaseKindNames, name);
}
std::string_view RejectReasonName(RejectReason reason) {
  return kRejectReasonNames.at(static_cast<size_t>(reason));
}
std::optional<RejectReason> ParseRejectReason(std::string_view name) {
  return ParseName<RejectReason>(kRejectReasonNames, name);
}

}  // namespace gridledger
