// Append and the group-commit writer.
//
// Appending threads encode their events (Cap'n Proto) themselves, queue a
// PendingAppend and block on it (Append) or leave a callback (AppendAsync). One writer thread
// drains the whole queue at a time: it checks expected versions and duplicate ids against the
// stream heads, assigns versions and positions in order, seals each event
// into the hash chain, and commits the group as one RocksDB WriteBatch with
// one fsync when any request in the group asked for durability. Only then
// does it raise the committed watermark and wake the appenders.

#include <set>
#include <thread>
#include <unordered_set>

#include "common/utf8.h"
#include "log/event_log_impl.h"
#include "storage/keys.h"

namespace gridledger {

namespace {
constexpr size_t kHeadCacheLimit = 1u << 20;
constexpr size_t kMaxEventsPerAppend = 100000;
// The largest event the log stores, encoded (event_log.h states it).
constexpr size_t kMaxEventBytes = 1u << 20;
// About 20-50 us of spinning (a pause is ~40-140 cycles).
constexpr int kSpinIterations = 2000;

inline void CpuRelax() {
#if defined(__x86_64__) || defined(__i386__)
  __builtin_ia32_pause();
#else
  std::this_thread::yield();
#endif
}

std::string ExpectedText(ExpectedVersion e) {
  switch (e.kind) {
    case ExpectedVersion::Kind::kAny:
      return "any";
    case ExpectedVersion::Kind::kNoStream:
      return "no stream";
    case ExpectedVersion::Kind::kExact:
      return "version " + std::to_string(e.version.value);
  }
  return "?";
}
}  // namespace

void EventLogImpl::Fence(const std::string& reason) {
  std::lock_guard lock(fence_mu_);
  if (fenced_.load()) return;
  fence_reason_ = reason;
  fenced_.store(true, std::memory_order_release);
}

Status EventLogImpl::FenceStatus() const {
  if (!fenced_.load(std::memory_order_acquire)) return Status::Ok();
  std::lock_guard lock(fence_mu_);
  return Status::PermissionDenied("this node is fenced and takes no writes: " + fence_reason_);
}

void EventLogImpl::SetStandby(const std::string& reason) {
  std::lock_guard lock(fence_mu_);
  standby_reason_ = reason;
  standby_.store(!reason.empty(), std::memory_order_release);
}

Status EventLogImpl::WriteRefusal() const {
  GL_RETURN_IF_ERROR(FenceStatus());
  if (standby_.load(std::memory_order_acquire)) {
    std::lock_guard lock(fence_mu_);
    if (!standby_reason_.empty()) return Status::PermissionDenied(standby_reason_);
  }
  return LeaseRefusal();
}

void EventLogImpl::SetWriteLease(std::chrono::steady_clock::time_point valid_until,
                                 const std::string& lease) {
  std::lock_guard lock(fence_mu_);
  lease_name_ = lease;
  lease_until_.store(valid_until.time_since_epoch().count(), std::memory_order_release);
  lease_armed_.store(true, std::memory_order_release);
}

Status EventLogImpl::LeaseRefusal() const {
  // The clock is read only when a lease bounds the writes.
  if (!lease_armed_.load(std::memory_order_acquire)) return Status::Ok();
  const auto now = std::chrono::steady_clock::now();
  const auto until = std::chrono::steady_clock::time_point(
      std::chrono::steady_clock::duration(lease_until_.load(std::memory_order_acquire)));
  if (now < until) return Status::Ok();
  std::lock_guard lock(fence_mu_);
  const auto ago = std::chrono::duration_cast<std::chrono::milliseconds>(now - until).count();
  // A lease never confirmed has its limit at the clock's epoch.
  const bool never = until.time_since_epoch().count() == 0;
  return Status::Unavailable(
      "this node takes no writes while it cannot confirm that it still holds " + lease_name_ +
      (never ? " (not confirmed yet)" : " (lapsed " + std::to_string(ago) + " ms ago)") +
      "; writes resume as soon as it does");
}

Status EventLogImpl::Prepare(PendingAppend& req, const AppendOptions& options) {
  GL_RETURN_IF_ERROR(WriteRefusal());
  const StreamId& stream = *req.stream;
  const std::vector<NewEvent>& events = *req.events;
  GL_RETURN_IF_ERROR(StreamId::Validate(stream.value));
  if (events.empty()) return Status::InvalidArgument("append of zero events");
  if (events.size() > kMaxEventsPerAppend)
    return Status::InvalidArgument("an append holds at most 100000 events");
  if (req.expected.kind == ExpectedVersion::Kind::kExact && req.expected.version.value == 0)
    req.expected = ExpectedVersion::NoStream();
  req.durable = options.durability == Durability::kDurable;
  req.queued_at = std::chrono::steady_clock::now();
  req.encoded.reserve(events.size());
  req.ids.reserve(events.size());
  std::unordered_set<EventId> supplied;
  for (size_t i = 0; i < events.size(); ++i) {
    EventId id = events[i].id.empty() ? EventId::Generate() : events[i].id;
    if (!events[i].id.empty() && !supplied.insert(id).second)
      return Status::InvalidArgument("event id " + id.ToString() + " appears twice in one append");
    req.ids.push_back(id);
    // Identifiers every event carries must be well-formed UTF-8 (as stream
    // ids are), so that every reader and JSON writer can handle them.
    GL_RETURN_IF_ERROR(CheckUtf8("the actor of event " + std::to_string(i + 1), events[i].actor));
    GL_RETURN_IF_ERROR(
        CheckUtf8("the grid code of event " + std::to_string(i + 1), events[i].grid_code));
    auto encoded = codec::Encode(stream, events[i], id);
    if (!encoded.ok()) return encoded.error();
    if (encoded->bytes.size() > kMaxEventBytes)
      return Status::InvalidArgument("event " + std::to_string(i + 1) + " is " +
                                     std::to_string(encoded->bytes.size()) +
                                     " bytes encoded; an event holds at most 1 MiB (1048576)");
    req.encoded.push_back(std::move(encoded).value());
  }
  return Status::Ok();
}

Result<bool> EventLogImpl::Enqueue(PendingAppend* req) {
  bool spin = false;
  {
    std::lock_guard lock(queue_mu_);
    if (stopping_) return Status::Unavailable("the event log is closing");
    if (store_->read_only()) return Status::Unavailable("the event log was opened read-only");
    queue_.push_back(req);
    queued_.fetch_add(1, std::memory_order_release);
    // Spinning pays only when few appenders wait; with many, it would take
    // the CPU the writer needs.
    spin = queue_.size() <= 2;
  }
  if (writer_sleeping_.load(std::memory_order_acquire)) queue_cv_.notify_one();
  return spin;
}

Result<AppendResult> EventLogImpl::Append(const StreamId& stream, ExpectedVersion expected,
                                          std::vector<NewEvent> events,
                                          const AppendOptions& options) {
  PendingAppend req;
  req.stream = &stream;
  req.expected = expected;
  req.events = &events;
  GL_RETURN_IF_ERROR(Prepare(req, options));
  GL_ASSIGN_OR_RETURN(bool spin, Enqueue(&req));
  AwaitAnswer(req, spin);
  return std::move(req.result);
}

void EventLogImpl::AppendAsync(StreamId stream, ExpectedVersion expected,
                               std::vector<NewEvent> events, AppendCallback done,
                               const AppendOptions& options) {
  auto req = std::make_unique<PendingAppend>();
  req->owned_stream = std::move(stream);
  req->owned_events = std::move(events);
  req->stream = &req->owned_stream;
  req->events = &req->owned_events;
  req->expected = expected;
  if (Status s = Prepare(*req, options); !s.ok()) {
    done(std::move(s));
    return;
  }
  req->callback = std::move(done);
  PendingAppend* queued = req.get();
  auto enqueued = Enqueue(queued);
  if (!enqueued.ok()) {
    req->callback(enqueued.error());
    return;
  }
  req.release();  // the writer owns it now (Complete deletes it)
}

void EventLogImpl::AwaitAnswer(PendingAppend& req, bool spin) {
  // A commit takes tens of microseconds; waking from a futex on an idle
  // (virtual) CPU takes about as long again. Spin briefly before sleeping.
  for (int i = 0; spin && i < kSpinIterations && !req.done.IsSet(); ++i) CpuRelax();
  req.done.Wait();
}

void EventLogImpl::Complete(PendingAppend* req) {
  if (req->callback) {
    try {
      req->callback(std::move(req->result));
    } catch (...) {
      // The contract forbids throwing; never let it stop the writer.
    }
    delete req;
    return;
  }
  // Once `done` is set the appender may return and destroy `req`;
  // CompletionSignal::Set allows that (completion_signal.h).
  req->done.Set();
}

void EventLogImpl::WriterLoop() {
  std::vector<PendingAppend*> group;
  for (;;) {
    {
      // Spin briefly for the next append before sleeping (see Append).
      for (int i = 0; i < kSpinIterations && queued_.load(std::memory_order_acquire) == 0; ++i)
        CpuRelax();
      std::unique_lock lock(queue_mu_);
      writer_sleeping_.store(true, std::memory_order_release);
      queue_cv_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
      writer_sleeping_.store(false, std::memory_order_release);
      if (queue_.empty()) return;  // stopping and drained
      size_t take = std::min(queue_.size(), options_.max_group_events);
      group.assign(queue_.begin(), queue_.begin() + take);
      queue_.erase(queue_.begin(), queue_.begin() + take);
      queued_.fetch_sub(take, std::memory_order_release);
    }
    const auto commit_start = std::chrono::steady_clock::now();
    const uint64_t before = committed_.load(std::memory_order_relaxed);
    CommitGroup(group);
    const uint64_t written = committed_.load(std::memory_order_relaxed) - before;
    if (written > 0) {
      groups_.fetch_add(1, std::memory_order_relaxed);
      group_events_.Observe(static_cast<double>(written));
      bool durable = false;
      for (PendingAppend* req : group) durable = durable || (req->durable && req->result.ok());
      if (durable)
        durable_commit_seconds_.Observe(
            std::chrono::duration<double>(std::chrono::steady_clock::now() - commit_start).count());
    }
    for (PendingAppend* req : group) {
      CountAnswer(*req);
      Complete(req);
    }
    group.clear();
  }
}

Result<StreamHead> EventLogImpl::WriterHead(const std::string& stream) {
  if (auto it = staged_heads_.find(stream); it != staged_heads_.end()) return it->second;
  if (auto it = head_cache_.find(stream); it != head_cache_.end()) return it->second;
  std::string value;
  GL_ASSIGN_OR_RETURN(
      bool found, store_->Get(Family::kHeads, stream, &value, "reading head of stream " + stream));
  if (!found) return StreamHead{};
  if (value.size() != 16) return Status::Corruption("head of stream " + stream + " is damaged");
  StreamHead head{{keys::ReadBE64(value)}, {keys::ReadBE64(std::string_view(value).substr(8))}};
  if (head_cache_.size() >= kHeadCacheLimit) head_cache_.clear();
  head_cache_.emplace(stream, head);
  return head;
}

bool EventLogImpl::CheckDuplicates(PendingAppend& req) {
  const auto& events = *req.events;
  size_t supplied = 0, found = 0;
  std::vector<Position> positions(events.size());
  std::string why;
  for (size_t i = 0; i < events.size(); ++i) {
    if (events[i].id.empty()) continue;
    ++supplied;
    EventId id = events[i].id;
    if (auto it = staged_ids_.find(id); it != staged_ids_.end()) {
      ++found;
      positions[i] = it->second.position;
      if (*it->second.stream != *req.stream || !(it->second.event->payload == events[i].payload))
        why = "event id " + id.ToString() + " was already used for different content";
      continue;
    }
    std::string value;
    auto indexed =
        store_->Get(Family::kIds, keys::IdKey(id), &value, "looking up event id " + id.ToString());
    if (!indexed.ok()) {
      req.result = indexed.error();
      return true;
    }
    if (!*indexed) continue;
    ++found;
    Position p{keys::ReadBE64(value)};
    positions[i] = p;
    auto stored = ReadAt(p);
    if (!stored.ok()) {
      req.result = stored.error();
      return true;
    }
    if (stored->stream != *req.stream || !(stored->payload == events[i].payload))
      why = "event id " + id.ToString() + " is already stored at position " +
            std::to_string(p.value) + " with different content";
  }
  if (found == 0) return false;
  if (!why.empty()) {
    req.result = Status::Conflict(why);
    return true;
  }
  if (found != events.size() || supplied != events.size()) {
    req.result = Status::Conflict("only some of the append's event ids are already stored");
    return true;
  }
  for (size_t i = 1; i < positions.size(); ++i) {
    if (positions[i].value != positions[i - 1].value + 1) {
      req.result = Status::Conflict("the append's event ids are stored, but not as one append");
      return true;
    }
  }
  auto head = WriterHead(req.stream->value);
  AppendResult r;
  r.first_position = positions.front();
  r.last_position = positions.back();
  r.next_expected = head.ok() ? head->version : StreamVersion{};
  r.deduplicated = true;
  req.result = r;
  return true;
}

bool EventLogImpl::StageOne(PendingAppend& req, StoreBatch& batch, uint64_t& position,
                            Hash256& hash, Timestamp now, std::vector<RecordedEvent>& observed) {
  if (CheckDuplicates(req)) return false;
  return StageFresh(req, batch, position, hash, now, observed);
}

bool EventLogImpl::StageFresh(PendingAppend& req, StoreBatch& batch, uint64_t& position,
                              Hash256& hash, Timestamp now, std::vector<RecordedEvent>& observed) {
  auto head = WriterHead(req.stream->value);
  if (!head.ok()) {
    req.result = head.error();
    return false;
  }
  const ExpectedVersion& e = req.expected;
  bool mismatch = (e.kind == ExpectedVersion::Kind::kNoStream && head->version.value != 0) ||
                  (e.kind == ExpectedVersion::Kind::kExact && head->version != e.version);
  if (mismatch) {
    req.result =
        Status::Conflict("stream " + req.stream->value + " is at version " +
                         std::to_string(head->version.value) + ", expected " + ExpectedText(e));
    return false;
  }
  uint64_t version = head->version.value;
  AppendResult result;
  result.first_position = Position{position + 1};
  for (size_t i = 0; i < req.encoded.size(); ++i) {
    ++position;
    ++version;
    auto& enc = req.encoded[i];
    hash = codec::Seal(enc, StreamVersion{version}, Position{position}, now, hash);
    std::string pos_key = keys::PositionKey(Position{position});
    batch.Put(Family::kLog, pos_key, enc.bytes);
    batch.Put(Family::kSummaries, pos_key,
              keys::EncodeSummary(EventTypeName((*req.events)[i].payload), req.stream->value,
                                  (*req.events)[i].grid_code));
    batch.Put(Family::kIds, keys::IdKey(req.ids[i]), pos_key);
    if (!(*req.events)[i].id.empty())
      staged_ids_[req.ids[i]] = {Position{position}, req.stream, &(*req.events)[i]};
    if (observer_)
      observed.push_back(codec::Sealed(*req.stream, (*req.events)[i], req.ids[i],
                                       StreamVersion{version}, Position{position}, now, hash));
  }
  // One stream-index row for the whole append (see keys.h).
  batch.Put(Family::kStreams,
            keys::StreamIndexKey(*req.stream, StreamVersion{head->version.value + 1}),
            keys::IndexValue(result.first_position, static_cast<uint32_t>(req.encoded.size())));
  result.last_position = Position{position};
  result.next_expected = StreamVersion{version};
  staged_heads_[req.stream->value] = StreamHead{{version}, {position}};
  if (!group_max_time_ || now > *group_max_time_) group_max_time_ = now;
  req.result = result;
  return true;
}

namespace {
// `s`, saying which stream it is about when it does not already.
Status NamingStream(const Status& s, const StreamId& stream) {
  if (s.message().rfind("stream " + stream.value + " ", 0) == 0) return s;
  return Status(s.code(), "stream " + stream.value + ": " + s.message());
}
}  // namespace

bool EventLogImpl::StageAppend(PendingAppend& req, StoreBatch& batch, uint64_t& position,
                               Hash256& hash, Timestamp now, std::vector<RecordedEvent>& observed) {
  if (req.stored != nullptr) return StageStored(req, batch, position, hash, observed);
  if (req.linked.empty()) return StageOne(req, batch, position, hash, now, observed);
  std::vector<PendingAppend*> parts{&req};
  parts.insert(parts.end(), req.linked.begin(), req.linked.end());
  auto fail_all = [&](const Status& failure) {
    for (PendingAppend* part : parts) part->result = failure;
    return false;
  };
  // A replay is decided for all parts together: every part stored (return
  // the original results), or none (stage them all), else a conflict.
  size_t replayed = 0;
  PendingAppend* fresh = nullptr;
  for (PendingAppend* part : parts) {
    if (!CheckDuplicates(*part)) {
      if (!fresh) fresh = part;
      continue;
    }
    if (!part->result.ok()) return fail_all(NamingStream(part->result.error(), *part->stream));
    ++replayed;
  }
  if (replayed == parts.size()) return false;  // every part holds its original result
  if (replayed > 0)
    return fail_all(Status::Conflict(
        "stream " + fresh->stream->value +
        ": its events are not stored while other streams of this append already hold theirs "
        "(a retry must carry the same streams and event ids as the original)"));
  // All parts or none: stage each, and undo every trace on the first
  // failure (the batch's puts, staged heads and ids, position and hash).
  batch.SetSavePoint();
  const uint64_t saved_position = position;
  const Hash256 saved_hash = hash;
  const size_t saved_observed = observed.size();
  auto saved_heads = staged_heads_;
  auto saved_ids = staged_ids_;
  Status failure;
  for (PendingAppend* part : parts) {
    if (StageFresh(*part, batch, position, hash, now, observed)) continue;
    failure = NamingStream(part->result.error(), *part->stream);
    break;
  }
  if (failure.ok()) {
    batch.PopSavePoint();
    return true;
  }
  batch.RollbackToSavePoint();
  position = saved_position;
  hash = saved_hash;
  observed.resize(saved_observed);
  staged_heads_ = std::move(saved_heads);
  staged_ids_ = std::move(saved_ids);
  return fail_all(failure);
}

bool EventLogImpl::StageStored(PendingAppend& req, StoreBatch& batch, uint64_t& position,
                               Hash256& hash, std::vector<RecordedEvent>& observed) {
  batch.SetSavePoint();
  const uint64_t saved_position = position;
  const Hash256 saved_hash = hash;
  const size_t saved_observed = observed.size();
  auto saved_heads = staged_heads_;
  Status failure;
  AppendResult result;
  result.first_position = Position{position + 1};
  for (const StoredEvent& s : *req.stored) {
    const std::string at = "stored event for position " + std::to_string(position + 1);
    auto checked = codec::DecodeAndHash(s.bytes, hash);
    if (!checked.ok()) {
      failure = Status::Corruption(at + ": " + checked.error().message());
      break;
    }
    const RecordedEvent& e = checked->event;
    if (e.position.value != position + 1 || s.position != e.position) {
      std::string m = at + " carries position " + std::to_string(e.position.value);
      failure = position == saved_position
                    ? Status::Conflict(m + ": the log is at " + std::to_string(saved_position))
                    : Status::Corruption(m);
      break;
    }
    if (checked->computed != e.hash) {
      failure = Status::Corruption(at + ": its hash does not chain on its predecessor's");
      break;
    }
    auto head = WriterHead(e.stream.value);
    if (!head.ok()) {
      failure = head.error();
      break;
    }
    if (e.version.value != head->version.value + 1) {
      failure = Status::Corruption(at + " is version " + std::to_string(e.version.value) +
                                   " of stream " + e.stream.value + ", which is at version " +
                                   std::to_string(head->version.value));
      break;
    }
    ++position;
    hash = e.hash;
    std::string pos_key = keys::PositionKey(Position{position});
    batch.Put(Family::kLog, pos_key, s.bytes);
    batch.Put(Family::kSummaries, pos_key,
              keys::EncodeSummary(EventTypeName(e.payload), e.stream.value, e.grid_code));
    batch.Put(Family::kIds, keys::IdKey(e.id), pos_key);
    batch.Put(Family::kStreams, keys::StreamIndexKey(e.stream, e.version),
              keys::IndexValue(Position{position}, 1));
    staged_heads_[e.stream.value] = StreamHead{e.version, Position{position}};
    if (!group_max_time_ || e.recorded_at > *group_max_time_) group_max_time_ = e.recorded_at;
    result.next_expected = e.version;
    if (observer_) observed.push_back(std::move(checked->event));
  }
  if (failure.ok() && position == saved_position)
    failure = Status::InvalidArgument("append of zero stored events");
  if (!failure.ok()) {
    batch.RollbackToSavePoint();
    position = saved_position;
    hash = saved_hash;
    observed.resize(saved_observed);
    staged_heads_ = std::move(saved_heads);
    req.result = failure;
    return false;
  }
  batch.PopSavePoint();
  result.last_position = Position{position};
  req.result = result;
  return true;
}

Status EventLogImpl::AppendStored(std::vector<StoredEvent> stored, const AppendOptions& options) {
  if (store_->read_only()) return Status::Unavailable("the event log was opened read-only");
  GL_RETURN_IF_ERROR(FenceStatus());
  PendingAppend req;
  req.stored = &stored;
  req.durable = options.durability == Durability::kDurable;
  req.queued_at = std::chrono::steady_clock::now();
  GL_ASSIGN_OR_RETURN(bool spin, Enqueue(&req));
  AwaitAnswer(req, spin);
  return req.result.status();
}

Result<std::vector<AppendResult>> EventLogImpl::AppendMulti(std::vector<StreamAppend> parts,
                                                            const AppendOptions& options) {
  if (store_->read_only()) return Status::Unavailable("the event log was opened read-only");
  if (parts.empty()) return Status::InvalidArgument("append of zero streams");
  std::vector<std::unique_ptr<PendingAppend>> pending;
  size_t total = 0;
  std::unordered_set<std::string_view> streams;
  std::unordered_set<EventId> ids;
  for (size_t i = 0; i < parts.size(); ++i) {
    if (!streams.insert(parts[i].stream.value).second)
      return Status::InvalidArgument("stream " + parts[i].stream.value +
                                     " appears twice in one append");
    total += parts[i].events.size();
    if (total > kMaxEventsPerAppend)
      return Status::InvalidArgument("an append holds at most 100000 events");
    for (const NewEvent& e : parts[i].events)
      if (!e.id.empty() && !ids.insert(e.id).second)
        return Status::InvalidArgument("stream " + parts[i].stream.value + ": event id " +
                                       e.id.ToString() + " appears twice in one append");
    auto req = std::make_unique<PendingAppend>();
    req->stream = &parts[i].stream;
    req->expected = parts[i].expected;
    req->events = &parts[i].events;
    if (Status s = Prepare(*req, options); !s.ok()) return NamingStream(s, parts[i].stream);
    pending.push_back(std::move(req));
  }
  PendingAppend& head = *pending.front();
  for (size_t i = 1; i < pending.size(); ++i) head.linked.push_back(pending[i].get());
  GL_ASSIGN_OR_RETURN(bool spin, Enqueue(&head));
  AwaitAnswer(head, spin);
  std::vector<AppendResult> results;
  for (auto& req : pending) {
    if (!req->result.ok()) return req->result.error();
    results.push_back(std::move(req->result).value());
  }
  return results;
}

// One commit group, in the manner of LevelDB's DBImpl::Write: resume the
// store if a write failed before, stage every append into one batch, add
// the heads and the tail, let the observer add its rows, write, then
// publish (or roll back).
void EventLogImpl::CommitGroup(std::vector<PendingAppend*>& group) {
  if (!ResumeIfNeeded(group)) return;
  if (!WithinLease(group)) return;
  GroupBatch g = StageGroup(group);
  if (g.writing.empty()) return;
  StageTail(g);
  Status written = Observe(g);
  if (written.ok()) written = store_->Write(g.batch, g.sync, "committing appends");
  if (!written.ok()) {
    FailGroup(g, written);
    return;
  }
  PublishGroup(g);
  AnswerIfLeaseLapsed(g);
}

bool EventLogImpl::WithinLease(std::vector<PendingAppend*>& group) {
  Status lapsed = LeaseRefusal();
  if (lapsed.ok()) return true;
  for (PendingAppend* req : group) {
    req->result = lapsed;
    for (PendingAppend* part : req->linked) part->result = lapsed;
  }
  return false;
}

void EventLogImpl::AnswerIfLeaseLapsed(GroupBatch& g) {
  // The group is committed (positions, watermark, read models); only the
  // answer changes: no append is acknowledged after the lease's limit.
  Status lapsed = LeaseRefusal();
  if (lapsed.ok()) return;
  const Status unknown = Status::Unavailable(
      "the write lease lapsed while this write was being made durable, so its outcome is "
      "unknown: retry it with the same event ids (a retry never doubles). " +
      lapsed.message());
  for (PendingAppend* req : g.writing) {
    req->result = unknown;
    for (PendingAppend* part : req->linked) part->result = unknown;
  }
}

bool EventLogImpl::ResumeIfNeeded(std::vector<PendingAppend*>& group) {
  if (!needs_resume_) return true;
  // A failed write (e.g. disk full) stops the store's writes until resumed
  // (waiting while its own recovery runs).
  Status resumed = store_->ResumeWrites();
  if (!resumed.ok()) {
    for (PendingAppend* req : group) req->result = resumed;
    return false;
  }
  needs_resume_ = false;
  return true;
}

EventLogImpl::GroupBatch EventLogImpl::StageGroup(std::vector<PendingAppend*>& group) {
  GroupBatch g(store_->NewBatch());
  staged_heads_.clear();
  staged_ids_.clear();
  g.start_position = g.position = tail_position_;
  g.start_hash = g.hash = tail_hash_;
  group_max_time_.reset();
  const Timestamp now = clock_->Now();
  for (PendingAppend* req : group) {
    if (!StageAppend(*req, g.batch, g.position, g.hash, now, g.observed)) continue;
    g.sync = g.sync || req->durable;
    g.writing.push_back(req);
  }
  return g;
}

void EventLogImpl::StageTail(GroupBatch& g) {
  for (const auto& [stream, head] : staged_heads_)
    g.batch.Put(Family::kHeads, stream, keys::HeadValue(head.version, head.last_position));
  std::string tail = keys::PositionKey(Position{g.position});
  tail.append(reinterpret_cast<const char*>(g.hash.data()), g.hash.size());
  g.batch.Put(Family::kMeta, keys::kTailKey, tail);
  g.batch.Put(Family::kMeta, keys::kSummaryIndexKey, keys::PositionKey(Position{g.position}));
  if (group_max_time_)
    time_index_.Stage(g.batch, *group_max_time_, g.start_position + 1, g.position);
}

Status EventLogImpl::Observe(GroupBatch& g) {
  if (!observer_) return Status::Ok();
  return observer_->OnGroup(g.observed, g.batch);
}

void EventLogImpl::FailGroup(GroupBatch& g, const Status& error) {
  // Nothing of the group is visible; the positions are handed out again.
  for (PendingAppend* req : g.writing) {
    req->result = error;
    for (PendingAppend* part : req->linked) part->result = error;
  }
  tail_position_ = g.start_position;
  tail_hash_ = g.start_hash;
  for (const auto& [stream, head] : staged_heads_) head_cache_.erase(stream);
  staged_heads_.clear();
  time_index_.Fail();
  if (observer_) observer_->OnGroupFailed();
  // A failed WAL write leaves RocksDB in a background-error state; the next
  // group tries to resume, so appends work again once space returns. (After
  // an observer's refusal nothing was written; resuming is then a no-op.)
  needs_resume_ = true;
}

void EventLogImpl::PublishGroup(GroupBatch& g) {
  // Raise the durable high-water mark before anyone is told: synced when
  // the group was. A failure here loses no event (they are in the WAL); it
  // only leaves the mark lower, which weakens the check at open.
  if (high_water_) (void)high_water_->Store(g.position, g.sync);
  tail_position_ = g.position;
  tail_hash_ = g.hash;
  if (head_cache_.size() + staged_heads_.size() >= kHeadCacheLimit) head_cache_.clear();
  for (auto& [stream, head] : staged_heads_) head_cache_[stream] = head;
  staged_heads_.clear();
  time_index_.Publish();
  summaries_.Publish(g.position);
  if (observer_) observer_->OnGroupCommitted();
  {
    std::lock_guard lock(commit_mu_);
    committed_.store(g.position, std::memory_order_release);
  }
  commit_cv_.notify_all();
}

void EventLogImpl::CountAnswer(const PendingAppend& req) {
  append_seconds_.Observe(
      std::chrono::duration<double>(std::chrono::steady_clock::now() - req.queued_at).count());
  if (!req.result.ok()) {
    append_errors_.fetch_add(1, std::memory_order_relaxed);
    if (req.result.status().code() == StatusCode::kIOError)
      accepting_writes_.store(false, std::memory_order_relaxed);
    return;
  }
  accepting_writes_.store(true, std::memory_order_relaxed);
  if (req.result->deduplicated) return;
  uint64_t n = req.result->last_position.value - req.result->first_position.value + 1;
  (req.durable ? appends_durable_ : appends_buffered_).fetch_add(1, std::memory_order_relaxed);
  (req.durable ? events_durable_ : events_buffered_).fetch_add(n, std::memory_order_relaxed);
}

}  // namespace gridledger
