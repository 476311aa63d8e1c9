// Mainland mobile numbers as the kiosk handles them.
#pragma once

#include <string>
#include <string_view>

#include "gridledger/phone.h"  // IsValidMobile, MaskPhone: the engine's rules

namespace gridledger::kiosk {

inline constexpr size_t kPhoneDigits = 11;

// Groups digits 3-4-4 for display while typing: "138 1234 5678".
std::string GroupPhoneDigits(std::string_view digits);

}  // namespace gridledger::kiosk
