// Mainland mobile numbers as the kiosk handles them.
#pragma once

#include <string>
#include <string_view>

namespace gridledger::kiosk {

inline constexpr size_t kPhoneDigits = 11;

// True for 11 digits starting with 1.
bool IsValidMobile(std::string_view digits);
// Groups digits 3-4-4 for display while typing: "138 1234 5678".
std::string GroupPhoneDigits(std::string_view digits);
// "13812345678" -> "138****5678": gridledger::MaskPhone.
std::string MaskMobile(std::string_view digits);

}  // namespace gridledger::kiosk
