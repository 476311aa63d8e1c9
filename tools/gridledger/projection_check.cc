// Placeholder until the Engine facade links: projections are not checked.
#include "projection_check.h"

#include "CLI/CLI.hpp"
#include "verify.h"

namespace gridledger::cli {

ProjectionCheck CheckProjections(const GlobalOptions&) {
  ProjectionCheck check;
  check.note = "this build has no engine read models";
  return check;
}

void RegisterRebuildCommand(CLI::App&, GlobalOptions&) {}

}  // namespace gridledger::cli
