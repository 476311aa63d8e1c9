// ISO 8601 times as the tools (command line, Open311) print and accept them.
//
// Output is always in China Standard Time (+08:00), the zone GridLedger's
// offices work in, e.g. "2026-11-23T13:19:48+08:00"; sub-second digits are
// printed only when the time has them, so that Format -> Parse is lossless.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "gridledger/china_time.h"
#include "gridledger/types.h"

namespace gridledger::tools {

// Minutes east of UTC used for every printed time (China Standard Time).
inline constexpr int kChinaOffsetMinutes =
    std::chrono::duration_cast<std::chrono::minutes>(kChinaUtcOffset).count();

// "2026-11-23T13:19:48+08:00" (with ".123456" when the time has micros).
std::string FormatIso(Timestamp t, int offset_minutes = kChinaOffsetMinutes);
// "2026-11-23 13:19" for tables; "-" for the epoch (meaning "unset").
std::string FormatShort(Timestamp t);
// "2026-11-23" in China Standard Time.
std::string FormatDate(Timestamp t);

// Parses "YYYY-MM-DD", "YYYY-MM-DDThh:mm[:ss[.ffffff]]" with "Z", "+hh:mm",
// "+hhmm" or no zone (then China Standard Time), and a space instead of 'T'.
// A bare date is midnight at its start. nullopt when malformed.
std::optional<Timestamp> ParseIso(std::string_view text);

}  // namespace gridledger::tools
