// Working time on China Standard Time (UTC+8, no daylight saving).
#include <cstdio>

#include "gridledger/catalogue.h"
#include "gridledger/china_time.h"

namespace gridledger {

namespace {
using std::chrono::days;
using std::chrono::hours;
using std::chrono::minutes;
using Micros = std::chrono::microseconds;

constexpr auto kUtcOffset = kChinaUtcOffset;
// Working periods of a day, as minutes after local midnight.
constexpr int kPeriods[2][2] = {{8 * 60 + 30, 12 * 60}, {13 * 60 + 30, 17 * 60 + 30}};

// Local day number and the local midnight (as UTC Timestamp) of `t`.
std::chrono::sys_days LocalDay(Timestamp t) { return std::chrono::floor<days>(t + kUtcOffset); }
Timestamp MidnightUtc(std::chrono::sys_days d) {
  return Timestamp(std::chrono::duration_cast<Micros>(d.time_since_epoch() - kUtcOffset));
}
std::string DateText(std::chrono::sys_days d) {
  std::chrono::year_month_day ymd(d);
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
  return buf;
}
}  // namespace

void WorkCalendar::AddHoliday(std::string date) { holidays_.insert(std::move(date)); }
void WorkCalendar::AddWorkday(std::string date) { workdays_.insert(std::move(date)); }

WorkCalendar WorkCalendar::China2026() {
  WorkCalendar c;
  // 2026 public holidays (State Council schedule) and make-up working days.
  for (const char* d :
       {"2026-01-01", "2026-01-02", "2026-01-03", "2026-02-15", "2026-02-16", "2026-02-17",
        "2026-02-18", "2026-02-19", "2026-02-20", "2026-02-21", "2026-02-22", "2026-02-23",
        "2026-04-04", "2026-04-05", "2026-04-06", "2026-05-01", "2026-05-02", "2026-05-03",
        "2026-05-04", "2026-05-05", "2026-06-19", "2026-06-20", "2026-06-21", "2026-09-25",
        "2026-09-26", "2026-09-27", "2026-10-01", "2026-10-02", "2026-10-03", "2026-10-04",
        "2026-10-05", "2026-10-06", "2026-10-07"})
    c.AddHoliday(d);
  for (const char* d :
       {"2026-01-04", "2026-02-14", "2026-02-28", "2026-05-09", "2026-09-20", "2026-10-10"})
    c.AddWorkday(d);
  return c;
}

bool WorkCalendar::IsWorkingDay(Timestamp t) const {
  auto day = LocalDay(t);
  std::string date = DateText(day);
  if (workdays_.count(date)) return true;
  if (holidays_.count(date)) return false;
  std::chrono::weekday wd(day);
  return wd != std::chrono::Saturday && wd != std::chrono::Sunday;
}

Timestamp WorkCalendar::AddTime(Timestamp start, SlaUnit unit, uint32_t amount) const {
  if (unit == SlaUnit::kCalendarHours) return start + hours(amount);
  if (unit == SlaUnit::kWorkingDays) {
    // Due at the end of the `amount`-th working day after the start day.
    auto day = LocalDay(start);
    uint32_t counted = 0;
    for (int guard = 0; counted < amount && guard < 3660; ++guard) {
      day += days(1);
      if (IsWorkingDay(MidnightUtc(day) + hours(12))) ++counted;
    }
    return MidnightUtc(day) + minutes(kPeriods[1][1]);
  }
  // Working hours: walk the working periods.
  Micros remaining = hours(amount);
  auto day = LocalDay(start);
  Timestamp cursor = start;
  for (int guard = 0; guard < 3660; ++guard, day += days(1)) {
    Timestamp midnight = MidnightUtc(day);
    if (!IsWorkingDay(midnight + hours(12))) continue;
    for (const auto& p : kPeriods) {
      Timestamp open = midnight + minutes(p[0]);
      Timestamp close = midnight + minutes(p[1]);
      Timestamp from = std::max(cursor, open);
      if (from >= close) continue;
      Micros available = close - from;
      if (available >= remaining) return from + remaining;
      remaining -= available;
    }
  }
  return cursor + remaining;
}

Timestamp WorkCalendar::WarnAt(Timestamp start, Timestamp deadline) {
  auto span = deadline - start;
  Timestamp at = start + span * 4 / 5;
  Timestamp latest = deadline - hours(1);
  if (at > latest) at = latest;
  return at < start ? start : at;
}

}  // namespace gridledger
