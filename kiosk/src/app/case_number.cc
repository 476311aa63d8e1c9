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

}  // namespace gridledger::kiosk
