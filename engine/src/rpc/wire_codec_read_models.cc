// The wire codec for read models: case views, queues, the ledger,
// statistics, the registry's answers and the service catalogue.
#include <cstdint>

#include "rpc/wire_codec.h"
#include "rpc/wire_codec_internal.h"

namespace gridledger::rpc {

using internal::Count;
using internal::CountsFromWire;
using internal::CountsToWire;
using internal::EnumFromWire;
using internal::EnumToWire;
using internal::Str;
using internal::TextListFromWire;
using internal::TextListToWire;
using internal::Txt;

void ToWire(const TimelineEntry& in, wire::TimelineEntry::Builder out) {
  out.setAt(ToMicros(in.at));
  out.setType(Txt(in.type));
  out.setTextZh(Txt(in.text_zh));
  out.setTextEn(Txt(in.text_en));
}

TimelineEntry FromWire(wire::TimelineEntry::Reader in) {
  TimelineEntry out;
  out.at = FromMicros(in.getAt());
  out.type = Str(in.getType());
  out.text_zh = Str(in.getTextZh());
  out.text_en = Str(in.getTextEn());
  return out;
}

void ToWire(const CaseView& in, wire::CaseView::Builder out) {
  out.setCaseId(Txt(in.case_id));
  out.setKind(Txt(in.kind));
  out.setCategory(Txt(in.category));
  out.setDescription(Txt(in.description));
  ToWire(in.location, out.initLocation());
  out.setSource(EnumToWire(in.source));
  out.setState(EnumToWire(in.state));
  out.setPriority(EnumToWire(in.priority));
  out.setLevel(EnumToWire(in.level));
  out.setAssignee(Txt(in.assignee));
  out.setAssigneeName(Txt(in.assignee_name));
  out.setFiledAt(ToMicros(in.filed_at));
  out.setFirstResponseAt(ToMicros(in.first_response_at));
  out.setClosedAt(ToMicros(in.closed_at));
  out.setDeadline(ToMicros(in.deadline));
  out.setWarnAt(ToMicros(in.warn_at));
  out.setWarned(in.warned);
  out.setOverdue(in.overdue);
  out.setClosedOnTime(in.closed_on_time);
  out.setExtensions(in.extensions);
  out.setReopenCount(in.reopen_count);
  out.setHasSatisfaction(in.satisfaction.has_value());
  if (in.satisfaction) out.setSatisfaction(*in.satisfaction);
  out.setMaskedPhone(Txt(in.masked_phone));
  out.setMergedInto(Txt(in.merged_into));
  out.setVersion(in.version);
  ListToWire(in.timeline, out.initTimeline(Count(in.timeline)));
}

CaseView FromWire(wire::CaseView::Reader in) {
  CaseView out;
  out.case_id = Str(in.getCaseId());
  out.kind = Str(in.getKind());
  out.category = Str(in.getCategory());
  out.description = Str(in.getDescription());
  out.location = FromWire(in.getLocation());
  out.source = EnumFromWire<CaseSource>(in.getSource());
  out.state = EnumFromWire<CaseState>(in.getState());
  out.priority = EnumFromWire<Priority>(in.getPriority());
  out.level = EnumFromWire<AssigneeLevel>(in.getLevel());
  out.assignee = Str(in.getAssignee());
  out.assignee_name = Str(in.getAssigneeName());
  out.filed_at = FromMicros(in.getFiledAt());
  out.first_response_at = FromMicros(in.getFirstResponseAt());
  out.closed_at = FromMicros(in.getClosedAt());
  out.deadline = FromMicros(in.getDeadline());
  out.warn_at = FromMicros(in.getWarnAt());
  out.warned = in.getWarned();
  out.overdue = in.getOverdue();
  out.closed_on_time = in.getClosedOnTime();
  out.extensions = in.getExtensions();
  out.reopen_count = in.getReopenCount();
  if (in.getHasSatisfaction()) out.satisfaction = in.getSatisfaction();
  out.masked_phone = Str(in.getMaskedPhone());
  out.merged_into = Str(in.getMergedInto());
  out.version = in.getVersion();
  out.timeline = ListFromWire<TimelineEntry>(in.getTimeline());
  return out;
}

void ToWire(const QueueItem& in, wire::QueueItem::Builder out) {
  out.setCaseId(Txt(in.case_id));
  out.setCategory(Txt(in.category));
  out.setState(EnumToWire(in.state));
  out.setPriority(EnumToWire(in.priority));
  out.setDeadline(ToMicros(in.deadline));
  out.setOverdue(in.overdue);
  out.setWarned(in.warned);
  out.setAssignee(Txt(in.assignee));
}

QueueItem FromWire(wire::QueueItem::Reader in) {
  QueueItem out;
  out.case_id = Str(in.getCaseId());
  out.category = Str(in.getCategory());
  out.state = EnumFromWire<CaseState>(in.getState());
  out.priority = EnumFromWire<Priority>(in.getPriority());
  out.deadline = FromMicros(in.getDeadline());
  out.overdue = in.getOverdue();
  out.warned = in.getWarned();
  out.assignee = Str(in.getAssignee());
  return out;
}

void ToWire(const LedgerEntry& in, wire::LedgerEntry::Builder out) {
  out.setCaseId(Txt(in.case_id));
  out.setGridCode(Txt(in.grid_code));
  out.setCategory(Txt(in.category));
  out.setDescription(Txt(in.description));
  out.setState(EnumToWire(in.state));
  out.setFiledAt(ToMicros(in.filed_at));
  out.setDeadline(ToMicros(in.deadline));
  out.setClosedAt(ToMicros(in.closed_at));
  out.setClosedOff(in.closed_off);
  out.setOnTime(in.on_time);
  out.setAssignee(Txt(in.assignee));
}

LedgerEntry FromWire(wire::LedgerEntry::Reader in) {
  LedgerEntry out;
  out.case_id = Str(in.getCaseId());
  out.grid_code = Str(in.getGridCode());
  out.category = Str(in.getCategory());
  out.description = Str(in.getDescription());
  out.state = EnumFromWire<CaseState>(in.getState());
  out.filed_at = FromMicros(in.getFiledAt());
  out.deadline = FromMicros(in.getDeadline());
  out.closed_at = FromMicros(in.getClosedAt());
  out.closed_off = in.getClosedOff();
  out.on_time = in.getOnTime();
  out.assignee = Str(in.getAssignee());
  return out;
}

void ToWire(const Statistics& in, wire::Statistics::Builder out) {
  out.setScope(Txt(in.scope));
  out.setFrom(ToMicros(in.from));
  out.setTo(ToMicros(in.to));
  out.setFiled(in.filed);
  out.setClosed(in.closed);
  out.setClosedOnTime(in.closed_on_time);
  out.setRejected(in.rejected);
  out.setOverdueOpen(in.overdue_open);
  out.setRated(in.rated);
  out.setSatisfied(in.satisfied);
  out.setMediations(in.mediations);
  out.setMediationsAgreed(in.mediations_agreed);
  out.setMediationsConcluded(in.mediations_concluded);
  out.setPatrols(in.patrols);
  out.setInspections(in.inspections);
  out.setHazardsFound(in.hazards_found);
  out.setMicroWishes(in.micro_wishes);
  out.setCareVisits(in.care_visits);
  out.setPeopleInformed(in.people_informed);
  out.setClosedRate(in.closed_rate);
  out.setOnTimeRate(in.on_time_rate);
  out.setSatisfactionRate(in.satisfaction_rate);
  out.setMediationSuccessRate(in.mediation_success_rate);
  out.setAvgResponseHours(in.avg_response_hours);
  out.setAvgResolutionHours(in.avg_resolution_hours);
  CountsToWire(in.by_category, out.initByCategory(Count(in.by_category)));
  CountsToWire(in.by_state, out.initByState(Count(in.by_state)));
}

Statistics FromWire(wire::Statistics::Reader in) {
  Statistics out;
  out.scope = Str(in.getScope());
  out.from = FromMicros(in.getFrom());
  out.to = FromMicros(in.getTo());
  out.filed = in.getFiled();
  out.closed = in.getClosed();
  out.closed_on_time = in.getClosedOnTime();
  out.rejected = in.getRejected();
  out.overdue_open = in.getOverdueOpen();
  out.rated = in.getRated();
  out.satisfied = in.getSatisfied();
  out.mediations = in.getMediations();
  out.mediations_agreed = in.getMediationsAgreed();
  out.mediations_concluded = in.getMediationsConcluded();
  out.patrols = in.getPatrols();
  out.inspections = in.getInspections();
  out.hazards_found = in.getHazardsFound();
  out.micro_wishes = in.getMicroWishes();
  out.care_visits = in.getCareVisits();
  out.people_informed = in.getPeopleInformed();
  out.closed_rate = in.getClosedRate();
  out.on_time_rate = in.getOnTimeRate();
  out.satisfaction_rate = in.getSatisfactionRate();
  out.mediation_success_rate = in.getMediationSuccessRate();
  out.avg_response_hours = in.getAvgResponseHours();
  out.avg_resolution_hours = in.getAvgResolutionHours();
  out.by_category = CountsFromWire(in.getByCategory());
  out.by_state = CountsFromWire(in.getByState());
  return out;
}

void ToWire(const GridInfo& in, wire::GridInfo::Builder out) {
  out.setCode(Txt(in.code));
  out.setName(Txt(in.name));
  out.setKind(EnumToWire(in.kind));
  out.setParentCode(Txt(in.parent_code));
  out.setHouseholds(in.households);
}

GridInfo FromWire(wire::GridInfo::Reader in) {
  GridInfo out;
  out.code = Str(in.getCode());
  out.name = Str(in.getName());
  out.kind = EnumFromWire<GridKind>(in.getKind());
  out.parent_code = Str(in.getParentCode());
  out.households = in.getHouseholds();
  return out;
}

void ToWire(const PlaceInfo& in, wire::PlaceInfo::Builder out) {
  out.setPlaceId(Txt(in.place_id));
  out.setGridCode(Txt(in.grid_code));
  out.setName(Txt(in.name));
  out.setKind(EnumToWire(in.kind));
  out.setParentPlaceId(Txt(in.parent_place_id));
}

PlaceInfo FromWire(wire::PlaceInfo::Reader in) {
  PlaceInfo out;
  out.place_id = Str(in.getPlaceId());
  out.grid_code = Str(in.getGridCode());
  out.name = Str(in.getName());
  out.kind = EnumFromWire<PlaceKind>(in.getKind());
  out.parent_place_id = Str(in.getParentPlaceId());
  return out;
}

void ToWire(const WorkerInfo& in, wire::WorkerInfo::Builder out) {
  out.setWorkerId(Txt(in.worker_id));
  out.setDisplayName(Txt(in.display_name));
  out.setRole(EnumToWire(in.role));
  out.setGridCode(Txt(in.grid_code));
  out.setDepartment(Txt(in.department));
}

WorkerInfo FromWire(wire::WorkerInfo::Reader in) {
  WorkerInfo out;
  out.worker_id = Str(in.getWorkerId());
  out.display_name = Str(in.getDisplayName());
  out.role = EnumFromWire<Role>(in.getRole());
  out.grid_code = Str(in.getGridCode());
  out.department = Str(in.getDepartment());
  return out;
}

void ToWire(const ServiceCategory& in, wire::ServiceCategory::Builder out) {
  out.setCode(Txt(in.code));
  out.setNameZh(Txt(in.name_zh));
  out.setNameEn(Txt(in.name_en));
  out.setPriority(EnumToWire(in.priority));
  out.setUnit(EnumToWire(in.unit));
  out.setLimit(in.limit);
  TextListToWire(in.phrases_zh, out.initPhrasesZh(Count(in.phrases_zh)));
  TextListToWire(in.phrases_en, out.initPhrasesEn(Count(in.phrases_en)));
  out.setKind(Txt(in.kind));
}

ServiceCategory FromWire(wire::ServiceCategory::Reader in) {
  ServiceCategory out;
  out.code = Str(in.getCode());
  out.name_zh = Str(in.getNameZh());
  out.name_en = Str(in.getNameEn());
  out.priority = EnumFromWire<Priority>(in.getPriority());
  out.unit = EnumFromWire<SlaUnit>(in.getUnit());
  out.limit = in.getLimit();
  out.phrases_zh = TextListFromWire(in.getPhrasesZh());
  out.phrases_en = TextListFromWire(in.getPhrasesEn());
  out.kind = Str(in.getKind());
  return out;
}

}  // namespace gridledger::rpc
