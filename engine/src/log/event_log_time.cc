// Reads from a point in time: the global log through the time index, a
// stream through the time index and then its own stream index.

#include "log/event_log_impl.h"
#include "storage/keys.h"

namespace gridledger {

Result<Position> EventLogImpl::SeekTime(Timestamp at) const {
  return time_index_.Seek(*store_, at, Committed());
}

Result<StreamVersion> EventLogImpl::SeekStreamTime(const StreamId& stream, Timestamp at) const {
  GL_RETURN_IF_ERROR(StreamId::Validate(stream.value));
  GL_ASSIGN_OR_RETURN(Position from, SeekTime(at));
  // The stream's index rows (one per append: first version -> first
  // position, count) rise in both; walk them back from the newest to the
  // first one that ends before `from`: the answer is just after it.
  const std::string prefix = keys::StreamPrefix(stream);
  std::string upper = stream.value;
  upper.push_back('\x01');
  auto it =
      store_->NewCursor(Family::kStreams, {.lower = prefix, .upper = upper, .same_prefix = true});
  it->SeekForPrev(keys::StreamIndexKey(stream, StreamVersion{UINT64_MAX}));
  uint64_t answer = 0;  // unknown yet
  uint64_t last_version = 0;
  for (; it->Valid(); it->Prev()) {
    std::string_view key = it->key(), value = it->value();
    if (value.size() != 12 || key.size() != prefix.size() + 8)
      return Status::Corruption("stream index of " + stream.value + " is damaged");
    uint64_t first_version = keys::ReadBE64(key.substr(prefix.size()));
    uint64_t first_position = keys::ReadBE64(value);
    uint32_t count = keys::ReadBE32(value.substr(8));
    if (last_version == 0) last_version = first_version + count - 1;
    if (first_position + count - 1 < from.value) break;  // this append ends before `from`
    answer = first_position >= from.value ? first_version
                                          : first_version + (from.value - first_position);
  }
  GL_RETURN_IF_ERROR(it->status("reading stream " + stream.value));
  if (answer == 0) answer = last_version + 1;
  return StreamVersion{answer};
}

}  // namespace gridledger
