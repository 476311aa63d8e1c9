#include "gridledger/case_number.h"

#include <cstdio>

namespace gridledger {
namespace {

constexpr std::string_view kPrefix = "case-";

bool AllDigits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return true;
}

}  // namespace

bool IsValidPartition(std::string_view partition) {
  if (partition.size() != 6 || !AllDigits(partition)) return false;
  // GB/T 2260's provinces: 11-15, 21-23, 31-37, 41-46, 50-54, 61-65, 71, 81, 82.
  int province = (partition[0] - '0') * 10 + (partition[1] - '0');
  int region = province / 10, number = province % 10;
  static constexpr int kLast[] = {-1, 5, 3, 7, 6, 4, 5, 1, 2};  // last number per region 1-8
  if (region < 1 || region > 8 || number > kLast[region]) return false;
  return number >= (region == 5 ? 0 : 1);
}

std::string FormatCaseNumber(const CaseNumber& number) {
  char sequence[16];
  std::snprintf(sequence, sizeof sequence, "%04u", number.sequence);
  std::string id(kPrefix);
  if (!number.partition.empty()) id += number.partition + "-";
  return id + number.date + "-" + sequence;
}

std::optional<CaseNumber> ParseCaseNumber(std::string_view id) {
  if (id.substr(0, kPrefix.size()) != kPrefix) return std::nullopt;
  id.remove_prefix(kPrefix.size());
  CaseNumber number;
  if (id.size() > 7 && id[6] == '-' && IsValidPartition(id.substr(0, 6))) {
    number.partition = std::string(id.substr(0, 6));
    id.remove_prefix(7);
  }
  if (id.size() < 10 || id[8] != '-') return std::nullopt;
  std::string_view date = id.substr(0, 8), sequence = id.substr(9);
  if (!AllDigits(date) || !AllDigits(sequence) || sequence.size() > 9) return std::nullopt;
  number.date = std::string(date);
  for (char c : sequence) number.sequence = number.sequence * 10 + static_cast<uint32_t>(c - '0');
  if (number.sequence == 0) return std::nullopt;
  return number;
}

}  // namespace gridledger
