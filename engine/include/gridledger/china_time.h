// China Standard Time (UTC+8, no daylight saving), the zone every street
// office works in: the one home of the offset for the engine's working
// calendar and case numbers, the kiosk's words and the tools' times.
#pragma once

#include <chrono>

#include "gridledger/types.h"

namespace gridledger {

inline constexpr std::chrono::hours kChinaUtcOffset{8};

// The wall-clock time in China at `t`, as a time point whose "UTC" fields
// read as China's local date and time (for floor<days>, year_month_day,
// hh_mm_ss).
inline Timestamp ChinaWallClock(Timestamp t) { return t + kChinaUtcOffset; }
// The instant at which China's wall clock reads `wall`.
inline Timestamp FromChinaWallClock(Timestamp wall) { return wall - kChinaUtcOffset; }

}  // namespace gridledger
