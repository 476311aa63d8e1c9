#include <gtest/gtest.h>

#include "gridledger/catalogue.h"

namespace gridledger {
namespace {

using std::chrono::hours;
using std::chrono::minutes;

// Local (UTC+8) time on a date, as a UTC Timestamp.
Timestamp Local(int y, unsigned m, unsigned d, int h, int min = 0) {
  return Timestamp(std::chrono::sys_days(std::chrono::year{y} / m / d).time_since_epoch() +
                   hours(h - 8) + minutes(min));
}

TEST(WorkCalendar, WeekendsAndHolidaysAreNotWorkingDays) {
  auto c = WorkCalendar::China2026();
  EXPECT_TRUE(c.IsWorkingDay(Local(2026, 11, 23, 10)));   // Monday
  EXPECT_FALSE(c.IsWorkingDay(Local(2026, 11, 28, 10)));  // Saturday
  EXPECT_FALSE(c.IsWorkingDay(Local(2026, 10, 1, 10)));   // National Day
  EXPECT_TRUE(c.IsWorkingDay(Local(2026, 10, 10, 10)));   // make-up Saturday
}

TEST(WorkCalendar, CalendarHoursIgnoreWorkingTime) {
  auto c = WorkCalendar::China2026();
  EXPECT_EQ(c.AddTime(Local(2026, 11, 27, 16), SlaUnit::kCalendarHours, 24),
            Local(2026, 11, 28, 16));
}

TEST(WorkCalendar, WorkingHoursSkipLunchNightsAndWeekends) {
  auto c = WorkCalendar::China2026();
  // Friday 16:30 + 4 working hours: 1 h Friday, then Monday 08:30 + 3 h = 11:30.
  EXPECT_EQ(c.AddTime(Local(2026, 11, 27, 16, 30), SlaUnit::kWorkingHours, 4),
            Local(2026, 11, 30, 11, 30));
  // Monday 11:00 + 2 h: 1 h before lunch, 1 h after 13:30 -> 14:30.
  EXPECT_EQ(c.AddTime(Local(2026, 11, 23, 11), SlaUnit::kWorkingHours, 2),
            Local(2026, 11, 23, 14, 30));
}

TEST(WorkCalendar, WorkingDaysEndAtCloseOfTheLastDay) {
  auto c = WorkCalendar::China2026();
  // Thursday + 3 working days -> Friday, Monday, Tuesday: Tuesday 17:30.
  EXPECT_EQ(c.AddTime(Local(2026, 11, 26, 10), SlaUnit::kWorkingDays, 3),
            Local(2026, 12, 1, 17, 30));
  // Across National Day: 2026-09-30 + 1 working day -> 2026-10-08.
  EXPECT_EQ(c.AddTime(Local(2026, 9, 30, 10), SlaUnit::kWorkingDays, 1),
            Local(2026, 10, 8, 17, 30));
}

TEST(WorkCalendar, WarningComesBeforeTheDeadline) {
  Timestamp start = Local(2026, 11, 23, 9);
  Timestamp deadline = start + hours(24);
  Timestamp warn = WorkCalendar::WarnAt(start, deadline);
  EXPECT_LT(warn, deadline);
  EXPECT_GT(warn, start);
  EXPECT_LE(warn, deadline - hours(1));
}

TEST(Catalogue, SeedsTheLocalTimeLimits) {
  EXPECT_EQ(FindCategory("utilities")->limit, 24u);
  EXPECT_EQ(FindCategory("utilities")->unit, SlaUnit::kCalendarHours);
  EXPECT_EQ(FindCategory("facilities")->limit, 7u);
  EXPECT_EQ(FindCategory("property")->limit, 15u);
  EXPECT_EQ(FindCategory("inquiry")->unit, SlaUnit::kWorkingDays);
  EXPECT_EQ(FindCategory("inquiry")->limit, 3u);
  EXPECT_EQ(FindCategory("complaint")->limit, 13u);
  EXPECT_EQ(FindCategory("sanitation")->unit, SlaUnit::kWorkingHours);
  EXPECT_EQ(FindCategory("sanitation")->limit, 4u);
  EXPECT_EQ(FindCategory("nope"), nullptr);
  for (const auto& c : DefaultCatalogue()) {
    EXPECT_FALSE(c.name_zh.empty());
    EXPECT_EQ(c.phrases_zh.size(), c.phrases_en.size()) << c.code;
  }
}

}  // namespace
}  // namespace gridledger
