// The ledger (台账) as CSV for Excel and as JSON.
#pragma once

#include <string>
#include <vector>

#include "gridledger/read_models.h"

namespace gridledger::cli {

// RFC 4180 CSV: UTF-8 with a byte order mark (so Excel detects UTF-8),
// CRLF line ends, Chinese headers, every cell quoted when it holds a comma,
// quote or line break. Cells a spreadsheet would run as a formula (leading
// = + - @) get a leading apostrophe.
std::string LedgerCsv(const std::vector<LedgerEntry>& entries);

// Quotes one CSV cell as above.
std::string CsvCell(const std::string& value);

}  // namespace gridledger::cli
