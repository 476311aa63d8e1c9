// Reads: streams, the global log, single events, heads, checkpoints.
// Reads use their own store cursors and never take the writer's locks.

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

Status EventLogImpl::ScanAll(Position from, Position to_inclusive,
                             const std::function<Status(const RecordedEvent&)>& visit) const {
  Position committed = Committed();
  if (to_inclusive.value == 0 || to_inclusive > committed) to_inclusive = committed;
  if (from.value == 0) from.value = 1;
  if (from > to_inclusive) return Status::Ok();
  std::string lower = keys::PositionKey(from);
  std::string upper = keys::PositionKey(Position{to_inclusive.value + 1});
  auto it = store_->NewCursor(Family::kLog, {.upper = upper, .readahead_bytes = 2u << 20});
  uint64_t expect = from.value;
  for (it->Seek(lower); it->Valid(); it->Next(), ++expect) {
    Position p{keys::ReadBE64(it->key())};
    if (p.value != expect)
      return Status::Corruption("the log has a gap: position " + std::to_string(expect) +
                                " is missing");
    auto e = codec::Decode(it->value());
    if (!e.ok()) return WithPosition(e.error(), p);
    if (e->position != p)
      return Status::Corruption(AtPosition(p) + " claims position " +
                                std::to_string(e->position.value));
    GL_RETURN_IF_ERROR(visit(*e));
  }
  GL_RETURN_IF_ERROR(it->status("reading the log"));
  if (expect != to_inclusive.value + 1)
    return Status::Corruption("the log has a gap: position " + std::to_string(expect) +
                              " is missing");
  return Status::Ok();
}

Result<std::vector<RecordedEvent>> EventLogImpl::ReadAll(Position from, size_t limit) const {
  std::vector<RecordedEvent> out;
  if (limit == 0) return out;
  if (from.value == 0) from.value = 1;
  Position committed = Committed();
  if (from > committed) return out;
  Position to{std::min<uint64_t>(committed.value, from.value + limit - 1)};
  out.reserve(to.value - from.value + 1);
  GL_RETURN_IF_ERROR(ScanAll(from, to, [&](const RecordedEvent& e) {
    out.push_back(e);
    return Status::Ok();
  }));
  return out;
}

Result<std::vector<StoredEvent>> EventLogImpl::ReadAllStored(Position from, size_t limit) const {
  std::vector<StoredEvent> out;
  if (limit == 0) return out;
  if (from.value == 0) from.value = 1;
  Position committed = Committed();
  if (from > committed) return out;
  Position to{std::min<uint64_t>(committed.value, from.value + limit - 1)};
  std::string lower = keys::PositionKey(from);
  std::string upper = keys::PositionKey(Position{to.value + 1});
  auto it = store_->NewCursor(Family::kLog, {.upper = upper});
  uint64_t expect = from.value;
  out.reserve(to.value - from.value + 1);
  for (it->Seek(lower); it->Valid(); it->Next(), ++expect) {
    Position p{keys::ReadBE64(it->key())};
    if (p.value != expect)
      return Status::Corruption("the log has a gap: position " + std::to_string(expect) +
                                " is missing");
    out.push_back(StoredEvent{p, std::string(it->value())});
  }
  GL_RETURN_IF_ERROR(it->status("reading the log"));
  if (expect != to.value + 1)
    return Status::Corruption("the log has a gap: position " + std::to_string(expect) +
                              " is missing");
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

Position EventLogImpl::WaitForCommitted(Position position,
                                        std::chrono::milliseconds timeout) const {
  std::unique_lock lock(commit_mu_);
  commit_cv_.wait_for(lock, timeout, [&] { return Committed() >= position; });
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

}  // namespace gridledger
