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

}  // namespace gridledger
