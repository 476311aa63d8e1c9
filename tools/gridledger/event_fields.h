// Field-by-field descriptions of every payload type, shared by the JSON
// writer and reader (event_json.cc) so the two can never disagree.
//
// Describe(v, x) calls v.Field("jsonName", x.member) for each member, or
// v.Bytes(...) for members holding binary data. Names follow
// schemas/events.capnp.
#pragma once

#include <array>
#include <string_view>

#include "gridledger/event_payloads.h"

namespace gridledger::cli {

// Schema names of each enum's values, in declaration order.
template <typename E>
struct EnumNames;
template <>
struct EnumNames<GridKind> {
  static constexpr std::array<std::string_view, 5> kNames = {"street", "community", "grid",
                                                             "microGrid", "dedicated"};
};
template <>
struct EnumNames<PlaceKind> {
  static constexpr std::array<std::string_view, 7> kNames = {
      "compound", "building", "shop", "market", "school", "other", "unit"};
};
template <>
struct EnumNames<Role> {
  static constexpr std::array<std::string_view, 8> kNames = {
      "resident",  "partTimeWorker", "fullTimeWorker", "gridLeader",
      "community", "streetCentre",   "department",     "system"};
};
template <>
struct EnumNames<CaseSource> {
  static constexpr std::array<std::string_view, 7> kNames = {
      "kiosk", "patrol", "inspection", "sensor", "import", "hotline", "worker"};
};
template <>
struct EnumNames<Priority> {
  static constexpr std::array<std::string_view, 3> kNames = {"normal", "urgent", "emergency"};
};
template <>
struct EnumNames<AssigneeLevel> {
  static constexpr std::array<std::string_view, 4> kNames = {"grid", "community", "street",
                                                             "department"};
};

template <>
struct EnumNames<CaseKind> {
  static constexpr auto kNames = kCaseKindNames;
};
template <>
struct EnumNames<RejectReason> {
  static constexpr auto kNames = kRejectReasonNames;
};

template <typename E>
std::string_view EnumName(E value) {
  auto i = static_cast<size_t>(value);
  return i < EnumNames<E>::kNames.size() ? EnumNames<E>::kNames[i] : "unknown";
}

template <class V>
void Describe(V& v, SealedField& x) {
  v.Field("personId", x.person_id);
  v.Bytes("nonce", x.nonce);
  v.Bytes("cipher", x.cipher);
}
template <class V>
void Describe(V& v, Location& x) {
  v.Field("gridCode", x.grid_code);
  v.Field("placeId", x.place_id);
  v.Field("address", x.address);
  v.Field("latE6", x.lat_e6);
  v.Field("lonE6", x.lon_e6);
}
template <class V>
void Describe(V& v, InspectionItem& x) {
  v.Field("item", x.item);
  v.Field("passed", x.passed);
  v.Field("note", x.note);
}
template <class V>
void Describe(V& v, OpaqueEvent& x) {
  v.Field("typeName", x.type_name);
  v.Bytes("data", x.data);
}
template <class V>
void Describe(V& v, GridDefined& x) {
  v.Field("code", x.code);
  v.Field("name", x.name);
  v.Field("kind", x.kind);
  v.Field("parentCode", x.parent_code);
  v.Field("households", x.households);
}
template <class V>
void Describe(V& v, PlaceRegistered& x) {
  v.Field("placeId", x.place_id);
  v.Field("gridCode", x.grid_code);
  v.Field("name", x.name);
  v.Field("kind", x.kind);
  v.Field("parentPlaceId", x.parent_place_id);
}
template <class V>
void Describe(V& v, WorkerAssigned& x) {
  v.Field("workerId", x.worker_id);
  v.Field("displayName", x.display_name);
  v.Field("role", x.role);
  v.Field("gridCode", x.grid_code);
  v.Field("department", x.department);
}
template <class V>
void Describe(V& v, WorkerReleased& x) {
  v.Field("workerId", x.worker_id);
  v.Field("gridCode", x.grid_code);
}
template <class V>
void Describe(V& v, CaseFiled& x) {
  v.Field("category", x.category);
  v.Field("source", x.source);
  v.Field("description", x.description);
  v.Field("location", x.location);
  v.Field("reporter", x.reporter);
  v.Bytes("residentKey", x.resident_key);
  v.Bytes("queryCodeHash", x.query_code_hash);
  v.Field("kind", x.kind);
  v.Field("externalId", x.external_id);
  v.Field("mediaUrl", x.media_url);
}
template <class V>
void Describe(V& v, CaseRegistered& x) {
  v.Field("priority", x.priority);
  v.Field("deadline", x.deadline);
  v.Field("warnAt", x.warn_at);
}
template <class V>
void Describe(V& v, CaseRejected& x) {
  v.Field("reason", x.reason);
  v.Field("note", x.note);
  v.Field("duplicateOf", x.duplicate_of);
}
template <class V>
void Describe(V& v, CaseDispatched& x) {
  v.Field("level", x.level);
  v.Field("assignee", x.assignee);
  v.Field("gridCode", x.grid_code);
  v.Field("note", x.note);
}
template <class V>
void Describe(V& v, CaseReturned& x) {
  v.Field("reason", x.reason);
}
template <class V>
void Describe(V& v, CaseAcknowledged& x) {
  v.Field("by", x.by);
}
template <class V>
void Describe(V& v, CaseHandled& x) {
  v.Field("note", x.note);
  v.Field("photoRefs", x.photo_refs);
}
template <class V>
void Describe(V& v, CaseReported& x) {
  v.Field("result", x.result);
}
template <class V>
void Describe(V& v, CaseVerified& x) {
  v.Field("passed", x.passed);
  v.Field("note", x.note);
}
template <class V>
void Describe(V& v, CaseClosed& x) {
  v.Field("onTime", x.on_time);
  v.Field("note", x.note);
}
template <class V>
void Describe(V& v, CaseFollowedUp& x) {
  v.Field("satisfaction", x.satisfaction);
  v.Field("comment", x.comment);
  v.Field("fixed", x.fixed);
}
template <class V>
void Describe(V& v, CaseReopened& x) {
  v.Field("reason", x.reason);
}
template <class V>
void Describe(V& v, DeadlineExtended& x) {
  v.Field("newDeadline", x.new_deadline);
  v.Field("newWarnAt", x.new_warn_at);
  v.Field("reason", x.reason);
  v.Field("approvedBy", x.approved_by);
}
template <class V>
void Describe(V& v, CaseSuspended& x) {
  v.Field("reason", x.reason);
}
template <class V>
void Describe(V& v, CaseResumed& x) {
  v.Field("newDeadline", x.new_deadline);
  v.Field("newWarnAt", x.new_warn_at);
}
template <class V>
void Describe(V& v, CaseEscalated& x) {
  v.Field("toLevel", x.to_level);
  v.Field("reason", x.reason);
}
template <class V>
void Describe(V& v, DeadlineWarned& x) {
  v.Field("deadline", x.deadline);
}
template <class V>
void Describe(V& v, CaseOverdue& x) {
  v.Field("deadline", x.deadline);
}
template <class V>
void Describe(V& v, CaseMerged& x) {
  v.Field("intoCaseId", x.into_case_id);
}
template <class V>
void Describe(V& v, PatrolRecorded& x) {
  v.Field("gridCode", x.grid_code);
  v.Field("note", x.note);
  v.Field("photoRefs", x.photo_refs);
  v.Field("findingCaseIds", x.finding_case_ids);
  v.Field("placesVisited", x.places_visited);
}
template <class V>
void Describe(V& v, InspectionRecorded& x) {
  v.Field("placeId", x.place_id);
  v.Field("placeName", x.place_name);
  v.Field("items", x.items);
  v.Field("rectificationCaseIds", x.rectification_case_ids);
}
template <class V>
void Describe(V& v, MediationOpened& x) {
  v.Field("subject", x.subject);
  v.Field("parties", x.parties);
  v.Field("category", x.category);
}
template <class V>
void Describe(V& v, MediationSession& x) {
  v.Field("note", x.note);
}
template <class V>
void Describe(V& v, MediationConcluded& x) {
  v.Field("agreed", x.agreed);
  v.Field("summary", x.summary);
}
template <class V>
void Describe(V& v, MicroWishCollected& x) {
  v.Field("wish", x.wish);
  v.Field("resident", x.resident);
}
template <class V>
void Describe(V& v, MicroWishPlanned& x) {
  v.Field("plan", x.plan);
  v.Field("sponsor", x.sponsor);
}
template <class V>
void Describe(V& v, MicroWishFulfilled& x) {
  v.Field("note", x.note);
}
template <class V>
void Describe(V& v, MicroWishRevisited& x) {
  v.Field("note", x.note);
  v.Field("satisfied", x.satisfied);
}
template <class V>
void Describe(V& v, CareVisitRecorded& x) {
  v.Field("person", x.person);
  v.Field("notes", x.notes);
  v.Field("followUpNeeded", x.follow_up_needed);
}
template <class V>
void Describe(V& v, PolicyOutreachRecorded& x) {
  v.Field("topic", x.topic);
  v.Field("householdsReached", x.households_reached);
  v.Field("peopleInformed", x.people_informed);
}
template <class V>
void Describe(V& v, SensorAlarmRaised& x) {
  v.Field("deviceId", x.device_id);
  v.Field("alarmKind", x.alarm_kind);
  v.Field("location", x.location);
  v.Field("caseId", x.case_id);
}

}  // namespace gridledger::cli
