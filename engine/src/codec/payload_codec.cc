#include "codec/payload_codec.h"

#include <kj/debug.h>

#include <type_traits>

namespace gridledger::codec {

namespace {

namespace s = ::gridledger::schema;

kj::StringPtr Txt(const std::string& v) { return {v.c_str(), v.size()}; }
kj::ArrayPtr<const kj::byte> Bytes(const std::string& v) {
  return {reinterpret_cast<const kj::byte*>(v.data()), v.size()};
}
std::string Str(capnp::Text::Reader r) { return {r.cStr(), r.size()}; }
std::string Str(capnp::Data::Reader r) {
  return {reinterpret_cast<const char*>(r.begin()), r.size()};
}

template <typename Enum, typename CapEnum>
CapEnum ToCap(Enum e) {
  return static_cast<CapEnum>(static_cast<uint16_t>(e));
}
template <typename Enum, typename CapEnum>
Enum FromCap(CapEnum e, Enum max) {
  auto v = static_cast<uint16_t>(e);
  // Unknown enumerants (from a newer writer) fall back to the first value.
  return v > static_cast<uint16_t>(max) ? Enum{} : static_cast<Enum>(v);
}

void SetSealed(s::Sealed::Builder b, const SealedField& v) {
  b.setPersonId(Txt(v.person_id));
  b.setNonce(Bytes(v.nonce));
  b.setCipher(Bytes(v.cipher));
}
SealedField GetSealed(s::Sealed::Reader r) {
  return {Str(r.getPersonId()), Str(r.getNonce()), Str(r.getCipher())};
}

void SetLocation(s::Location::Builder b, const Location& v) {
  b.setGridCode(Txt(v.grid_code));
  b.setPlaceId(Txt(v.place_id));
  b.setAddress(Txt(v.address));
  b.setLatE6(v.lat_e6);
  b.setLonE6(v.lon_e6);
}
Location GetLocation(s::Location::Reader r) {
  return {Str(r.getGridCode()), Str(r.getPlaceId()), Str(r.getAddress()), r.getLatE6(),
          r.getLonE6()};
}

void SetTextList(capnp::List<capnp::Text>::Builder b, const std::vector<std::string>& v) {
  for (size_t i = 0; i < v.size(); ++i) b.set(i, Txt(v[i]));
}
std::vector<std::string> GetTextList(capnp::List<capnp::Text>::Reader r) {
  std::vector<std::string> out;
  out.reserve(r.size());
  for (auto t : r) out.push_back(Str(t));
  return out;
}

int64_t Us(Timestamp t) { return ToMicros(t); }

// ---- encode: one overload per payload type -------------------------------

using P = s::Envelope::Payload::Builder;

void Put(P p, const OpaqueEvent& v) {
  auto b = p.initOpaque();
  b.setTypeName(Txt(v.type_name));
  b.setData(Bytes(v.data));
}
void Put(P p, const GridDefined& v) {
  auto b = p.initGridDefined();
  b.setCode(Txt(v.code));
  b.setName(Txt(v.name));
  b.setKind(ToCap<GridKind, s::GridKind>(v.kind));
  b.setParentCode(Txt(v.parent_code));
  b.setHouseholds(v.households);
}
void Put(P p, const PlaceRegistered& v) {
  auto b = p.initPlaceRegistered();
  b.setPlaceId(Txt(v.place_id));
  b.setGridCode(Txt(v.grid_code));
  b.setName(Txt(v.name));
  b.setKind(ToCap<PlaceKind, s::PlaceKind>(v.kind));
  b.setParentPlaceId(Txt(v.parent_place_id));
}
void Put(P p, const WorkerAssigned& v) {
  auto b = p.initWorkerAssigned();
  b.setWorkerId(Txt(v.worker_id));
  b.setDisplayName(Txt(v.display_name));
  b.setRole(ToCap<Role, s::Role>(v.role));
  b.setGridCode(Txt(v.grid_code));
  b.setDepartment(Txt(v.department));
}
void Put(P p, const WorkerReleased& v) {
  auto b = p.initWorkerReleased();
  b.setWorkerId(Txt(v.worker_id));
  b.setGridCode(Txt(v.grid_code));
}
void Put(P p, const CaseFiled& v) {
  auto b = p.initCaseFiled();
  b.setCategory(Txt(v.category));
  b.setSource(ToCap<CaseSource, s::CaseSource>(v.source));
  b.setDescription(Txt(v.description));
  SetLocation(b.initLocation(), v.location);
  SetSealed(b.initReporter(), v.reporter);
  b.setResidentKey(Bytes(v.resident_key));
  b.setQueryCodeHash(Bytes(v.query_code_hash));
  b.setKind(Txt(std::string(CaseKindName(v.kind))));
  b.setExternalId(Txt(v.external_id));
  b.setMediaUrl(Txt(v.media_url));
}
void Put(P p, const CaseRegistered& v) {
  auto b = p.initCaseRegistered();
  b.setPriority(ToCap<Priority, s::Priority>(v.priority));
  b.setDeadline(Us(v.deadline));
  b.setWarnAt(Us(v.warn_at));
}
void Put(P p, const CaseRejected& v) {
  auto b = p.initCaseRejected();
  b.setReason(Txt(std::string(RejectReasonName(v.reason))));
  b.setNote(Txt(v.note));
  b.setDuplicateOf(Txt(v.duplicate_of));
}
void Put(P p, const CaseDispatched& v) {
  auto b = p.initCaseDispatched();
  b.setLevel(ToCap<AssigneeLevel, s::AssigneeLevel>(v.level));
  b.setAssignee(Txt(v.assignee));
  b.setGridCode(Txt(v.grid_code));
  b.setNote(Txt(v.note));
}
void Put(P p, const CaseReturned& v) { p.initCaseReturned().setReason(Txt(v.reason)); }
void Put(P p, const CaseAcknowledged& v) { p.initCaseAcknowledged().setBy(Txt(v.by)); }
void Put(P p, const CaseHandled& v) {
  auto b = p.initCaseHandled();
  b.setNote(Txt(v.note));
  SetTextList(b.initPhotoRefs(v.photo_refs.size()), v.photo_refs);
}
void Put(P p, const CaseReported& v) { p.initCaseReported().setResult(Txt(v.result)); }
void Put(P p, const CaseVerified& v) {
  auto b = p.initCaseVerified();
  b.setPassed(v.passed);
  b.setNote(Txt(v.note));
}
void Put(P p, const CaseClosed& v) {
  auto b = p.initCaseClosed();
  b.setOnTime(v.on_time);
  b.setNote(Txt(v.note));
}
void Put(P p, const CaseFollowedUp& v) {
  auto b = p.initCaseFollowedUp();
  b.setSatisfaction(v.satisfaction);
  b.setComment(Txt(v.comment));
  b.setFixed(v.fixed);
}
void Put(P p, const CaseReopened& v) { p.initCaseReopened().setReason(Txt(v.reason)); }
void Put(P p, const DeadlineExtended& v) {
  auto b = p.initDeadlineExtended();
  b.setNewDeadline(Us(v.new_deadline));
  b.setNewWarnAt(Us(v.new_warn_at));
  b.setReason(Txt(v.reason));
  b.setApprovedBy(Txt(v.approved_by));
}
void Put(P p, const CaseSuspended& v) { p.initCaseSuspended().setReason(Txt(v.reason)); }
void Put(P p, const CaseResumed& v) {
  auto b = p.initCaseResumed();
  b.setNewDeadline(Us(v.new_deadline));
  b.setNewWarnAt(Us(v.new_warn_at));
}
void Put(P p, const CaseEscalated& v) {
  auto b = p.initCaseEscalated();
  b.setToLevel(ToCap<AssigneeLevel, s::AssigneeLevel>(v.to_level));
  b.setReason(Txt(v.reason));
}
void Put(P p, const DeadlineWarned& v) { p.initDeadlineWarned().setDeadline(Us(v.deadline)); }
void Put(P p, const CaseOverdue& v) { p.initCaseOverdue().setDeadline(Us(v.deadline)); }
void Put(P p, const CaseMerged& v) { p.initCaseMerged().setIntoCaseId(Txt(v.into_case_id)); }
void Put(P p, const PatrolRecorded& v) {
  auto b = p.initPatrolRecorded();
  b.setGridCode(Txt(v.grid_code));
  b.setNote(Txt(v.note));
  SetTextList(b.initPhotoRefs(v.photo_refs.size()), v.photo_refs);
  SetTextList(b.initFindingCaseIds(v.finding_case_ids.size()), v.finding_case_ids);
  b.setPlacesVisited(v.places_visited);
}
void Put(P p, const InspectionRecorded& v) {
  auto b = p.initInspectionRecorded();
  b.setPlaceId(Txt(v.place_id));
  b.setPlaceName(Txt(v.place_name));
  auto items = b.initItems(v.items.size());
  for (size_t i = 0; i < v.items.size(); ++i) {
    items[i].setItem(Txt(v.items[i].item));
    items[i].setPassed(v.items[i].passed);
    items[i].setNote(Txt(v.items[i].note));
  }
  SetTextList(b.initRectificationCaseIds(v.rectification_case_ids.size()),
              v.rectification_case_ids);
}
void Put(P p, const MediationOpened& v) {
  auto b = p.initMediationOpened();
  b.setSubject(Txt(v.subject));
  auto parties = b.initParties(v.parties.size());
  for (size_t i = 0; i < v.parties.size(); ++i) SetSealed(parties[i], v.parties[i]);
  b.setCategory(Txt(v.category));
}
void Put(P p, const MediationSession& v) { p.initMediationSession().setNote(Txt(v.note)); }
void Put(P p, const MediationConcluded& v) {
  auto b = p.initMediationConcluded();
  b.setAgreed(v.agreed);
  b.setSummary(Txt(v.summary));
}
void Put(P p, const MicroWishCollected& v) {
  auto b = p.initMicroWishCollected();
  b.setWish(Txt(v.wish));
  SetSealed(b.initResident(), v.resident);
}
void Put(P p, const MicroWishPlanned& v) {
  auto b = p.initMicroWishPlanned();
  b.setPlan(Txt(v.plan));
  b.setSponsor(Txt(v.sponsor));
}
void Put(P p, const MicroWishFulfilled& v) { p.initMicroWishFulfilled().setNote(Txt(v.note)); }
void Put(P p, const MicroWishRevisited& v) {
  auto b = p.initMicroWishRevisited();
  b.setNote(Txt(v.note));
  b.setSatisfied(v.satisfied);
}
void Put(P p, const CareVisitRecorded& v) {
  auto b = p.initCareVisitRecorded();
  SetSealed(b.initPerson(), v.person);
  SetSealed(b.initNotes(), v.notes);
  b.setFollowUpNeeded(v.follow_up_needed);
}
void Put(P p, const PolicyOutreachRecorded& v) {
  auto b = p.initPolicyOutreachRecorded();
  b.setTopic(Txt(v.topic));
  b.setHouseholdsReached(v.households_reached);
  b.setPeopleInformed(v.people_informed);
}
void Put(P p, const SensorAlarmRaised& v) {
  auto b = p.initSensorAlarmRaised();
  b.setDeviceId(Txt(v.device_id));
  b.setAlarmKind(Txt(v.alarm_kind));
  SetLocation(b.initLocation(), v.location);
  b.setCaseId(Txt(v.case_id));
}

}  // namespace

void EncodePayload(s::Envelope::Payload::Builder out, const EventPayload& payload) {
  std::visit([&](const auto& v) { Put(out, v); }, payload);
}

EventPayload DecodePayload(s::Envelope::Payload::Reader in) {
  using W = s::Envelope::Payload::Which;
  switch (in.which()) {
    case W::OPAQUE: {
      auto r = in.getOpaque();
      return OpaqueEvent{Str(r.getTypeName()), Str(r.getData())};
    }
    case W::GRID_DEFINED: {
      auto r = in.getGridDefined();
      return GridDefined{Str(r.getCode()), Str(r.getName()),
                         FromCap(r.getKind(), GridKind::kDedicated), Str(r.getParentCode()),
                         r.getHouseholds()};
    }
    case W::PLACE_REGISTERED: {
      auto r = in.getPlaceRegistered();
      return PlaceRegistered{Str(r.getPlaceId()), Str(r.getGridCode()), Str(r.getName()),
                             FromCap(r.getKind(), PlaceKind::kUnit), Str(r.getParentPlaceId())};
    }
    case W::WORKER_ASSIGNED: {
      auto r = in.getWorkerAssigned();
      return WorkerAssigned{Str(r.getWorkerId()), Str(r.getDisplayName()),
                            FromCap(r.getRole(), Role::kSystem), Str(r.getGridCode()),
                            Str(r.getDepartment())};
    }
    case W::WORKER_RELEASED: {
      auto r = in.getWorkerReleased();
      return WorkerReleased{Str(r.getWorkerId()), Str(r.getGridCode())};
    }
    case W::CASE_FILED: {
      auto r = in.getCaseFiled();
      CaseFiled v;
      v.category = Str(r.getCategory());
      v.source = FromCap(r.getSource(), CaseSource::kWorker);
      v.description = Str(r.getDescription());
      v.location = GetLocation(r.getLocation());
      v.reporter = GetSealed(r.getReporter());
      v.resident_key = Str(r.getResidentKey());
      v.query_code_hash = Str(r.getQueryCodeHash());
      v.kind = ParseCaseKind(Str(r.getKind())).value_or(CaseKind::kRequest);
      v.external_id = Str(r.getExternalId());
      v.media_url = Str(r.getMediaUrl());
      return v;
    }
    case W::CASE_REGISTERED: {
      auto r = in.getCaseRegistered();
      return CaseRegistered{FromCap(r.getPriority(), Priority::kEmergency),
                            FromMicros(r.getDeadline()), FromMicros(r.getWarnAt())};
    }
    case W::CASE_REJECTED: {
      auto r = in.getCaseRejected();
      return CaseRejected{ParseRejectReason(Str(r.getReason())).value_or(RejectReason::kInvalid),
                          Str(r.getNote()), Str(r.getDuplicateOf())};
    }
    case W::CASE_DISPATCHED: {
      auto r = in.getCaseDispatched();
      return CaseDispatched{FromCap(r.getLevel(), AssigneeLevel::kDepartment), Str(r.getAssignee()),
                            Str(r.getGridCode()), Str(r.getNote())};
    }
    case W::CASE_RETURNED:
      return CaseReturned{Str(in.getCaseReturned().getReason())};
    case W::CASE_ACKNOWLEDGED:
      return CaseAcknowledged{Str(in.getCaseAcknowledged().getBy())};
    case W::CASE_HANDLED: {
      auto r = in.getCaseHandled();
      return CaseHandled{Str(r.getNote()), GetTextList(r.getPhotoRefs())};
    }
    case W::CASE_REPORTED:
      return CaseReported{Str(in.getCaseReported().getResult())};
    case W::CASE_VERIFIED: {
      auto r = in.getCaseVerified();
      return CaseVerified{r.getPassed(), Str(r.getNote())};
    }
    case W::CASE_CLOSED: {
      auto r = in.getCaseClosed();
      return CaseClosed{r.getOnTime(), Str(r.getNote())};
    }
    case W::CASE_FOLLOWED_UP: {
      auto r = in.getCaseFollowedUp();
      return CaseFollowedUp{r.getSatisfaction(), Str(r.getComment()), r.getFixed()};
    }
    case W::CASE_REOPENED:
      return CaseReopened{Str(in.getCaseReopened().getReason())};
    case W::DEADLINE_EXTENDED: {
      auto r = in.getDeadlineExtended();
      return DeadlineExtended{FromMicros(r.getNewDeadline()), FromMicros(r.getNewWarnAt()),
                              Str(r.getReason()), Str(r.getApprovedBy())};
    }
    case W::CASE_SUSPENDED:
      return CaseSuspended{Str(in.getCaseSuspended().getReason())};
    case W::CASE_RESUMED: {
      auto r = in.getCaseResumed();
      return CaseResumed{FromMicros(r.getNewDeadline()), FromMicros(r.getNewWarnAt())};
    }
    case W::CASE_ESCALATED: {
      auto r = in.getCaseEscalated();
      return CaseEscalated{FromCap(r.getToLevel(), AssigneeLevel::kDepartment), Str(r.getReason())};
    }
    case W::DEADLINE_WARNED:
      return DeadlineWarned{FromMicros(in.getDeadlineWarned().getDeadline())};
    case W::CASE_OVERDUE:
      return CaseOverdue{FromMicros(in.getCaseOverdue().getDeadline())};
    case W::CASE_MERGED:
      return CaseMerged{Str(in.getCaseMerged().getIntoCaseId())};
    case W::PATROL_RECORDED: {
      auto r = in.getPatrolRecorded();
      return PatrolRecorded{Str(r.getGridCode()), Str(r.getNote()), GetTextList(r.getPhotoRefs()),
                            GetTextList(r.getFindingCaseIds()), r.getPlacesVisited()};
    }
    case W::INSPECTION_RECORDED: {
      auto r = in.getInspectionRecorded();
      InspectionRecorded v{
          Str(r.getPlaceId()), Str(r.getPlaceName()), {}, GetTextList(r.getRectificationCaseIds())};
      for (auto item : r.getItems())
        v.items.push_back({Str(item.getItem()), item.getPassed(), Str(item.getNote())});
      return v;
    }
    case W::MEDIATION_OPENED: {
      auto r = in.getMediationOpened();
      MediationOpened v{Str(r.getSubject()), {}, Str(r.getCategory())};
      for (auto party : r.getParties()) v.parties.push_back(GetSealed(party));
      return v;
    }
    case W::MEDIATION_SESSION:
      return MediationSession{Str(in.getMediationSession().getNote())};
    case W::MEDIATION_CONCLUDED: {
      auto r = in.getMediationConcluded();
      return MediationConcluded{r.getAgreed(), Str(r.getSummary())};
    }
    case W::MICRO_WISH_COLLECTED: {
      auto r = in.getMicroWishCollected();
      return MicroWishCollected{Str(r.getWish()), GetSealed(r.getResident())};
    }
    case W::MICRO_WISH_PLANNED: {
      auto r = in.getMicroWishPlanned();
      return MicroWishPlanned{Str(r.getPlan()), Str(r.getSponsor())};
    }
    case W::MICRO_WISH_FULFILLED:
      return MicroWishFulfilled{Str(in.getMicroWishFulfilled().getNote())};
    case W::MICRO_WISH_REVISITED: {
      auto r = in.getMicroWishRevisited();
      return MicroWishRevisited{Str(r.getNote()), r.getSatisfied()};
    }
    case W::CARE_VISIT_RECORDED: {
      auto r = in.getCareVisitRecorded();
      return CareVisitRecorded{GetSealed(r.getPerson()), GetSealed(r.getNotes()),
                               r.getFollowUpNeeded()};
    }
    case W::POLICY_OUTREACH_RECORDED: {
      auto r = in.getPolicyOutreachRecorded();
      return PolicyOutreachRecorded{Str(r.getTopic()), r.getHouseholdsReached(),
                                    r.getPeopleInformed()};
    }
    case W::SENSOR_ALARM_RAISED: {
      auto r = in.getSensorAlarmRaised();
      return SensorAlarmRaised{Str(r.getDeviceId()), Str(r.getAlarmKind()),
                               GetLocation(r.getLocation()), Str(r.getCaseId())};
    }
  }
  KJ_FAIL_REQUIRE("unknown payload type");
}

}  // namespace gridledger::codec
