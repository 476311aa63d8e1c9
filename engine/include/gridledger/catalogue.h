// The service catalogue (categories of request) and the working calendar
// that deadlines are counted on.
#pragma once

#include <chrono>
#include <cstdint>
#include <set>
#include <string>
#include <vector>

#include "gridledger/event_payloads.h"
#include "gridledger/export.h"
#include "gridledger/types.h"

namespace gridledger {

// How a time limit is counted.
enum class SlaUnit : uint8_t {
  kCalendarHours,  // wall-clock hours (emergencies, utilities)
  kWorkingHours,   // hours inside working time (08:30-12:00, 13:30-17:30)
  kWorkingDays,    // whole working days; due at the end of the last one
};

struct ServiceCategory {
  std::string code;     // stable service code, e.g. "sewer"
  std::string name_zh;  // 下水道堵塞
  std::string name_en;  // Blocked sewer
  Priority priority = Priority::kNormal;
  SlaUnit unit = SlaUnit::kWorkingDays;
  uint32_t limit = 7;  // in `unit`
  // Short phrases a resident can tap instead of typing (Chinese).
  std::vector<std::string> phrases_zh;
  std::vector<std::string> phrases_en;
  std::string kind = "request";  // "request" | "microWish" | "inquiry"
};

// The default catalogue, seeded from the local time limits in DOMAIN.md.
GRIDLEDGER_EXPORT const std::vector<ServiceCategory>& DefaultCatalogue();
// The category with `code`, or null.
GRIDLEDGER_EXPORT const ServiceCategory* FindCategory(std::string_view code);

// Working time in China Standard Time (UTC+8): Monday-Friday, 08:30-12:00 and
// 13:30-17:30, except configured holidays; configured make-up working days
// (调休) on weekends count as working days.
class GRIDLEDGER_EXPORT WorkCalendar {
 public:
  // Dates are local "YYYY-MM-DD".
  void AddHoliday(std::string date);
  void AddWorkday(std::string date);
  // The calendar with 2026's national holidays and make-up days.
  static WorkCalendar China2026();

  bool IsWorkingDay(Timestamp t) const;
  // Deadline for a limit starting at `start`.
  Timestamp AddTime(Timestamp start, SlaUnit unit, uint32_t amount) const;
  // When the "deadline approaching" warning falls: 80% of the way from
  // `start` to `deadline` in wall time, never later than deadline - 1 h.
  static Timestamp WarnAt(Timestamp start, Timestamp deadline);

 private:
  std::set<std::string> holidays_;
  std::set<std::string> workdays_;
};

}  // namespace gridledger
