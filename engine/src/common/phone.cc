#include "gridledger/phone.h"

namespace gridledger {

std::string NormalizePhone(std::string_view phone) {
  std::string digits;
  for (char c : phone)
    if (c >= '0' && c <= '9') digits.push_back(c);
  bool plus = phone.find_first_not_of(" \t") != std::string_view::npos &&
              phone[phone.find_first_not_of(" \t")] == '+';
  if (plus && digits.size() == 13 && digits.rfind("86", 0) == 0) return digits.substr(2);
  if (digits.size() == 15 && digits.rfind("0086", 0) == 0) return digits.substr(4);
  return digits;
}

bool IsValidMobile(std::string_view digits) {
  if (digits.size() != 11 || digits[0] != '1') return false;
  for (char c : digits)
    if (c < '0' || c > '9') return false;
  return true;
}

std::string MaskPhone(std::string_view phone) {
  std::string digits = NormalizePhone(phone);
  if (digits.size() < 7) return std::string(digits.size(), '*');
  return digits.substr(0, 3) + std::string(digits.size() - 7, '*') +
         digits.substr(digits.size() - 4);
}

}  // namespace gridledger
