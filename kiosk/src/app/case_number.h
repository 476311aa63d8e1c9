// How case ids are shown to and typed by residents. Engine ids look like
// "case-20261123-000042"; residents see and type "20261123-000042" (digits
// and a dash, so a 12-key pad with a dash key is enough).
#pragma once

#include <string>
#include <string_view>

namespace gridledger::kiosk {

std::string DisplayCaseNumber(std::string_view case_id);
std::string CaseIdFromDisplay(std::string_view typed);
// While typing on the keypad: the dash after the 8-digit date is put in
// automatically ("202611230" -> "20261123-0"), and a second dash is dropped.
std::string NormalizeTypedCaseNumber(std::string_view typed);

}  // namespace gridledger::kiosk
