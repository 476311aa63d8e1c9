#include "time_format.h"

#include <cctype>
#include <chrono>
#include <cstdio>

namespace gridledger::tools {
namespace {

using std::chrono::days;
using std::chrono::microseconds;

struct Civil {
  int year;
  unsigned month, day, hour, minute, second;
  int64_t micros;
};

Civil ToCivil(Timestamp t, int offset_minutes) {
  auto local = t + std::chrono::minutes(offset_minutes);
  auto day_point = std::chrono::floor<days>(local);
  std::chrono::year_month_day ymd{day_point};
  auto rest = local - day_point;
  int64_t us = rest.count();
  Civil c;
  c.year = static_cast<int>(ymd.year());
  c.month = static_cast<unsigned>(ymd.month());
  c.day = static_cast<unsigned>(ymd.day());
  c.hour = static_cast<unsigned>(us / 3'600'000'000LL);
  c.minute = static_cast<unsigned>(us / 60'000'000LL % 60);
  c.second = static_cast<unsigned>(us / 1'000'000LL % 60);
  c.micros = us % 1'000'000LL;
  return c;
}

// Reads exactly `n` digits at `pos`; advances `pos`.
bool Digits(std::string_view s, size_t& pos, int n, int& out) {
  if (pos + n > s.size()) return false;
  out = 0;
  for (int i = 0; i < n; ++i) {
    char ch = s[pos + i];
    if (!std::isdigit(static_cast<unsigned char>(ch))) return false;
    out = out * 10 + (ch - '0');
  }
  pos += n;
  return true;
}

}  // namespace

std::string FormatIso(Timestamp t, int offset_minutes) {
  Civil c = ToCivil(t, offset_minutes);
  char buf[64];
  int n = std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02u:%02u:%02u", c.year, c.month, c.day,
                        c.hour, c.minute, c.second);
  std::string out(buf, n);
  if (c.micros != 0) {
    std::snprintf(buf, sizeof buf, ".%06lld", static_cast<long long>(c.micros));
    out += buf;
  }
  if (offset_minutes == 0) return out + "Z";
  int off = offset_minutes < 0 ? -offset_minutes : offset_minutes;
  std::snprintf(buf, sizeof buf, "%c%02d:%02d", offset_minutes < 0 ? '-' : '+', off / 60, off % 60);
  return out + buf;
}

std::string FormatShort(Timestamp t) {
  if (ToMicros(t) == 0) return "-";
  Civil c = ToCivil(t, kChinaOffsetMinutes);
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u %02u:%02u", c.year, c.month, c.day, c.hour,
                c.minute);
  return buf;
}

std::string FormatDate(Timestamp t) {
  Civil c = ToCivil(t, kChinaOffsetMinutes);
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", c.year, c.month, c.day);
  return buf;
}

std::optional<Timestamp> ParseIso(std::string_view s) {
  size_t pos = 0;
  int year, month, day, hour = 0, minute = 0, second = 0;
  int64_t micros = 0;
  if (!Digits(s, pos, 4, year) || pos >= s.size() || s[pos++] != '-' || !Digits(s, pos, 2, month) ||
      pos >= s.size() || s[pos++] != '-' || !Digits(s, pos, 2, day))
    return std::nullopt;
  std::chrono::year_month_day ymd{std::chrono::year(year), std::chrono::month(month),
                                  std::chrono::day(day)};
  if (!ymd.ok()) return std::nullopt;
  int offset_minutes = kChinaOffsetMinutes;
  if (pos < s.size()) {
    if (s[pos] != 'T' && s[pos] != ' ') return std::nullopt;
    ++pos;
    if (!Digits(s, pos, 2, hour) || pos >= s.size() || s[pos++] != ':' ||
        !Digits(s, pos, 2, minute))
      return std::nullopt;
    if (pos < s.size() && s[pos] == ':') {
      ++pos;
      if (!Digits(s, pos, 2, second)) return std::nullopt;
      if (pos < s.size() && (s[pos] == '.' || s[pos] == ',')) {
        ++pos;
        int digits = 0;
        while (pos < s.size() && std::isdigit(static_cast<unsigned char>(s[pos]))) {
          if (digits < 6) micros = micros * 10 + (s[pos] - '0');
          ++digits;
          ++pos;
        }
        if (digits == 0) return std::nullopt;
        for (int i = digits; i < 6; ++i) micros *= 10;
      }
    }
    if (hour > 23 || minute > 59 || second > 60) return std::nullopt;
    if (pos < s.size()) {
      char sign = s[pos++];
      if (sign == 'Z' || sign == 'z') {
        offset_minutes = 0;
      } else if (sign == '+' || sign == '-') {
        int oh, om = 0;
        if (!Digits(s, pos, 2, oh)) return std::nullopt;
        if (pos < s.size() && s[pos] == ':') ++pos;
        if (pos < s.size() && !Digits(s, pos, 2, om)) return std::nullopt;
        offset_minutes = (sign == '-' ? -1 : 1) * (oh * 60 + om);
      } else {
        return std::nullopt;
      }
    }
    if (pos != s.size()) return std::nullopt;
  }
  auto local = std::chrono::sys_days(ymd) + std::chrono::hours(hour) +
               std::chrono::minutes(minute) + std::chrono::seconds(second) + microseconds(micros);
  return Timestamp(std::chrono::duration_cast<microseconds>(local.time_since_epoch() -
                                                            std::chrono::minutes(offset_minutes)));
}

}  // namespace gridledger::tools
