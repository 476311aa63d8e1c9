#include "projections/read_models_impl.h"

#include <algorithm>
#include <cinttypes>
#include <cstdio>

#include "gridledger/case_number.h"
#include "gridledger/phone.h"
#include "projections/model_keys.h"
#include "projections/records.h"
#include "projections/spilling_model_store.h"

namespace gridledger {

namespace mk = model_keys;

namespace {

bool IsCaseStream(const std::string& s) { return s.rfind("case-", 0) == 0; }

bool InScope(std::string_view scope, std::string_view grid) {
  return scope.empty() || domain::Covers(scope, grid);
}

bool IsRegistryEvent(const EventPayload& p) {
  return std::holds_alternative<GridDefined>(p) || std::holds_alternative<PlaceRegistered>(p) ||
         std::holds_alternative<WorkerAssigned>(p) || std::holds_alternative<WorkerReleased>(p);
}

Status Damaged(std::string_view what, std::string_view key) {
  return Status::Corruption("read model row " + std::string(what) + " '" + std::string(key) +
                            "' does not parse: run `gridledger rebuild`");
}

QueueItem ToQueueItem(const domain::CaseModel& m) {
  const CaseView& v = m.view;
  return {v.case_id, v.category, v.state, v.priority, v.deadline, v.overdue, v.warned, v.assignee};
}

// Text for Dump: printable bytes as they are, others as \xNN.
std::string Escape(std::string_view s) {
  std::string out;
  char buf[8];
  for (unsigned char c : s) {
    if (c >= 0x20 && c != '\\' && c != 0x7f) {
      out.push_back(static_cast<char>(c));
    } else {
      std::snprintf(buf, sizeof buf, "\\x%02x", c);
      out += buf;
    }
  }
  return out;
}

}  // namespace

ReadModels::ReadModels(const PersonalVault* vault, std::unique_ptr<ModelStore> store,
                       EventReader read, size_t writer_cache_bytes)
    : vault_(vault), store_(std::move(store)), read_(std::move(read)), cache_(writer_cache_bytes) {}

size_t ReadModels::KeptBuckets() const {
  if (!cache_.enabled()) return kDefaultKeptBuckets;
  return std::clamp<size_t>(cache_.budget() / 8192, 64, 65536);
}

bool ReadModels::ChangesRegistry(const std::vector<RecordedEvent>& events) {
  return std::any_of(events.begin(), events.end(),
                     [](const RecordedEvent& e) { return IsRegistryEvent(e.payload); });
}

Status ReadModels::ApplyGroup(const std::vector<RecordedEvent>& events, ModelWrites& w) {
  // A group changes about as many rows as it has events (a build's chunk
  // of 32,768 tens of thousands): room for them up front instead of
  // rehashing the map as it grows.
  w.rows().reserve(events.size() + events.size() / 4 + 8);
  Status s;
  for (const auto& e : events) {
    s = Apply(e, w, registry_);
    if (!s.ok()) break;
    if (IsRegistryEvent(e.payload)) registry_staged_ = true;
  }
  if (s.ok()) s = FlushCases(w);
  if (!s.ok()) {
    ForgetTouched();
    ForgetBuckets();
    return s;
  }
  FlushBuckets(w);
  if (!events.empty()) w.Put(mk::Checkpoint(), mk::PositionBytes(events.back().position));
  return Status::Ok();
}

Status ReadModels::Stage(const std::vector<RecordedEvent>& events, StoreBatch* batch) {
  staged_.clear();
  ModelWrites w(*store_, &cache_);
  if (Status s = ApplyGroup(events, w); !s.ok()) {
    if (registry_staged_) (void)LoadRegistry();
    registry_staged_ = false;
    return s;
  }
  store_->Stage(w.rows(), batch);
  staged_ = std::move(w.rows());
  return Status::Ok();
}

void ReadModels::Publish() {
  store_->Publish();
  registry_staged_ = false;
  // The rows are in the store now: what the next groups read.
  for (auto& [key, value] : staged_) cache_.Put(key, std::move(value));
  staged_.clear();
}

Status ReadModels::Discard() {
  store_->Discard();
  staged_.clear();
  ForgetBuckets();  // they hold what the group would have written
  if (!registry_staged_) return Status::Ok();
  registry_staged_ = false;
  // The registry took the failed group's events: load it again from the rows.
  return LoadRegistry();
}

Status ReadModels::ApplyNow(const std::vector<RecordedEvent>& events) {
  ModelWrites w(*store_, cache_.enabled() ? &cache_ : nullptr);
  Status applied = ApplyGroup(events, w);
  registry_staged_ = false;
  if (!applied.ok()) return applied;
  if (!cache_.enabled()) {
    Status absorbed = store_->Absorb(std::move(w.rows()));
    if (!absorbed.ok()) ForgetBuckets();
    return absorbed;
  }
  Status written = store_->WriteNow(w.rows());
  if (!written.ok()) {
    ForgetBuckets();
    return written;
  }
  for (auto& [key, value] : w.rows()) cache_.Put(key, std::move(value));
  return written;
}

Status ReadModels::SpillBuild() {
  auto* building = dynamic_cast<SpillingModelStore*>(store_.get());
  return building ? building->Spill() : Status::Ok();
}

Status ReadModels::EndBuild(size_t writer_cache_bytes) {
  if (auto* building = dynamic_cast<SpillingModelStore*>(store_.get())) {
    auto target = building->Finish();
    if (!target.ok()) return target.error();
    store_ = std::move(target).value();
  }
  cache_ = RowCache(writer_cache_bytes);
  return Status::Ok();
}

Status ReadModels::LoadRegistry() {
  domain::Registry registry;
  std::vector<Position> positions;
  GL_RETURN_IF_ERROR(store_->Scan(mk::Table(mk::kRegistry), mk::TableEnd(mk::kRegistry),
                                  [&](std::string_view k, std::string_view) {
                                    positions.push_back(Position{keys::ReadBE64(k.substr(1))});
                                    return true;
                                  }));
  for (Position p : positions) {
    auto e = read_(p);
    if (!e.ok()) return e.error();
    registry.Apply(e->payload);
  }
  registry_ = std::move(registry);
  return Status::Ok();
}

Result<Position> ReadModels::Checkpoint() const {
  std::string v;
  auto found = store_->Get(mk::Checkpoint(), &v);
  if (!found.ok()) return found.error();
  if (!*found) return Position{0};
  if (v.size() != 8) return Damaged("checkpoint", "");
  return Position{keys::ReadBE64(v)};
}

Status ReadModels::Apply(const RecordedEvent& e, ModelWrites& w, domain::Registry& registry) {
  if (IsCaseStream(e.stream.value)) return ApplyCase(e, w, registry);
  const EventPayload& payload = e.payload;
  if (IsRegistryEvent(payload)) {
    registry.Apply(payload);
    w.Put(mk::Registry(e.position), "");
    return Status::Ok();
  }
  if (std::holds_alternative<MediationOpened>(payload) ||
      std::holds_alternative<MediationSession>(payload) ||
      std::holds_alternative<MediationConcluded>(payload))
    return ApplyMediation(e, w);
  if (std::holds_alternative<MicroWishCollected>(payload) ||
      std::holds_alternative<MicroWishPlanned>(payload) ||
      std::holds_alternative<MicroWishFulfilled>(payload) ||
      std::holds_alternative<MicroWishRevisited>(payload))
    return ApplyWish(e, w);

  std::vector<std::pair<Timestamp, WorkRecord>> added;
  std::visit(
      [&](const auto& p) {
        using T = std::decay_t<decltype(p)>;
        if constexpr (std::is_same_v<T, PatrolRecorded>) {
          AddWork(e, 0, {p.grid_code, "patrolRecorded", 1}, w, &added);
        } else if constexpr (std::is_same_v<T, InspectionRecorded>) {
          uint32_t failed = 0;
          for (const auto& item : p.items) failed += item.passed ? 0 : 1;
          AddWork(e, 0, {e.grid_code, "inspectionRecorded", 1}, w, &added);
          if (failed) AddWork(e, 1, {e.grid_code, "hazardsFound", failed}, w, &added);
        } else if constexpr (std::is_same_v<T, CareVisitRecorded>) {
          AddWork(e, 0, {e.grid_code, "careVisitRecorded", 1}, w, &added);
        } else if constexpr (std::is_same_v<T, PolicyOutreachRecorded>) {
          AddWork(e, 0, {e.grid_code, "peopleInformed", p.people_informed}, w, &added);
        } else if constexpr (std::is_same_v<T, SensorAlarmRaised>) {
          AddWork(e, 0, {p.location.grid_code, "sensorAlarmRaised", 1}, w, &added);
        }
      },
      payload);
  for (const auto& [at, record] : added)
    GL_RETURN_IF_ERROR(AddToBuckets(w, at, record.grid_code, WorkContribution(record)));
  return Status::Ok();
}

void ReadModels::AddWork(const RecordedEvent& e, uint32_t index, WorkRecord record, ModelWrites& w,
                         std::vector<std::pair<Timestamp, WorkRecord>>* added) {
  w.Put(mk::Work(e.recorded_at, e.position, index), PackWork(record));
  added->emplace_back(e.recorded_at, std::move(record));
}

Status ReadModels::AddToBuckets(ModelWrites& w, Timestamp anchor, const std::string& grid,
                                const StatsBucket& delta) {
  if (delta.Empty()) return Status::Ok();
  int64_t day = mk::ChinaDay(anchor);
  std::string value;
  for (const auto& scope : BucketScopes(grid)) {
    std::string key = mk::Stats(scope, day);
    auto it = buckets_.find(key);
    if (it == buckets_.end()) {
      CachedBucket cached;
      auto found = w.Get(key, &value);
      if (!found.ok()) return found.error();
      if (*found && !StatsBucket::Unpack(value, &cached.bucket)) return Damaged("stats", key);
      it = buckets_.emplace(std::move(key), std::move(cached)).first;
    }
    if (!it->second.dirty) {
      it->second.dirty = true;
      dirty_buckets_.push_back(&*it);
    }
    it->second.bucket.Add(delta, +1);
  }
  return Status::Ok();
}

void ReadModels::FlushBuckets(ModelWrites& w) {
  for (auto* entry : dirty_buckets_) {
    auto& [key, cached] = *entry;
    if (cached.bucket.Empty())
      w.Delete(key);
    else
      w.Put(key, cached.bucket.Pack());
    cached.dirty = false;
  }
  dirty_buckets_.clear();
  if (buckets_.size() > KeptBuckets()) buckets_.clear();
}

void ReadModels::ForgetBuckets() {
  dirty_buckets_.clear();
  buckets_.clear();
}

Status ReadModels::ApplyCase(const RecordedEvent& e, ModelWrites& w,
                             const domain::Registry& registry) {
  const std::string& id = e.stream.value;
  auto it = cases_.find(id);
  if (it == cases_.end()) {
    TouchedCase& touched = Touch(id);
    // The first event of its stream: nothing of the case was applied
    // before, so there is no row to look for (a miss costs a store read).
    bool found = false;
    if (e.version.value != 1) {
      std::string value;
      auto got = w.Get(mk::Case(id), &value);
      if (!got.ok()) return got.error();
      found = *got;
      if (found && !UnpackCase(value, &touched.before)) return Damaged("case", id);
    }
    if (!found) {
      static const domain::CaseModel kNoCase;
      touched.before = kNoCase;  // a copy, so the strings keep their buffers
    }
    touched.now = touched.before;
    ++touched_count_;  // only now: a case that failed to load is not flushed
    it = cases_.emplace(touched.id, &touched).first;
  }
  domain::FoldCaseEvent(it->second->now, e, registry);

  if (const auto* filed = std::get_if<CaseFiled>(&e.payload)) {
    // Remember the day's last sequence (gridledger/case_number.h): one
    // store has one partition, so the day alone is the key.
    if (auto number = ParseCaseNumber(id)) {
      std::string value;
      std::string seq_key = mk::Sequence(number->date);
      auto last = w.Get(seq_key, &value);
      if (!last.ok()) return last.error();
      uint32_t stored = *last && value.size() == 4 ? keys::ReadBE32(value) : 0;
      if (number->sequence > stored) {
        std::string bytes;
        mk::AppendBE32(bytes, number->sequence);
        w.Put(std::move(seq_key), std::move(bytes));
      }
    }
    if (!filed->resident_key.empty()) w.Put(mk::Person(filed->resident_key, id), "");
  }
  return Status::Ok();
}

ReadModels::TouchedCase& ReadModels::Touch(const std::string& id) {
  if (touched_count_ == touched_.size()) touched_.push_back(std::make_unique<TouchedCase>());
  TouchedCase& t = *touched_[touched_count_];
  t.id = id;
  return t;
}

void ReadModels::ForgetTouched() {
  cases_.clear();
  touched_count_ = 0;
  if (touched_.size() > kKeptTouchedCases) touched_.resize(kKeptTouchedCases);
}

Status ReadModels::FlushCases(ModelWrites& w) {
  Status s;
  for (size_t i = 0; i < touched_count_ && s.ok(); ++i) {
    const TouchedCase& t = *touched_[i];
    s = WriteCaseRows(t.id, t.before, t.now, w);
  }
  ForgetTouched();
  return s;
}

Status ReadModels::WriteCaseRows(const std::string& id, const domain::CaseModel& before,
                                 const domain::CaseModel& m, ModelWrites& w) {
  w.Put(mk::Case(id), PackCase(m));

  const CaseView &was = before.view, &now = m.view;
  // Work queues: open cases by grid.
  bool was_open = before.exists && domain::IsOpen(was.state);
  bool is_open = m.exists && domain::IsOpen(now.state);
  if (was_open && was.location.grid_code != now.location.grid_code)
    w.Delete(mk::Open(was.location.grid_code, id));
  if (is_open)
    w.Put(mk::Open(now.location.grid_code, id), PackQueueItem(ToQueueItem(m)));
  else if (was_open)
    w.Delete(mk::Open(was.location.grid_code, id));
  // Deadlines of open cases.
  bool had_deadline = was_open && was.deadline != Timestamp{};
  bool has_deadline = is_open && now.deadline != Timestamp{};
  bool same_deadline = had_deadline && has_deadline && was.deadline == now.deadline;
  if (had_deadline && !same_deadline) w.Delete(mk::Timed(mk::kDeadline, was.deadline, id));
  if (has_deadline && !same_deadline) w.Put(mk::Timed(mk::kDeadline, now.deadline, id), "");
  // Ledger by filing time, and statistics anchored there.
  bool same_anchor = before.exists && was.filed_at == now.filed_at &&
                     was.location.grid_code == now.location.grid_code;
  if (before.exists && !same_anchor) w.Delete(mk::Timed(mk::kFiled, was.filed_at, id));
  if (m.exists && !same_anchor)
    w.Put(mk::Timed(mk::kFiled, now.filed_at, id), now.location.grid_code);
  if (same_anchor && SameCaseContribution(before, m)) return Status::Ok();
  StatsBucket gained = CaseContribution(m);
  if (same_anchor) {
    gained.Add(CaseContribution(before), -1);
    return AddToBuckets(w, now.filed_at, now.location.grid_code, gained);
  }
  if (before.exists) {
    StatsBucket lost;
    lost.Add(CaseContribution(before), -1);
    GL_RETURN_IF_ERROR(AddToBuckets(w, was.filed_at, was.location.grid_code, lost));
  }
  return AddToBuckets(w, now.filed_at, now.location.grid_code, gained);
}

Status ReadModels::ApplyMediation(const RecordedEvent& e, ModelWrites& w) {
  const std::string key = mk::Mediation(e.stream.value);
  std::string value;
  MediationRecord before;
  auto found = w.Get(key, &value);
  if (!found.ok()) return found.error();
  if (*found && !UnpackMediation(value, &before)) return Damaged("mediation", e.stream.value);
  MediationRecord m = before;
  if (std::holds_alternative<MediationOpened>(e.payload)) {
    m = {e.grid_code, e.recorded_at};
  } else if (std::holds_alternative<MediationSession>(e.payload)) {
    ++m.sessions;
  } else if (const auto* c = std::get_if<MediationConcluded>(&e.payload)) {
    m.concluded = true;
    m.agreed = c->agreed;
  }
  w.Put(key, PackMediation(m));
  bool same_anchor = *found && before.opened_at == m.opened_at && before.grid_code == m.grid_code;
  if (*found && !same_anchor) {
    w.Delete(mk::Timed(mk::kMediationOpened, before.opened_at, e.stream.value));
    StatsBucket lost;
    lost.Add(MediationContribution(before), -1);
    GL_RETURN_IF_ERROR(AddToBuckets(w, before.opened_at, before.grid_code, lost));
  }
  if (!same_anchor) w.Put(mk::Timed(mk::kMediationOpened, m.opened_at, e.stream.value), "");
  StatsBucket gained = MediationContribution(m);
  if (same_anchor) gained.Add(MediationContribution(before), -1);
  return AddToBuckets(w, m.opened_at, m.grid_code, gained);
}

Status ReadModels::ApplyWish(const RecordedEvent& e, ModelWrites& w) {
  const std::string key = mk::Wish(e.stream.value);
  std::string value;
  WishRecord before;
  auto found = w.Get(key, &value);
  if (!found.ok()) return found.error();
  if (*found && !UnpackWish(value, &before)) return Damaged("wish", e.stream.value);
  WishRecord x = before;
  if (std::holds_alternative<MicroWishCollected>(e.payload))
    x = {e.grid_code, e.recorded_at, "collected"};
  else if (std::holds_alternative<MicroWishPlanned>(e.payload))
    x.stage = "planned";
  else if (std::holds_alternative<MicroWishFulfilled>(e.payload))
    x.stage = "fulfilled";
  else
    x.stage = "revisited";
  w.Put(key, PackWish(x));
  bool same_anchor =
      *found && before.collected_at == x.collected_at && before.grid_code == x.grid_code;
  if (same_anchor) return Status::Ok();  // a wish counts once, whatever its stage
  if (*found) {
    w.Delete(mk::Timed(mk::kWishCollected, before.collected_at, e.stream.value));
    StatsBucket lost;
    lost.Add(WishContribution(), -1);
    GL_RETURN_IF_ERROR(AddToBuckets(w, before.collected_at, before.grid_code, lost));
  }
  w.Put(mk::Timed(mk::kWishCollected, x.collected_at, e.stream.value), "");
  return AddToBuckets(w, x.collected_at, x.grid_code, WishContribution());
}

// ---- queries ---------------------------------------------------------------

Result<std::optional<domain::CaseModel>> ReadModels::LoadCase(const std::string& case_id) const {
  std::string value;
  auto found = store_->Get(mk::Case(case_id), &value);
  if (!found.ok()) return found.error();
  if (!*found) return std::optional<domain::CaseModel>{};
  domain::CaseModel m;
  if (!UnpackCase(value, &m)) return Damaged("case", case_id);
  return std::optional<domain::CaseModel>(std::move(m));
}

Result<std::optional<domain::CaseModel>> ReadModels::FindCase(const std::string& case_id) const {
  auto m = LoadCase(case_id);
  if (!m.ok() || !*m) return m;
  domain::CaseModel& c = **m;
  if (!c.resident_key.empty() && vault_ && !vault_->IsErased(c.resident_key)) {
    if (auto plain = vault_->Unseal(c.reporter)) {
      auto nl = plain->find('\n');
      c.view.masked_phone = MaskPhone(nl == std::string::npos ? *plain : plain->substr(nl + 1));
    }
  }
  return m;
}

Result<std::vector<std::string>> ReadModels::CasesOfPerson(const std::string& person_id,
                                                           bool include_erased) const {
  std::vector<std::string> out;
  if (person_id.empty()) return out;
  if (!include_erased && vault_ && vault_->IsErased(person_id)) return out;
  std::string prefix = mk::PersonPrefix(person_id);
  GL_RETURN_IF_ERROR(
      store_->Scan(prefix, mk::PrefixEnd(prefix), [&](std::string_view k, std::string_view) {
        out.emplace_back(k.substr(prefix.size()));
        return true;
      }));
  return out;
}

Result<uint32_t> ReadModels::LastSequence(const std::string& date) const {
  std::string value;
  auto found = store_->Get(mk::Sequence(date), &value);
  if (!found.ok()) return found.error();
  return *found && value.size() == 4 ? keys::ReadBE32(value) : 0u;
}

Result<std::vector<QueueItem>> ReadModels::Queue(const std::string& scope) const {
  std::vector<QueueItem> out;
  std::string prefix = mk::OpenPrefix(scope);
  Status damaged;
  GL_RETURN_IF_ERROR(
      store_->Scan(prefix, mk::PrefixEnd(prefix), [&](std::string_view k, std::string_view v) {
        QueueItem q;
        if (!UnpackQueueItem(v, &q)) {
          damaged = Damaged("queue", k);
          return false;
        }
        out.push_back(std::move(q));
        return true;
      }));
  GL_RETURN_IF_ERROR(damaged);
  std::sort(out.begin(), out.end(), [](const QueueItem& a, const QueueItem& b) {
    if (a.overdue != b.overdue) return a.overdue;
    if (a.priority != b.priority) return a.priority > b.priority;
    if (a.deadline != b.deadline) return a.deadline < b.deadline;
    return a.case_id < b.case_id;
  });
  return out;
}

Result<std::vector<QueueItem>> ReadModels::DeadlinesBefore(Timestamp until) const {
  std::vector<std::string> ids;
  constexpr size_t kTimeBytes = 8;
  GL_RETURN_IF_ERROR(store_->Scan(mk::Table(mk::kDeadline), mk::TimedFrom(mk::kDeadline, until),
                                  [&](std::string_view k, std::string_view) {
                                    ids.emplace_back(k.substr(1 + kTimeBytes));
                                    return true;
                                  }));
  std::vector<QueueItem> out;
  out.reserve(ids.size());
  for (const auto& id : ids) {
    auto m = LoadCase(id);
    if (!m.ok()) return m.error();
    if (*m) out.push_back(ToQueueItem(**m));
  }
  return out;
}

Result<std::vector<QueueItem>> ReadModels::OpenCases() const {
  auto all = Queue("");
  if (!all.ok()) return all;
  std::sort(all->begin(), all->end(),
            [](const QueueItem& a, const QueueItem& b) { return a.case_id < b.case_id; });
  return all;
}

Result<std::vector<LedgerEntry>> ReadModels::Ledger(const std::string& scope, Timestamp from,
                                                    Timestamp to) const {
  std::vector<std::string> ids;
  constexpr size_t kTimeBytes = 8;
  if (from < to)
    GL_RETURN_IF_ERROR(store_->Scan(mk::TimedFrom(mk::kFiled, from), mk::TimedFrom(mk::kFiled, to),
                                    [&](std::string_view k, std::string_view grid) {
                                      if (InScope(scope, grid))
                                        ids.emplace_back(k.substr(1 + kTimeBytes));
                                      return true;
                                    }));
  std::vector<LedgerEntry> out;
  out.reserve(ids.size());
  for (const auto& id : ids) {
    auto m = LoadCase(id);
    if (!m.ok()) return m.error();
    if (!*m) continue;
    const CaseView& v = (*m)->view;
    out.push_back({v.case_id, v.location.grid_code, v.category, v.description, v.state, v.filed_at,
                   v.deadline, v.closed_at, v.state == CaseState::kClosed, v.closed_on_time,
                   v.assignee});
  }
  return out;
}

Status ReadModels::AddFacts(const std::string& scope, Timestamp from, Timestamp to,
                            StatsBucket& total) const {
  if (!(from < to)) return Status::Ok();
  constexpr size_t kTimeBytes = 8;
  std::vector<std::string> ids;
  auto collect = [&](char table) {
    ids.clear();
    return store_->Scan(mk::TimedFrom(table, from), mk::TimedFrom(table, to),
                        [&](std::string_view k, std::string_view) {
                          ids.emplace_back(k.substr(1 + kTimeBytes));
                          return true;
                        });
  };
  std::string value;
  GL_RETURN_IF_ERROR(collect(mk::kFiled));
  for (const auto& id : ids) {
    auto m = LoadCase(id);
    if (!m.ok()) return m.error();
    if (*m && InScope(scope, (*m)->view.location.grid_code)) total.Add(CaseContribution(**m), +1);
  }
  GL_RETURN_IF_ERROR(collect(mk::kMediationOpened));
  for (const auto& id : ids) {
    MediationRecord r;
    auto found = store_->Get(mk::Mediation(id), &value);
    if (!found.ok()) return found.error();
    if (!*found || !UnpackMediation(value, &r)) return Damaged("mediation", id);
    if (InScope(scope, r.grid_code)) total.Add(MediationContribution(r), +1);
  }
  GL_RETURN_IF_ERROR(collect(mk::kWishCollected));
  for (const auto& id : ids) {
    WishRecord r;
    auto found = store_->Get(mk::Wish(id), &value);
    if (!found.ok()) return found.error();
    if (!*found || !UnpackWish(value, &r)) return Damaged("wish", id);
    if (InScope(scope, r.grid_code)) total.Add(WishContribution(), +1);
  }
  Status damaged;
  GL_RETURN_IF_ERROR(store_->Scan(mk::TimedFrom(mk::kWork, from), mk::TimedFrom(mk::kWork, to),
                                  [&](std::string_view k, std::string_view v) {
                                    WorkRecord r;
                                    if (!UnpackWork(v, &r)) {
                                      damaged = Damaged("work", k);
                                      return false;
                                    }
                                    if (InScope(scope, r.grid_code))
                                      total.Add(WorkContribution(r), +1);
                                    return true;
                                  }));
  return damaged;
}

Result<Statistics> ReadModels::Stats(const std::string& scope, Timestamp from, Timestamp to) const {
  Statistics s;
  s.scope = scope;
  s.from = from;
  s.to = to;
  StatsBucket total;
  if (from < to) {
    int64_t first_day = mk::ChinaDay(from);
    if (mk::ChinaDayStart(first_day) < from) ++first_day;  // first whole day
    int64_t end_day = mk::ChinaDay(to);                    // whole days end here
    if (!IsBucketedScope(scope) || first_day >= end_day) {
      GL_RETURN_IF_ERROR(AddFacts(scope, from, to, total));
    } else {
      // The partial days at either end fact by fact, whole days by bucket.
      GL_RETURN_IF_ERROR(AddFacts(scope, from, mk::ChinaDayStart(first_day), total));
      GL_RETURN_IF_ERROR(AddFacts(scope, mk::ChinaDayStart(end_day), to, total));
      Status damaged;
      GL_RETURN_IF_ERROR(store_->Scan(mk::Stats(scope, first_day), mk::Stats(scope, end_day),
                                      [&](std::string_view k, std::string_view v) {
                                        StatsBucket b;
                                        if (!StatsBucket::Unpack(v, &b)) {
                                          damaged = Damaged("stats", k);
                                          return false;
                                        }
                                        total.Add(b, +1);
                                        return true;
                                      }));
      GL_RETURN_IF_ERROR(damaged);
    }
  }
  total.AddTo(s);
  FinishStats(s, total.responded, total.response_us, total.resolution_us);
  return s;
}

void ComputeRates(Statistics& s) {
  auto ratio = [](uint64_t a, uint64_t b) { return b ? static_cast<double>(a) / b : 0.0; };
  s.closed_rate = ratio(s.closed, s.filed - s.rejected);
  s.on_time_rate = ratio(s.closed_on_time, s.closed);
  s.satisfaction_rate = ratio(s.satisfied, s.rated);
  // A mediation still open has not failed: only concluded ones count.
  s.mediation_success_rate = ratio(s.mediations_agreed, s.mediations_concluded);
}

Result<std::string> ReadModels::Dump() const {
  // One line per row in key order. What depends on the installation's own
  // secrets (person ids, sealed fields, query-code hashes) is on lines of
  // its own that start with "person ", so two installations' dumps of the
  // same history compare equal without them.
  std::string out;
  Status damaged;
  char buf[768];
  GL_RETURN_IF_ERROR(store_->Scan("", "", [&](std::string_view k, std::string_view v) {
    if (!k.empty() && k[0] == mk::kCase) {
      domain::CaseModel m;
      if (!UnpackCase(v, &m)) {
        damaged = Damaged("case", k.substr(1));
        return false;
      }
      const CaseView& c = m.view;
      std::snprintf(
          buf, sizeof buf,
          "case %s|%s|%s|%s|%d|%d|%d|%d|%s|%s|%" PRId64 "|%" PRId64 "|%" PRId64 "|%" PRId64
          "|%" PRId64 "|%d|%d|%d|%u|%u|%d|%s|%" PRIu64 "|%d|%d|%d|%" PRId64 "|%" PRId64 "|%" PRId64
          "|%" PRId64 "|",
          c.case_id.c_str(), c.kind.c_str(), c.category.c_str(), c.location.grid_code.c_str(),
          static_cast<int>(c.source), static_cast<int>(c.state), static_cast<int>(c.priority),
          static_cast<int>(c.level), c.assignee.c_str(), c.assignee_name.c_str(),
          ToMicros(c.filed_at), ToMicros(c.first_response_at), ToMicros(c.closed_at),
          ToMicros(c.deadline), ToMicros(c.warn_at), c.warned, c.overdue, c.closed_on_time,
          c.extensions, c.reopen_count, c.satisfaction ? *c.satisfaction : 0, c.merged_into.c_str(),
          c.version, m.exists, m.verified, static_cast<int>(m.suspended_from),
          static_cast<int64_t>(m.remaining_at_suspend.count()), ToMicros(m.last_warned_deadline),
          ToMicros(m.last_overdue_deadline), ToMicros(m.rated_at));
      out += buf;
      out += Escape(c.description) + "|" + Escape(c.location.place_id) + "|" +
             Escape(c.location.address) + "|" + std::to_string(c.location.lat_e6) + "," +
             std::to_string(c.location.lon_e6) + "\n";
      out += "person case " + Escape(c.case_id) + "|" + Escape(m.resident_key) + "|" +
             Escape(m.reporter.person_id) + "|" + Escape(m.reporter.nonce) + "|" +
             Escape(m.reporter.cipher) + "|" + Escape(m.query_code_hash) + "\n";
      return true;
    }
    out += (!k.empty() && k[0] == mk::kPerson) ? "person row " : "row ";
    out += Escape(k) + "|" + Escape(v) + "\n";
    return true;
  }));
  GL_RETURN_IF_ERROR(damaged);
  return out;
}

}  // namespace gridledger
