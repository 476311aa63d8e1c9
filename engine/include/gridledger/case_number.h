// Case numbers as GridLedger makes, reads and routes them: the one home of
// the format for the engine, the kiosk, the command line, Open311 and the
// city consumers.
//
//   case-411302-20261201-0001   partitioned: district (the partition, 6
//                               digits, GB/T 2260), the day it was filed
//                               (China time), the day's sequence (4 or
//                               more digits)
//   case-20261201-0001          a store without a partition (every store
//                               written before partitions were named)
//
// A partitioned case number alone tells a city platform which partition
// (which gridledgerd, which JetStream stream) holds the case.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "gridledger/export.h"

namespace gridledger {

struct CaseNumber {
  std::string partition;  // 6 digits; empty for an unpartitioned number
  std::string date;       // YYYYMMDD
  uint32_t sequence = 0;  // >= 1
};

// True for a 6-digit district code whose first two digits are a province
// of GB/T 2260 (11-15, 21-23, 31-37, 41-46, 50-54, 61-65, 71, 81, 82: never
// "20", so a partition is never mistaken for a year).
GRIDLEDGER_EXPORT bool IsValidPartition(std::string_view partition);

// "case-<partition>-<date>-<sequence as at least 4 digits>", or without the
// partition when it is empty. REQUIRES: a valid partition or none, an
// 8-digit date, sequence >= 1.
GRIDLEDGER_EXPORT std::string FormatCaseNumber(const CaseNumber& number);

// The parts of a case id of either form; nullopt for anything else.
GRIDLEDGER_EXPORT std::optional<CaseNumber> ParseCaseNumber(std::string_view case_id);

}  // namespace gridledger
