#include "verify.h"

#include <iostream>

#include "output.h"
#include "projection_check.h"
#include "remote_context.h"

namespace gridledger::cli {

VerifyReport VerifyChain(const EventLog& log) {
  ProgressBar bar("verify log");
  auto report = ValueOrThrow(
      log.Verify([&](Position done, Position total) { bar.Update(done.value, total.value); }),
      "the verification could not run");
  bar.Finish();
  return report;
}

void RunVerify(const GlobalOptions& options, bool log_only) {
  VerifyReport chain;
  {
    auto log = OpenLogOrThrow(options, Access::kReadOnly);
    chain = VerifyChain(*log);
  }
  Json out = {{"events", chain.events_checked},
              {"lastPosition", chain.last_position.value},
              {"chainOk", chain.ok()}};
  if (!chain.ok()) {
    uint64_t bad = chain.first_bad_position.value_or(Position{}).value;
    out["firstBadPosition"] = bad;
    out["problem"] = chain.problem;
    if (options.json) PrintJson(out);
    throw CliError("the log does not verify: first bad position " + std::to_string(bad) + ": " +
                   chain.problem +
                   "; restore the data directory from a backup (gridledger restore)");
  }
  ProjectionCheck projections;
  if (!log_only && UsesServer(options))
    projections.note =
        "a server's read models are recomputed from a copy: `gridledger backup DIR` then "
        "`gridledger --data DIR verify`";
  else if (!log_only)
    projections = CheckProjections(options);
  if (projections.checked) {
    out["projectionsOk"] = projections.ok();
    if (!projections.ok()) out["projectionMismatch"] = projections.first_mismatch;
  }
  if (options.json) {
    PrintJson(out);
  } else {
    std::cout << "hash chain: ok (" << chain.events_checked << " events, last position "
              << chain.last_position.value << ")\n";
    if (projections.checked && projections.ok())
      std::cout << "projections: ok (equal to a rebuild from the log)\n";
    else if (!projections.checked && !log_only)
      std::cout << "projections: not checked (" << projections.note << ")\n";
  }
  if (projections.checked && !projections.ok())
    throw CliError("projections differ from a recomputation from the log: " +
                   projections.first_mismatch + "; run `gridledger rebuild` to recompute them");
}

}  // namespace gridledger::cli
