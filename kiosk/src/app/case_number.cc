#include "app/case_number.h"

namespace gridledger::kiosk {
namespace {
constexpr std::string_view kPrefix = "case-";
}

std::string DisplayCaseNumber(std::string_view id) {
  if (id.substr(0, kPrefix.size()) == kPrefix) id.remove_prefix(kPrefix.size());
  return std::string(id);
}

std::string CaseIdFromDisplay(std::string_view typed) {
  if (typed.substr(0, kPrefix.size()) == kPrefix) return std::string(typed);
  return std::string(kPrefix) + std::string(typed);
}

std::string NormalizeTypedCaseNumber(std::string_view typed) {
  std::string out;
  for (char c : typed) {
    if (c == '-') {
      if (out.empty() || out.back() == '-' || out.find('-') != std::string::npos) continue;
    } else if (out.size() == 8 && out.find('-') == std::string::npos) {
      out += '-';
    }
    out += c;
  }
  return out;
}

}  // namespace gridledger::kiosk
