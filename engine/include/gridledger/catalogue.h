// The service catalogue (categories of request) and the working calendar
// that deadlines are counted on.
#pragma once

#include <array>
#include <chrono>
#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>
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

// What a category files: a request (诉求, also complaints and reports), a
// micro-wish (微心愿), or an inquiry (咨询; filed as a request). A
// ServiceCategory keeps it by name ("request", "microWish", "inquiry"), as
// the wire carries it; code compares the enum (CategoryKindOf).
enum class CategoryKind : uint8_t { kRequest, kMicroWish, kInquiry };
inline constexpr std::array<std::string_view, 3> kCategoryKindNames = {"request", "microWish",
                                                                       "inquiry"};
GRIDLEDGER_EXPORT std::string_view CategoryKindName(CategoryKind kind);
// The kind of that name; nullopt when it is none.
GRIDLEDGER_EXPORT std::optional<CategoryKind> ParseCategoryKind(std::string_view name);

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
  // The name of its CategoryKind. Default: "request"
  std::string kind = "request";
};

// The kind `category.kind` names; kRequest for a name that is none.
GRIDLEDGER_EXPORT CategoryKind CategoryKindOf(const ServiceCategory& category);

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
