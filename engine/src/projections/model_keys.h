// Keys of the stored read models (inside one generation; RocksModelStore
// prefixes them with BE32(generation)). Every key starts with its table's
// letter; integers are big-endian so rows sort by time.
//
//   'c' case_id                          -> CaseRecord (case_record.h)
//   'p' person_id '\0' case_id           -> ""            a resident's cases
//   'o' grid_code '\0' case_id           -> QueueRecord   open cases (work queues)
//   'd' BE64(deadline) case_id           -> ""            open cases with a deadline
//   'f' BE64(filed_at) case_id           -> grid_code     ledger and statistics' edges
//   's' scope_code '\0' BE32(day)        -> StatsBucket   statistics per level and day
//   'm' stream                           -> MediationRecord
//   'M' BE64(opened_at) stream           -> ""
//   'w' stream                           -> WishRecord
//   'W' BE64(collected_at) stream        -> ""
//   'k' BE64(at) BE64(position) BE32(i)  -> WorkRecord    patrols, inspections, ...
//   'q' date (YYYYMMDD)                  -> BE32(last daily sequence of case ids)
//   'r' BE64(position)                   -> ""            registry events, loaded at open
//   'z' "checkpoint"                     -> BE64(position of the last applied event)
//
// Times are signed microseconds stored with the sign bit flipped, so that
// times before 1970 (never written, but never misordered) sort first.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "gridledger/types.h"
#include "storage/keys.h"

namespace gridledger::model_keys {

inline constexpr char kCase = 'c', kPerson = 'p', kOpen = 'o', kDeadline = 'd', kFiled = 'f',
                      kStats = 's', kMediation = 'm', kMediationOpened = 'M', kWish = 'w',
                      kWishCollected = 'W', kWork = 'k', kSequence = 'q', kRegistry = 'r',
                      kMeta = 'z';

inline void AppendTime(std::string& k, Timestamp t) {
  keys::AppendBE64(k, static_cast<uint64_t>(ToMicros(t)) ^ (uint64_t{1} << 63));
}
inline Timestamp ReadTime(std::string_view in) {
  return FromMicros(static_cast<int64_t>(keys::ReadBE64(in) ^ (uint64_t{1} << 63)));
}
inline void AppendBE32(std::string& k, uint32_t v) {
  for (int i = 3; i >= 0; --i) k.push_back(static_cast<char>(v >> (8 * i)));
}

inline std::string Table(char t) { return std::string(1, t); }
// The first key after every key of table `t`.
inline std::string TableEnd(char t) { return std::string(1, static_cast<char>(t + 1)); }

inline std::string Case(std::string_view id) { return kCase + std::string(id); }
inline std::string PersonPrefix(std::string_view person) {
  std::string k(1, kPerson);
  k += person;
  k.push_back('\0');
  return k;
}
inline std::string Person(std::string_view person, std::string_view case_id) {
  return PersonPrefix(person) + std::string(case_id);
}
inline std::string OpenPrefix(std::string_view scope) { return kOpen + std::string(scope); }
inline std::string Open(std::string_view grid, std::string_view case_id) {
  std::string k = OpenPrefix(grid);
  k.push_back('\0');
  k += case_id;
  return k;
}
inline std::string Timed(char table, Timestamp t, std::string_view id) {
  std::string k(1, table);
  AppendTime(k, t);
  k += id;
  return k;
}
inline std::string TimedFrom(char table, Timestamp t) {
  std::string k(1, table);
  AppendTime(k, t);
  return k;
}
// A day is a calendar day in China (UTC+8), counted from 1970-01-01.
inline int64_t ChinaDay(Timestamp t) {
  constexpr int64_t kDay = 86'400'000'000, kOffset = 8 * 3'600'000'000LL;
  int64_t us = ToMicros(t) + kOffset;
  return us >= 0 ? us / kDay : (us - kDay + 1) / kDay;
}
inline Timestamp ChinaDayStart(int64_t day) {
  constexpr int64_t kDay = 86'400'000'000, kOffset = 8 * 3'600'000'000LL;
  return FromMicros(day * kDay - kOffset);
}
inline std::string StatsPrefix(std::string_view scope) {
  std::string k(1, kStats);
  k += scope;
  k.push_back('\0');
  return k;
}
inline std::string Stats(std::string_view scope, int64_t day) {
  std::string k = StatsPrefix(scope);
  AppendBE32(k, static_cast<uint32_t>(day) ^ (uint32_t{1} << 31));
  return k;
}
// The first key after every key that starts with `prefix` ("" = the end).
inline std::string PrefixEnd(std::string prefix) {
  while (!prefix.empty()) {
    auto last = static_cast<unsigned char>(prefix.back());
    if (last != 0xff) {
      prefix.back() = static_cast<char>(last + 1);
      return prefix;
    }
    prefix.pop_back();
  }
  return prefix;
}
inline std::string Mediation(std::string_view s) { return kMediation + std::string(s); }
inline std::string Wish(std::string_view s) { return kWish + std::string(s); }
inline std::string Work(Timestamp at, Position p, uint32_t i) {
  std::string k = TimedFrom(kWork, at);
  keys::AppendBE64(k, p.value);
  AppendBE32(k, i);
  return k;
}
inline std::string Sequence(std::string_view date) { return kSequence + std::string(date); }
inline std::string Registry(Position p) {
  std::string k(1, kRegistry);
  keys::AppendBE64(k, p.value);
  return k;
}
inline std::string PositionBytes(Position p) { return keys::PositionKey(p); }
inline std::string Checkpoint() { return kMeta + std::string("checkpoint"); }

}  // namespace gridledger::model_keys
