// Key encodings of the log's column families. All integers are big-endian
// so that keys sort numerically.
//
//   log      BE64(position)                     -> envelope bytes
//   streams  stream_id '\0' BE64(first version) -> BE64(first position) BE32(count)
//            one row per append: its events have consecutive versions and
//            consecutive positions, so version v of the row is at
//            first position + (v - first version)
//   heads    stream_id                          -> BE64(version) BE64(position)
//   ids      BE64(id.hi) BE64(id.lo)            -> BE64(position)
//   meta     "tail"                             -> BE64(position) hash[32]
//            "checkpoint/" name                 -> BE64(position)
//            "readmodels/live"                  -> BE32(generation) BE32(schema version)
//            the generation of the stored read models that serves
//            (projections/model_keys.h has the read models' own keys)
//            "time_index"                       -> BE64(last position the time index covers)
//            "summary_index"                    -> BE64(last position the summaries cover)
//   summaries BE64(position)                    -> summary: BE16(n) type, BE16(n) stream id,
//            BE16(n) grid code (the fields a filter looks at; EncodeSummary)
//   times    BE64(time ^ 2^63)                  -> BE64(position)
//            time: the highest recorded_at (UTC microseconds) committed so
//            far, written by the first commit group that raised it; its
//            position is that group's first. Sign bit flipped so that
//            negative times sort first.
#pragma once

#include <algorithm>
#include <cstdint>
#include <string>
#include <string_view>

#include "gridledger/types.h"

namespace gridledger::keys {

inline void AppendBE64(std::string& out, uint64_t v) {
  for (int i = 7; i >= 0; --i) out.push_back(static_cast<char>(v >> (8 * i)));
}

inline uint64_t ReadBE64(std::string_view in) {
  uint64_t v = 0;
  for (int i = 0; i < 8; ++i) v = (v << 8) | static_cast<uint8_t>(in[i]);
  return v;
}

inline std::string PositionKey(Position p) {
  std::string k;
  k.reserve(8);
  AppendBE64(k, p.value);
  return k;
}

// Prefix of every index key of `stream`: the id and its terminating NUL.
inline std::string StreamPrefix(const StreamId& stream) {
  std::string k = stream.value;
  k.push_back('\0');
  return k;
}

inline std::string StreamIndexKey(const StreamId& stream, StreamVersion v) {
  std::string k = StreamPrefix(stream);
  AppendBE64(k, v.value);
  return k;
}

inline std::string IdKey(EventId id) {
  std::string k;
  k.reserve(16);
  AppendBE64(k, id.hi);
  AppendBE64(k, id.lo);
  return k;
}

inline std::string IndexValue(Position first, uint32_t count) {
  std::string out;
  out.reserve(12);
  AppendBE64(out, first.value);
  for (int i = 3; i >= 0; --i) out.push_back(static_cast<char>(count >> (8 * i)));
  return out;
}

inline uint32_t ReadBE32(std::string_view in) {
  uint32_t v = 0;
  for (int i = 0; i < 4; ++i) v = (v << 8) | static_cast<uint8_t>(in[i]);
  return v;
}

inline std::string HeadValue(StreamVersion v, Position p) {
  std::string out;
  out.reserve(16);
  AppendBE64(out, v.value);
  AppendBE64(out, p.value);
  return out;
}

inline std::string TimeKey(Timestamp t) {
  std::string k;
  k.reserve(8);
  AppendBE64(k, static_cast<uint64_t>(ToMicros(t)) ^ (uint64_t{1} << 63));
  return k;
}

inline Timestamp ReadTimeKey(std::string_view key) {
  return FromMicros(static_cast<int64_t>(ReadBE64(key) ^ (uint64_t{1} << 63)));
}

inline void AppendText16(std::string& out, std::string_view text) {
  size_t n = std::min<size_t>(text.size(), 0xFFFF);
  out.push_back(static_cast<char>(n >> 8));
  out.push_back(static_cast<char>(n));
  out.append(text.data(), n);
}

// An event's summary row (the filters' fields).
inline std::string EncodeSummary(std::string_view type, std::string_view stream,
                                 std::string_view grid_code) {
  std::string out;
  out.reserve(6 + type.size() + stream.size() + grid_code.size());
  AppendText16(out, type);
  AppendText16(out, stream);
  AppendText16(out, grid_code);
  return out;
}

// Reads a summary row; false when it is damaged.
inline bool DecodeSummary(std::string_view in, std::string_view* type, std::string_view* stream,
                          std::string_view* grid_code) {
  std::string_view* fields[] = {type, stream, grid_code};
  for (std::string_view* f : fields) {
    if (in.size() < 2) return false;
    size_t n =
        (static_cast<size_t>(static_cast<uint8_t>(in[0])) << 8) | static_cast<uint8_t>(in[1]);
    if (in.size() < 2 + n) return false;
    *f = in.substr(2, n);
    in.remove_prefix(2 + n);
  }
  return in.empty();
}

inline constexpr std::string_view kTailKey = "tail";
inline constexpr std::string_view kSummaryIndexKey = "summary_index";
inline constexpr std::string_view kTimeIndexKey = "time_index";
inline constexpr std::string_view kCheckpointPrefix = "checkpoint/";
inline constexpr std::string_view kReadModelsLiveKey = "readmodels/live";
// A background build's generation (BE32) and schema version (BE32), from
// its start until it becomes live: what the next open resumes.
inline constexpr std::string_view kReadModelsBuildingKey = "readmodels/building";
// The store's partition (EngineOptions::partition): its 6 digits.
inline constexpr std::string_view kPartitionKey = "partition";

}  // namespace gridledger::keys
