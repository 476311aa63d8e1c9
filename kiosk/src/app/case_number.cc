#include "app/case_number.h"

#include <vector>

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
  // The groups before the day's sequence: a year never starts a district
  // code (gridledger/case_number.h), so "20..." is a number without a
  // partition (date, sequence) and anything else one with (district,
  // date, sequence).
  std::string digits;
  for (char c : typed)
    if (c >= '0' && c <= '9') digits += c;
  const bool partitioned = digits.size() >= 2 && digits.compare(0, 2, "20") != 0;
  const std::vector<size_t> groups =
      partitioned ? std::vector<size_t>{6, 8} : std::vector<size_t>{8};
  std::string out;
  size_t group = 0, in_group = 0;  // the group being typed, its digits so far
  for (char c : typed) {
    if (c != '-' && (c < '0' || c > '9')) continue;
    if (group < groups.size() && in_group == groups[group]) {  // a group ends here
      out += '-';
      ++group;
      in_group = 0;
      if (c == '-') continue;
    } else if (c == '-') {
      continue;  // a dash only where a group ends, and only once
    }
    out += c;
    ++in_group;
  }
  return out;
}

}  // namespace gridledger::kiosk
