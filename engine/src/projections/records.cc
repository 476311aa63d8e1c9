#include "projections/records.h"

#include "projections/packed.h"

namespace gridledger {

namespace {

void PutTime(packed::Writer& w, Timestamp t) { w.I64(ToMicros(t)); }
Timestamp GetTime(packed::Reader& r) { return FromMicros(r.I64()); }

}  // namespace

std::string PackCase(const domain::CaseModel& m) {
  const CaseView& v = m.view;
  packed::Writer w;
  // The strings plus at most 10 bytes for each of the other 25 fields and
  // each string's length.
  w.Reserve(v.case_id.size() + v.kind.size() + v.category.size() + v.description.size() +
            v.location.grid_code.size() + v.location.place_id.size() + v.location.address.size() +
            v.assignee.size() + v.assignee_name.size() + v.merged_into.size() +
            m.reporter.person_id.size() + m.reporter.nonce.size() + m.reporter.cipher.size() +
            m.resident_key.size() + m.query_code_hash.size() + 10 * (25 + 15));
  w.Bytes(v.case_id);
  w.Bytes(v.kind);
  w.Bytes(v.category);
  w.Bytes(v.description);
  w.Bytes(v.location.grid_code);
  w.Bytes(v.location.place_id);
  w.Bytes(v.location.address);
  w.I64(v.location.lat_e6);
  w.I64(v.location.lon_e6);
  w.U64(static_cast<uint64_t>(v.source));
  w.U64(static_cast<uint64_t>(v.state));
  w.U64(static_cast<uint64_t>(v.priority));
  w.U64(static_cast<uint64_t>(v.level));
  w.Bytes(v.assignee);
  w.Bytes(v.assignee_name);
  PutTime(w, v.filed_at);
  PutTime(w, v.first_response_at);
  PutTime(w, v.closed_at);
  PutTime(w, v.deadline);
  PutTime(w, v.warn_at);
  w.Bool(v.warned);
  w.Bool(v.overdue);
  w.Bool(v.closed_on_time);
  w.U64(v.extensions);
  w.U64(v.reopen_count);
  w.U64(v.satisfaction ? *v.satisfaction + 1u : 0u);
  w.Bytes(v.merged_into);
  w.U64(v.version);
  w.Bool(m.exists);
  w.Bool(m.verified);
  w.U64(static_cast<uint64_t>(m.suspended_from));
  w.I64(m.remaining_at_suspend.count());
  w.Bytes(m.reporter.person_id);
  w.Bytes(m.reporter.nonce);
  w.Bytes(m.reporter.cipher);
  w.Bytes(m.resident_key);
  w.Bytes(m.query_code_hash);
  PutTime(w, m.last_warned_deadline);
  PutTime(w, m.last_overdue_deadline);
  PutTime(w, m.rated_at);
  return w.Take();
}

bool UnpackCase(std::string_view in, domain::CaseModel* m) {
  packed::Reader r(in);
  CaseView& v = m->view;
  // Every field is set (the strings reuse their buffers: a pooled model).
  v.masked_phone.clear();
  v.timeline.clear();
  r.Bytes(&v.case_id);
  r.Bytes(&v.kind);
  r.Bytes(&v.category);
  r.Bytes(&v.description);
  r.Bytes(&v.location.grid_code);
  r.Bytes(&v.location.place_id);
  r.Bytes(&v.location.address);
  v.location.lat_e6 = static_cast<int32_t>(r.I64());
  v.location.lon_e6 = static_cast<int32_t>(r.I64());
  v.source = static_cast<CaseSource>(r.U64());
  v.state = static_cast<CaseState>(r.U64());
  v.priority = static_cast<Priority>(r.U64());
  v.level = static_cast<AssigneeLevel>(r.U64());
  r.Bytes(&v.assignee);
  r.Bytes(&v.assignee_name);
  v.filed_at = GetTime(r);
  v.first_response_at = GetTime(r);
  v.closed_at = GetTime(r);
  v.deadline = GetTime(r);
  v.warn_at = GetTime(r);
  v.warned = r.Bool();
  v.overdue = r.Bool();
  v.closed_on_time = r.Bool();
  v.extensions = static_cast<uint32_t>(r.U64());
  v.reopen_count = static_cast<uint32_t>(r.U64());
  uint64_t sat = r.U64();
  if (sat)
    v.satisfaction = static_cast<uint8_t>(sat - 1);
  else
    v.satisfaction.reset();
  r.Bytes(&v.merged_into);
  v.version = r.U64();
  m->exists = r.Bool();
  m->verified = r.Bool();
  m->suspended_from = static_cast<CaseState>(r.U64());
  m->remaining_at_suspend = std::chrono::microseconds(r.I64());
  r.Bytes(&m->reporter.person_id);
  r.Bytes(&m->reporter.nonce);
  r.Bytes(&m->reporter.cipher);
  r.Bytes(&m->resident_key);
  r.Bytes(&m->query_code_hash);
  m->last_warned_deadline = GetTime(r);
  m->last_overdue_deadline = GetTime(r);
  m->rated_at = GetTime(r);
  return r.done();
}

std::string PackQueueItem(const QueueItem& q) {
  packed::Writer w;
  w.Bytes(q.case_id);
  w.Bytes(q.category);
  w.U64(static_cast<uint64_t>(q.state));
  w.U64(static_cast<uint64_t>(q.priority));
  PutTime(w, q.deadline);
  w.Bool(q.overdue);
  w.Bool(q.warned);
  w.Bytes(q.assignee);
  return w.Take();
}

bool UnpackQueueItem(std::string_view in, QueueItem* q) {
  packed::Reader r(in);
  q->case_id = r.Bytes();
  q->category = r.Bytes();
  q->state = static_cast<CaseState>(r.U64());
  q->priority = static_cast<Priority>(r.U64());
  q->deadline = GetTime(r);
  q->overdue = r.Bool();
  q->warned = r.Bool();
  q->assignee = r.Bytes();
  return r.done();
}

std::string PackMediation(const MediationRecord& m) {
  packed::Writer w;
  w.Bytes(m.grid_code);
  PutTime(w, m.opened_at);
  w.Bool(m.concluded);
  w.Bool(m.agreed);
  w.U64(m.sessions);
  return w.Take();
}

bool UnpackMediation(std::string_view in, MediationRecord* m) {
  packed::Reader r(in);
  m->grid_code = r.Bytes();
  m->opened_at = GetTime(r);
  m->concluded = r.Bool();
  m->agreed = r.Bool();
  m->sessions = static_cast<uint32_t>(r.U64());
  return r.done();
}

std::string PackWish(const WishRecord& x) {
  packed::Writer w;
  w.Bytes(x.grid_code);
  PutTime(w, x.collected_at);
  w.Bytes(x.stage);
  return w.Take();
}

bool UnpackWish(std::string_view in, WishRecord* x) {
  packed::Reader r(in);
  x->grid_code = r.Bytes();
  x->collected_at = GetTime(r);
  x->stage = r.Bytes();
  return r.done();
}

std::string PackWork(const WorkRecord& x) {
  packed::Writer w;
  w.Bytes(x.grid_code);
  w.Bytes(x.type);
  w.U64(x.count);
  return w.Take();
}

bool UnpackWork(std::string_view in, WorkRecord* x) {
  packed::Reader r(in);
  x->grid_code = r.Bytes();
  x->type = r.Bytes();
  x->count = static_cast<uint32_t>(r.U64());
  return r.done();
}

}  // namespace gridledger
