// Phone numbers as GridLedger reads, checks and shows them: the one home of
// these rules for the engine, the kiosk, the command line and the Open311
// endpoint.
#pragma once

#include <string>
#include <string_view>

#include "gridledger/export.h"

namespace gridledger {

// The number's digits: separators dropped ("138 1234-5678" ->
// "13812345678"), and a leading China country code (+86, 0086) dropped
// from a mobile number ("+86 138 1234 5678" -> "13812345678").
GRIDLEDGER_EXPORT std::string NormalizePhone(std::string_view phone);

// An 11-digit mainland mobile number (starts with 1). REQUIRES: normalised.
GRIDLEDGER_EXPORT bool IsValidMobile(std::string_view digits);

// Masks a phone number for display: "13812345678" -> "138****5678"; fewer
// than 7 digits are all masked.
GRIDLEDGER_EXPORT std::string MaskPhone(std::string_view phone);

}  // namespace gridledger
