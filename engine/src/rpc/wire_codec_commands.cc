// The wire codec for commands: FileCase, FiledReceipt, and every
// alternative of CaseCommand and WorkCommand.
#include <kj/debug.h>

#include <cstdint>
#include <variant>

#include "rpc/wire_codec.h"
#include "rpc/wire_codec_internal.h"

namespace gridledger::rpc {

namespace {

using internal::Count;
using internal::EnumFromWire;
using internal::EnumToWire;
using internal::Str;
using internal::TextListFromWire;
using internal::TextListToWire;
using internal::Txt;

// ---- CaseCommand: one Put (encode) and one Get (decode) per alternative ---

using CaseOut = wire::CaseCommand::Builder;
using CaseIn = wire::CaseCommand::Reader;

void Put(CaseOut out, const cmd::Register& c) {
  auto b = out.initRegister();
  b.setCaseId(Txt(c.case_id));
  b.setHasPriority(c.priority.has_value());
  if (c.priority) b.setPriority(EnumToWire(*c.priority));
}
cmd::Register Get(wire::CaseCommand::Register::Reader r) {
  cmd::Register c;
  c.case_id = Str(r.getCaseId());
  if (r.getHasPriority()) c.priority = EnumFromWire<Priority>(r.getPriority());
  return c;
}

void Put(CaseOut out, const cmd::Reject& c) {
  auto b = out.initReject();
  b.setCaseId(Txt(c.case_id));
  b.setReason(Txt(c.reason));
  b.setNote(Txt(c.note));
  b.setDuplicateOf(Txt(c.duplicate_of));
}
cmd::Reject Get(wire::CaseCommand::Reject::Reader r) {
  cmd::Reject c;
  c.case_id = Str(r.getCaseId());
  c.reason = Str(r.getReason());
  c.note = Str(r.getNote());
  c.duplicate_of = Str(r.getDuplicateOf());
  return c;
}

void Put(CaseOut out, const cmd::Dispatch& c) {
  auto b = out.initDispatch();
  b.setCaseId(Txt(c.case_id));
  b.setLevel(EnumToWire(c.level));
  b.setAssignee(Txt(c.assignee));
  b.setNote(Txt(c.note));
}
cmd::Dispatch Get(wire::CaseCommand::Dispatch::Reader r) {
  cmd::Dispatch c;
  c.case_id = Str(r.getCaseId());
  c.level = EnumFromWire<AssigneeLevel>(r.getLevel());
  c.assignee = Str(r.getAssignee());
  c.note = Str(r.getNote());
  return c;
}

void Put(CaseOut out, const cmd::Return& c) {
  auto b = out.initReturn();
  b.setCaseId(Txt(c.case_id));
  b.setReason(Txt(c.reason));
}
cmd::Return Get(wire::CaseCommand::Return::Reader r) {
  cmd::Return c;
  c.case_id = Str(r.getCaseId());
  c.reason = Str(r.getReason());
  return c;
}

void Put(CaseOut out, const cmd::Acknowledge& c) {
  out.initAcknowledge().setCaseId(Txt(c.case_id));
}
cmd::Acknowledge Get(wire::CaseCommand::Acknowledge::Reader r) {
  cmd::Acknowledge c;
  c.case_id = Str(r.getCaseId());
  return c;
}

void Put(CaseOut out, const cmd::Handle& c) {
  auto b = out.initHandle();
  b.setCaseId(Txt(c.case_id));
  b.setNote(Txt(c.note));
  TextListToWire(c.photo_refs, b.initPhotoRefs(Count(c.photo_refs)));
}
cmd::Handle Get(wire::CaseCommand::Handle::Reader r) {
  cmd::Handle c;
  c.case_id = Str(r.getCaseId());
  c.note = Str(r.getNote());
  c.photo_refs = TextListFromWire(r.getPhotoRefs());
  return c;
}

void Put(CaseOut out, const cmd::ReportBack& c) {
  auto b = out.initReportBack();
  b.setCaseId(Txt(c.case_id));
  b.setResult(Txt(c.result));
}
cmd::ReportBack Get(wire::CaseCommand::ReportBack::Reader r) {
  cmd::ReportBack c;
  c.case_id = Str(r.getCaseId());
  c.result = Str(r.getResult());
  return c;
}

void Put(CaseOut out, const cmd::VerifyOnSite& c) {
  auto b = out.initVerifyOnSite();
  b.setCaseId(Txt(c.case_id));
  b.setPassed(c.passed);
  b.setNote(Txt(c.note));
}
cmd::VerifyOnSite Get(wire::CaseCommand::VerifyOnSite::Reader r) {
  cmd::VerifyOnSite c;
  c.case_id = Str(r.getCaseId());
  c.passed = r.getPassed();
  c.note = Str(r.getNote());
  return c;
}

void Put(CaseOut out, const cmd::Close& c) {
  auto b = out.initClose();
  b.setCaseId(Txt(c.case_id));
  b.setNote(Txt(c.note));
}
cmd::Close Get(wire::CaseCommand::Close::Reader r) {
  cmd::Close c;
  c.case_id = Str(r.getCaseId());
  c.note = Str(r.getNote());
  return c;
}

void Put(CaseOut out, const cmd::FollowUp& c) {
  auto b = out.initFollowUp();
  b.setCaseId(Txt(c.case_id));
  b.setSatisfaction(c.satisfaction);
  b.setComment(Txt(c.comment));
  b.setFixed(c.fixed);
}
cmd::FollowUp Get(wire::CaseCommand::FollowUp::Reader r) {
  cmd::FollowUp c;
  c.case_id = Str(r.getCaseId());
  c.satisfaction = r.getSatisfaction();
  c.comment = Str(r.getComment());
  c.fixed = r.getFixed();
  return c;
}

void Put(CaseOut out, const cmd::Reopen& c) {
  auto b = out.initReopen();
  b.setCaseId(Txt(c.case_id));
  b.setReason(Txt(c.reason));
}
cmd::Reopen Get(wire::CaseCommand::Reopen::Reader r) {
  cmd::Reopen c;
  c.case_id = Str(r.getCaseId());
  c.reason = Str(r.getReason());
  return c;
}

void Put(CaseOut out, const cmd::ExtendDeadline& c) {
  auto b = out.initExtendDeadline();
  b.setCaseId(Txt(c.case_id));
  b.setWorkingDays(c.working_days);
  b.setReason(Txt(c.reason));
  b.setApprovedBy(Txt(c.approved_by));
}
cmd::ExtendDeadline Get(wire::CaseCommand::ExtendDeadline::Reader r) {
  cmd::ExtendDeadline c;
  c.case_id = Str(r.getCaseId());
  c.working_days = r.getWorkingDays();
  c.reason = Str(r.getReason());
  c.approved_by = Str(r.getApprovedBy());
  return c;
}

void Put(CaseOut out, const cmd::Suspend& c) {
  auto b = out.initSuspend();
  b.setCaseId(Txt(c.case_id));
  b.setReason(Txt(c.reason));
}
cmd::Suspend Get(wire::CaseCommand::Suspend::Reader r) {
  cmd::Suspend c;
  c.case_id = Str(r.getCaseId());
  c.reason = Str(r.getReason());
  return c;
}

void Put(CaseOut out, const cmd::Resume& c) { out.initResume().setCaseId(Txt(c.case_id)); }
cmd::Resume Get(wire::CaseCommand::Resume::Reader r) {
  cmd::Resume c;
  c.case_id = Str(r.getCaseId());
  return c;
}

void Put(CaseOut out, const cmd::Escalate& c) {
  auto b = out.initEscalate();
  b.setCaseId(Txt(c.case_id));
  b.setReason(Txt(c.reason));
}
cmd::Escalate Get(wire::CaseCommand::Escalate::Reader r) {
  cmd::Escalate c;
  c.case_id = Str(r.getCaseId());
  c.reason = Str(r.getReason());
  return c;
}

void Put(CaseOut out, const cmd::Merge& c) {
  auto b = out.initMerge();
  b.setCaseId(Txt(c.case_id));
  b.setIntoCaseId(Txt(c.into_case_id));
}
cmd::Merge Get(wire::CaseCommand::Merge::Reader r) {
  cmd::Merge c;
  c.case_id = Str(r.getCaseId());
  c.into_case_id = Str(r.getIntoCaseId());
  return c;
}

// ---- WorkCommand ------------------------------------------------------------

using WorkOut = wire::WorkCommand::Builder;

void Put(WorkOut out, const cmd::DefineGrid& c) { ToWire(c.grid, out.initDefineGrid().initGrid()); }
cmd::DefineGrid Get(wire::WorkCommand::DefineGrid::Reader r) {
  cmd::DefineGrid c;
  c.grid = FromWire(r.getGrid());
  return c;
}

void Put(WorkOut out, const cmd::RegisterPlace& c) {
  ToWire(c.place, out.initRegisterPlace().initPlace());
}
cmd::RegisterPlace Get(wire::WorkCommand::RegisterPlace::Reader r) {
  cmd::RegisterPlace c;
  c.place = FromWire(r.getPlace());
  return c;
}

void Put(WorkOut out, const cmd::AssignWorker& c) {
  ToWire(c.assignment, out.initAssignWorker().initAssignment());
}
cmd::AssignWorker Get(wire::WorkCommand::AssignWorker::Reader r) {
  cmd::AssignWorker c;
  c.assignment = FromWire(r.getAssignment());
  return c;
}

void Put(WorkOut out, const cmd::RecordPatrol& c) {
  auto b = out.initRecordPatrol();
  b.setGridCode(Txt(c.grid_code));
  b.setNote(Txt(c.note));
  TextListToWire(c.photo_refs, b.initPhotoRefs(Count(c.photo_refs)));
  b.setPlacesVisited(c.places_visited);
  ListToWire(c.findings, b.initFindings(Count(c.findings)));
}
cmd::RecordPatrol Get(wire::WorkCommand::RecordPatrol::Reader r) {
  cmd::RecordPatrol c;
  c.grid_code = Str(r.getGridCode());
  c.note = Str(r.getNote());
  c.photo_refs = TextListFromWire(r.getPhotoRefs());
  c.places_visited = r.getPlacesVisited();
  c.findings = ListFromWire<FileCase>(r.getFindings());
  return c;
}

void Put(WorkOut out, const cmd::RecordInspection& c) {
  auto b = out.initRecordInspection();
  b.setPlaceId(Txt(c.place_id));
  b.setPlaceName(Txt(c.place_name));
  b.setGridCode(Txt(c.grid_code));
  ListToWire(c.items, b.initItems(Count(c.items)));
}
cmd::RecordInspection Get(wire::WorkCommand::RecordInspection::Reader r) {
  cmd::RecordInspection c;
  c.place_id = Str(r.getPlaceId());
  c.place_name = Str(r.getPlaceName());
  c.grid_code = Str(r.getGridCode());
  c.items = ListFromWire<InspectionItem>(r.getItems());
  return c;
}

void Put(WorkOut out, const cmd::OpenMediation& c) {
  auto b = out.initOpenMediation();
  b.setMediationId(Txt(c.mediation_id));
  b.setGridCode(Txt(c.grid_code));
  b.setSubject(Txt(c.subject));
  TextListToWire(c.party_names, b.initPartyNames(Count(c.party_names)));
  b.setCategory(Txt(c.category));
}
cmd::OpenMediation Get(wire::WorkCommand::OpenMediation::Reader r) {
  cmd::OpenMediation c;
  c.mediation_id = Str(r.getMediationId());
  c.grid_code = Str(r.getGridCode());
  c.subject = Str(r.getSubject());
  c.party_names = TextListFromWire(r.getPartyNames());
  c.category = Str(r.getCategory());
  return c;
}

void Put(WorkOut out, const cmd::RecordMediationSession& c) {
  auto b = out.initRecordMediationSession();
  b.setMediationId(Txt(c.mediation_id));
  b.setNote(Txt(c.note));
}
cmd::RecordMediationSession Get(wire::WorkCommand::RecordMediationSession::Reader r) {
  cmd::RecordMediationSession c;
  c.mediation_id = Str(r.getMediationId());
  c.note = Str(r.getNote());
  return c;
}

void Put(WorkOut out, const cmd::ConcludeMediation& c) {
  auto b = out.initConcludeMediation();
  b.setMediationId(Txt(c.mediation_id));
  b.setAgreed(c.agreed);
  b.setSummary(Txt(c.summary));
}
cmd::ConcludeMediation Get(wire::WorkCommand::ConcludeMediation::Reader r) {
  cmd::ConcludeMediation c;
  c.mediation_id = Str(r.getMediationId());
  c.agreed = r.getAgreed();
  c.summary = Str(r.getSummary());
  return c;
}

void Put(WorkOut out, const cmd::CollectMicroWish& c) {
  auto b = out.initCollectMicroWish();
  b.setWishId(Txt(c.wish_id));
  b.setGridCode(Txt(c.grid_code));
  b.setWish(Txt(c.wish));
  b.setResidentName(Txt(c.resident_name));
  b.setResidentPhone(Txt(c.resident_phone));
}
cmd::CollectMicroWish Get(wire::WorkCommand::CollectMicroWish::Reader r) {
  cmd::CollectMicroWish c;
  c.wish_id = Str(r.getWishId());
  c.grid_code = Str(r.getGridCode());
  c.wish = Str(r.getWish());
  c.resident_name = Str(r.getResidentName());
  c.resident_phone = Str(r.getResidentPhone());
  return c;
}

void Put(WorkOut out, const cmd::PlanMicroWish& c) {
  auto b = out.initPlanMicroWish();
  b.setWishId(Txt(c.wish_id));
  b.setPlan(Txt(c.plan));
  b.setSponsor(Txt(c.sponsor));
}
cmd::PlanMicroWish Get(wire::WorkCommand::PlanMicroWish::Reader r) {
  cmd::PlanMicroWish c;
  c.wish_id = Str(r.getWishId());
  c.plan = Str(r.getPlan());
  c.sponsor = Str(r.getSponsor());
  return c;
}

void Put(WorkOut out, const cmd::FulfilMicroWish& c) {
  auto b = out.initFulfilMicroWish();
  b.setWishId(Txt(c.wish_id));
  b.setNote(Txt(c.note));
}
cmd::FulfilMicroWish Get(wire::WorkCommand::FulfilMicroWish::Reader r) {
  cmd::FulfilMicroWish c;
  c.wish_id = Str(r.getWishId());
  c.note = Str(r.getNote());
  return c;
}

void Put(WorkOut out, const cmd::RevisitMicroWish& c) {
  auto b = out.initRevisitMicroWish();
  b.setWishId(Txt(c.wish_id));
  b.setNote(Txt(c.note));
  b.setSatisfied(c.satisfied);
}
cmd::RevisitMicroWish Get(wire::WorkCommand::RevisitMicroWish::Reader r) {
  cmd::RevisitMicroWish c;
  c.wish_id = Str(r.getWishId());
  c.note = Str(r.getNote());
  c.satisfied = r.getSatisfied();
  return c;
}

void Put(WorkOut out, const cmd::RecordCareVisit& c) {
  auto b = out.initRecordCareVisit();
  b.setGridCode(Txt(c.grid_code));
  b.setPersonName(Txt(c.person_name));
  b.setPersonPhone(Txt(c.person_phone));
  b.setNotes(Txt(c.notes));
  b.setFollowUpNeeded(c.follow_up_needed);
}
cmd::RecordCareVisit Get(wire::WorkCommand::RecordCareVisit::Reader r) {
  cmd::RecordCareVisit c;
  c.grid_code = Str(r.getGridCode());
  c.person_name = Str(r.getPersonName());
  c.person_phone = Str(r.getPersonPhone());
  c.notes = Str(r.getNotes());
  c.follow_up_needed = r.getFollowUpNeeded();
  return c;
}

void Put(WorkOut out, const cmd::RecordOutreach& c) {
  auto b = out.initRecordOutreach();
  b.setGridCode(Txt(c.grid_code));
  b.setTopic(Txt(c.topic));
  b.setHouseholdsReached(c.households_reached);
  b.setPeopleInformed(c.people_informed);
}
cmd::RecordOutreach Get(wire::WorkCommand::RecordOutreach::Reader r) {
  cmd::RecordOutreach c;
  c.grid_code = Str(r.getGridCode());
  c.topic = Str(r.getTopic());
  c.households_reached = r.getHouseholdsReached();
  c.people_informed = r.getPeopleInformed();
  return c;
}

void Put(WorkOut out, const cmd::RaiseSensorAlarm& c) {
  auto b = out.initRaiseSensorAlarm();
  b.setDeviceId(Txt(c.device_id));
  b.setAlarmKind(Txt(c.alarm_kind));
  ToWire(c.location, b.initLocation());
}
cmd::RaiseSensorAlarm Get(wire::WorkCommand::RaiseSensorAlarm::Reader r) {
  cmd::RaiseSensorAlarm c;
  c.device_id = Str(r.getDeviceId());
  c.alarm_kind = Str(r.getAlarmKind());
  c.location = FromWire(r.getLocation());
  return c;
}

}  // namespace

// ---- filing ----------------------------------------------------------------

void ToWire(const FileCase& in, wire::FileCase::Builder out) {
  out.setCategory(Txt(in.category));
  out.setDescription(Txt(in.description));
  ToWire(in.location, out.initLocation());
  out.setReporterName(Txt(in.reporter_name));
  out.setReporterPhone(Txt(in.reporter_phone));
  out.setSource(EnumToWire(in.source));
  out.setExternalId(Txt(in.external_id));
  out.setMediaUrl(Txt(in.media_url));
  out.setOccurredAt(ToMicros(in.occurred_at));
  out.setQueryCode(Txt(in.query_code));
}

FileCase FromWire(wire::FileCase::Reader in) {
  FileCase out;
  out.category = Str(in.getCategory());
  out.description = Str(in.getDescription());
  out.location = FromWire(in.getLocation());
  out.reporter_name = Str(in.getReporterName());
  out.reporter_phone = Str(in.getReporterPhone());
  out.source = EnumFromWire<CaseSource>(in.getSource());
  out.external_id = Str(in.getExternalId());
  out.media_url = Str(in.getMediaUrl());
  out.occurred_at = FromMicros(in.getOccurredAt());
  out.query_code = Str(in.getQueryCode());
  return out;
}

void ToWire(const FiledReceipt& in, wire::FiledReceipt::Builder out) {
  out.setCaseId(Txt(in.case_id));
  out.setQueryCode(Txt(in.query_code));
  out.setDeadline(ToMicros(in.deadline));
  out.setPriority(EnumToWire(in.priority));
  out.setGridCode(Txt(in.grid_code));
  out.setAssignee(Txt(in.assignee));
  out.setQueued(in.queued);
}

FiledReceipt FromWire(wire::FiledReceipt::Reader in) {
  FiledReceipt out;
  out.case_id = Str(in.getCaseId());
  out.query_code = Str(in.getQueryCode());
  out.deadline = FromMicros(in.getDeadline());
  out.priority = EnumFromWire<Priority>(in.getPriority());
  out.grid_code = Str(in.getGridCode());
  out.assignee = Str(in.getAssignee());
  out.queued = in.getQueued();
  return out;
}

// ---- the commands ----------------------------------------------------------

void ToWire(const CaseCommand& in, wire::CaseCommand::Builder out) {
  std::visit([&](const auto& command) { Put(out, command); }, in);
}

CaseCommand FromWire(wire::CaseCommand::Reader in) {
  using W = wire::CaseCommand;
  switch (in.which()) {
    case W::REGISTER:
      return Get(in.getRegister());
    case W::REJECT:
      return Get(in.getReject());
    case W::DISPATCH:
      return Get(in.getDispatch());
    case W::RETURN:
      return Get(in.getReturn());
    case W::ACKNOWLEDGE:
      return Get(in.getAcknowledge());
    case W::HANDLE:
      return Get(in.getHandle());
    case W::REPORT_BACK:
      return Get(in.getReportBack());
    case W::VERIFY_ON_SITE:
      return Get(in.getVerifyOnSite());
    case W::CLOSE:
      return Get(in.getClose());
    case W::FOLLOW_UP:
      return Get(in.getFollowUp());
    case W::REOPEN:
      return Get(in.getReopen());
    case W::EXTEND_DEADLINE:
      return Get(in.getExtendDeadline());
    case W::SUSPEND:
      return Get(in.getSuspend());
    case W::RESUME:
      return Get(in.getResume());
    case W::ESCALATE:
      return Get(in.getEscalate());
    case W::MERGE:
      return Get(in.getMerge());
  }
  KJ_FAIL_REQUIRE("CaseCommand alternative unknown to this build",
                  static_cast<uint16_t>(in.which()));
}

void ToWire(const WorkCommand& in, wire::WorkCommand::Builder out) {
  std::visit([&](const auto& command) { Put(out, command); }, in);
}

WorkCommand FromWire(wire::WorkCommand::Reader in) {
  using W = wire::WorkCommand;
  switch (in.which()) {
    case W::DEFINE_GRID:
      return Get(in.getDefineGrid());
    case W::REGISTER_PLACE:
      return Get(in.getRegisterPlace());
    case W::ASSIGN_WORKER:
      return Get(in.getAssignWorker());
    case W::RECORD_PATROL:
      return Get(in.getRecordPatrol());
    case W::RECORD_INSPECTION:
      return Get(in.getRecordInspection());
    case W::OPEN_MEDIATION:
      return Get(in.getOpenMediation());
    case W::RECORD_MEDIATION_SESSION:
      return Get(in.getRecordMediationSession());
    case W::CONCLUDE_MEDIATION:
      return Get(in.getConcludeMediation());
    case W::COLLECT_MICRO_WISH:
      return Get(in.getCollectMicroWish());
    case W::PLAN_MICRO_WISH:
      return Get(in.getPlanMicroWish());
    case W::FULFIL_MICRO_WISH:
      return Get(in.getFulfilMicroWish());
    case W::REVISIT_MICRO_WISH:
      return Get(in.getRevisitMicroWish());
    case W::RECORD_CARE_VISIT:
      return Get(in.getRecordCareVisit());
    case W::RECORD_OUTREACH:
      return Get(in.getRecordOutreach());
    case W::RAISE_SENSOR_ALARM:
      return Get(in.getRaiseSensorAlarm());
  }
  KJ_FAIL_REQUIRE("WorkCommand alternative unknown to this build",
                  static_cast<uint16_t>(in.which()));
}

}  // namespace gridledger::rpc
