// How case ids are shown to and typed by residents. Engine ids look like
// "case-411302-20261123-0042" (or "case-20261123-0042" in a store without a
// partition, gridledger/case_number.h); residents see and type
// "411302-20261123-0042" (digits and dashes, so a 12-key pad with a dash key
// is enough).
#pragma once

#include <string>
#include <string_view>

namespace gridledger::kiosk {

std::string DisplayCaseNumber(std::string_view case_id);
std::string CaseIdFromDisplay(std::string_view typed);
// While typing on the keypad: the dashes after the 6-digit district and the
// 8-digit date are put in automatically ("4113022" -> "411302-2",
// "202611230" -> "20261123-0"), and a dash anywhere else is dropped.
std::string NormalizeTypedCaseNumber(std::string_view typed);

}  // namespace gridledger::kiosk
