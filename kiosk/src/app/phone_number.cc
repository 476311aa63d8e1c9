#include "app/phone_number.h"

namespace gridledger::kiosk {

std::string GroupPhoneDigits(std::string_view d) {
  std::string out;
  for (size_t i = 0; i < d.size(); ++i) {
    if (i == 3 || i == 7) out += ' ';
    out += d[i];
  }
  return out;
}

}  // namespace gridledger::kiosk
