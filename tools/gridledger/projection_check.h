// Checking read models against a recomputation from the log.
#pragma once

#include <string>

#include "context.h"

namespace gridledger::cli {

struct ProjectionCheck {
  bool checked = false;        // false when projections could not be checked
  std::string note;            // why not, when !checked
  std::string first_mismatch;  // empty when equal
  bool ok() const { return first_mismatch.empty(); }
};

// Opens the engine, dumps its read models, rebuilds them from the log and
// compares the dumps; names the first differing line.
ProjectionCheck CheckProjections(const GlobalOptions& options);

}  // namespace gridledger::cli
