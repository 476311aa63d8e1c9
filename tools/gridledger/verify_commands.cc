// verify: the hash chain of the log (EventLog::Verify). Exit 1 naming the
// first bad position when anything is wrong.
#include <iostream>
#include <memory>

#include "commands.h"
#include "output.h"
#include "verify.h"

namespace gridledger::cli {

void RegisterVerifyCommands(CLI::App& app, GlobalOptions& options) {
  auto* verify = app.add_subcommand(
      "verify",
      "check the hash chain and every projection against a recomputation; exit 1 on any mismatch");
  auto log_only = std::make_shared<bool>(false);
  verify->add_flag("--log-only", *log_only, "check only the hash chain, not the projections");
  verify->callback([&options, log_only] { RunVerify(options, *log_only); });
  RegisterRebuildCommand(app, options);
}

}  // namespace gridledger::cli
