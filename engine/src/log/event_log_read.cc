// Reads: streams, the global log, single events, heads, checkpoints.
// Reads use their own store cursors and never take the writer's locks.

#include <optional>

#include "log/event_log_impl.h"
#include "storage/keys.h"

namespace gridledger {

Result<RecordedEvent> DecodeStoredEvent(std::string_view bytes) { return codec::Decode(bytes); }

namespace {
std::string AtPosition(Position p) { return "event at position " + std::to_string(p.value); }

Status WithPosition(const Status& s, Position p) {
  return Status(s.code(), AtPosition(p) + ": " + s.message());
}
}  // namespace

Result<RecordedEvent> EventLogImpl::ReadAt(Position p) const {
  std::string value;
  GL_ASSIGN_OR_RETURN(bool found, store_->Get(Family::kLog, keys::PositionKey(p), &value,
                                              "reading " + AtPosition(p)));
  if (!found)
    return Status::Corruption("the index points at position " + std::to_string(p.value) +
                              " but no event is stored there");
  auto event = codec::Decode(value);
  if (!event.ok()) return WithPosition(event.error(), p);
  if (event->position != p)
    return Status::Corruption(AtPosition(p) + " claims position " +
                              std::to_string(event->position.value));
  return event;
}

Result<std::vector<RecordedEvent>> EventLogImpl::ReadStream(const StreamId& stream,
                                                            StreamVersion from,
                                                            ReadDirection direction,
                                                            size_t limit) const {
  GL_RETURN_IF_ERROR(StreamId::Validate(stream.value));
  std::vector<RecordedEvent> out;
  if (limit == 0) return out;
  const std::string prefix = keys::StreamPrefix(stream);
  std::string upper = stream.value;
  upper.push_back('\x01');
  auto it =
      store_->NewCursor(Family::kStreams, {.lower = prefix, .upper = upper, .same_prefix = true});
  // Each index row covers one append: versions [first, first + count).
  // Start at the row holding `from` (the last row whose first <= from).
  std::string start = keys::StreamIndexKey(stream, from);
  const bool forward = direction == ReadDirection::kForward;
  it->SeekForPrev(start);
  if (!it->Valid() && forward) it->Seek(prefix);
  std::vector<Position> positions;
  for (; it->Valid() && positions.size() < limit; forward ? it->Next() : it->Prev()) {
    std::string_view key = it->key();
    std::string_view value = it->value();
    if (value.size() != 12 || key.size() != prefix.size() + 8)
      return Status::Corruption("stream index of " + stream.value + " is damaged");
    uint64_t first_version = keys::ReadBE64(key.substr(prefix.size()));
    uint64_t first_position = keys::ReadBE64(value);
    uint32_t count = keys::ReadBE32(value.substr(8));
    if (forward) {
      uint64_t v = std::max(first_version, from.value);
      for (; v < first_version + count && positions.size() < limit; ++v)
        positions.push_back(Position{first_position + (v - first_version)});
    } else {
      if (first_version > from.value) continue;
      uint64_t last = std::min<uint64_t>(first_version + count - 1, from.value);
      for (uint64_t v = last + 1; v-- > first_version && positions.size() < limit;)
        positions.push_back(Position{first_position + (v - first_version)});
    }
  }
  GL_RETURN_IF_ERROR(it->status("reading stream " + stream.value));
  out.reserve(positions.size());
  for (Position p : positions) {
    auto e = ReadAt(p);
    if (!e.ok()) return e.error();
    out.push_back(std::move(e).value());
  }
  return out;
}

template <typename Visit>
Status EventLogImpl::ScanStored(Position from, Position to_inclusive, Visit&& visit) const {
  Position committed = Committed();
  if (to_inclusive.value == 0 || to_inclusive > committed) to_inclusive = committed;
  if (from.value == 0) from.value = 1;
  if (from > to_inclusive) return Status::Ok();
  std::string lower = keys::PositionKey(from);
  std::string upper = keys::PositionKey(Position{to_inclusive.value + 1});
  // Read ahead for scans, about as far as the range reaches (a
  // subscription's batch of 1,024 events need not read 2 MiB), and not for
  // the single events that loaders fetch.
  const uint64_t events = to_inclusive.value - from.value + 1;
  const size_t readahead = events < 64 ? 0 : std::min<uint64_t>(2u << 20, events * 512);
  // A scan (readahead) reads each block once: it leaves the block cache to
  // the point reads.
  auto it = store_->NewCursor(
      Family::kLog, {.upper = upper, .readahead_bytes = readahead, .fill_cache = readahead == 0});
  uint64_t expect = from.value;
  for (it->Seek(lower); it->Valid(); it->Next(), ++expect) {
    Position p{keys::ReadBE64(it->key())};
    if (p.value != expect)
      return Status::Corruption("the log has a gap: position " + std::to_string(expect) +
                                " is missing");
    GL_RETURN_IF_ERROR(visit(p, it->value()));
  }
  GL_RETURN_IF_ERROR(it->status("reading the log"));
  if (expect != to_inclusive.value + 1)
    return Status::Corruption("the log has a gap: position " + std::to_string(expect) +
                              " is missing");
  return Status::Ok();
}

namespace {
// Decodes the event stored at `p` into `out` (reusing its storage).
Status DecodeAt(Position p, std::string_view bytes, RecordedEvent& out) {
  Status decoded = codec::DecodeInto(bytes, &out);
  if (!decoded.ok()) return WithPosition(decoded, p);
  if (out.position != p)
    return Status::Corruption(AtPosition(p) + " claims position " +
                              std::to_string(out.position.value));
  return Status::Ok();
}

// Reads the envelope of the event stored at `p` into `view`, in place.
Status ViewAt(Position p, std::string_view bytes, EventView& view) {
  Status read = codec::ViewInto(bytes, &view);
  if (!read.ok()) return WithPosition(read, p);
  if (view.position != p)
    return Status::Corruption(AtPosition(p) + " claims position " +
                              std::to_string(view.position.value));
  return Status::Ok();
}

// The last position a read of at most `limit` events from `from` (made
// 1 when 0) covers up to `committed`; none when it covers nothing.
std::optional<Position> ReadEnd(Position& from, size_t limit, Position committed) {
  if (from.value == 0) from.value = 1;
  if (limit == 0 || from > committed) return std::nullopt;
  return std::min(committed,
                  Position{from.value + std::min<uint64_t>(limit, UINT64_MAX - from.value) - 1});
}
}  // namespace

Status EventLogImpl::ScanAll(Position from, Position to_inclusive,
                             const std::function<Status(const RecordedEvent&)>& visit) const {
  RecordedEvent e;
  return ScanStored(from, to_inclusive, [&](Position p, std::string_view bytes) -> Status {
    GL_RETURN_IF_ERROR(DecodeAt(p, bytes, e));
    return visit(e);
  });
}

Status EventLogImpl::ScanViews(Position from, Position to_inclusive,
                               const std::function<Status(const EventView&)>& visit) const {
  EventView view;  // one for the whole scan, read into in place
  return ScanStored(from, to_inclusive, [&](Position p, std::string_view bytes) -> Status {
    GL_RETURN_IF_ERROR(ViewAt(p, bytes, view));
    return visit(view);
  });
}

Result<std::vector<RecordedEvent>> EventLogImpl::ReadAll(Position from, size_t limit) const {
  std::vector<RecordedEvent> out;
  GL_RETURN_IF_ERROR(ReadAllInto(from, limit, &out));
  return out;
}

Status EventLogImpl::ReadAllInto(Position from, size_t limit,
                                 std::vector<RecordedEvent>* out) const {
  size_t filled = 0;
  std::optional<Position> end = ReadEnd(from, limit, Committed());
  if (end) {
    const Position to = *end;
    const size_t wanted = to.value - from.value + 1;
    if (out->size() < wanted) out->resize(wanted);  // grown only: what it holds is decoded into
    GL_RETURN_IF_ERROR(ScanStored(from, to, [&](Position p, std::string_view bytes) {
      return DecodeAt(p, bytes, (*out)[filled++]);
    }));
  }
  out->resize(filled);
  return Status::Ok();
}

Result<std::vector<StoredEvent>> EventLogImpl::ReadAllStored(Position from, size_t limit) const {
  std::vector<StoredEvent> out;
  std::optional<Position> end = ReadEnd(from, limit, Committed());
  if (!end) return out;
  const Position to = *end;
  out.reserve(to.value - from.value + 1);
  GL_RETURN_IF_ERROR(ScanStored(from, to, [&](Position p, std::string_view bytes) {
    out.push_back(StoredEvent{p, std::string(bytes)});
    return Status::Ok();
  }));
  return out;
}

Result<RecordedEvent> EventLogImpl::ReadEvent(EventId id) const {
  std::string value;
  GL_ASSIGN_OR_RETURN(bool found, store_->Get(Family::kIds, keys::IdKey(id), &value,
                                              "looking up event " + id.ToString()));
  if (!found) return Status::NotFound("no event with id " + id.ToString());
  Position p{keys::ReadBE64(value)};
  if (p > Committed()) return Status::NotFound("no event with id " + id.ToString());
  return ReadAt(p);
}

Result<StreamHead> EventLogImpl::Head(const StreamId& stream) const {
  GL_RETURN_IF_ERROR(StreamId::Validate(stream.value));
  std::string value;
  GL_ASSIGN_OR_RETURN(bool found, store_->Get(Family::kHeads, stream.value, &value,
                                              "reading head of " + stream.value));
  if (!found) return StreamHead{};
  if (value.size() != 16)
    return Status::Corruption("head of stream " + stream.value + " is damaged");
  return StreamHead{{keys::ReadBE64(value)}, {keys::ReadBE64(std::string_view(value).substr(8))}};
}

Position EventLogImpl::WaitForCommitted(Position position, std::chrono::milliseconds timeout,
                                        std::stop_token stop) const {
  // A stop request wakes the wait the way a commit does. The callback is
  // registered before the lock is taken (it runs at once, in this thread,
  // when the stop was already requested) and removed after it is released
  // (removal waits for a callback running in the stopping thread, which
  // takes the lock).
  auto notify = [this] {
    { std::lock_guard lock(commit_mu_); }
    commit_cv_.notify_all();
  };
  std::optional<std::stop_callback<decltype(notify)>> wake;
  if (stop.stop_possible()) wake.emplace(stop, notify);
  {
    std::unique_lock lock(commit_mu_);
    commit_cv_.wait_for(lock, timeout,
                        [&] { return Committed() >= position || stop.stop_requested(); });
  }
  return Committed();
}

Result<Position> EventLogImpl::LoadCheckpoint(const std::string& name) const {
  std::string value;
  GL_ASSIGN_OR_RETURN(
      bool found, store_->Get(Family::kMeta, std::string(keys::kCheckpointPrefix) + name, &value,
                              "reading checkpoint " + name));
  if (!found) return Position{};
  if (value.size() != 8) return Status::Corruption("checkpoint " + name + " is damaged");
  return Position{keys::ReadBE64(value)};
}

Status EventLogImpl::SaveCheckpoint(const std::string& name, Position p) {
  if (name.empty()) return Status::InvalidArgument("checkpoint name is empty");
  if (store_->read_only()) return Status::Unavailable("the log was opened read-only");
  return store_->Put(Family::kMeta, std::string(keys::kCheckpointPrefix) + name,
                     keys::PositionKey(p), /*sync=*/true, "saving checkpoint " + name);
}

// ---- EventLog's plain implementation ---------------------------------------

Status EventLog::ScanViews(Position from, Position to_inclusive,
                           const std::function<Status(const EventView&)>& visit) const {
  constexpr size_t kBatch = 1024;
  if (from.value == 0) from.value = 1;
  Position end = Committed();
  if (to_inclusive.value != 0 && to_inclusive < end) end = to_inclusive;
  for (Position next = from; next <= end;) {
    GL_ASSIGN_OR_RETURN(
        auto stored, ReadAllStored(next, std::min<uint64_t>(kBatch, end.value - next.value + 1)));
    if (stored.empty()) break;
    EventView view;
    for (const StoredEvent& s : stored) {
      if (s.position != next)
        return Status::Corruption("the log has a gap: position " + std::to_string(next.value) +
                                  " is missing");
      GL_RETURN_IF_ERROR(ViewAt(s.position, s.bytes, view));
      GL_RETURN_IF_ERROR(visit(view));
      ++next.value;
    }
  }
  return Status::Ok();
}

}  // namespace gridledger
