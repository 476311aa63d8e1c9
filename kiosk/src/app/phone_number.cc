#include "app/phone_number.h"

#include "gridledger/engine.h"

namespace gridledger::kiosk {

bool IsValidMobile(std::string_view d) {
  if (d.size() != kPhoneDigits || d[0] != '1') return false;
  for (char c : d)
    if (c < '0' || c > '9') return false;
  return true;
}

std::string GroupPhoneDigits(std::string_view d) {
  std::string out;
  for (size_t i = 0; i < d.size(); ++i) {
    if (i == 3 || i == 7) out += ' ';
    out += d[i];
  }
  return out;
}

std::string MaskMobile(std::string_view d) { return MaskPhone(d); }

}  // namespace gridledger::kiosk
