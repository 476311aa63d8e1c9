// Verification of a data directory (used by `verify`).
#pragma once

#include <string>

#include "CLI/CLI.hpp"
#include "context.h"
#include "gridledger/event_log.h"

namespace gridledger::cli {

// Checks the hash chain; returns a report (never throws for a bad chain).
VerifyReport VerifyChain(const EventLog& log);

// The `verify` command: chain, then (unless log_only) projections. Prints a
// report; throws CliError (exit 1) naming the first problem.
void RunVerify(const GlobalOptions& options, bool log_only);

// `rebuild`: registered by the engine-backed code (engine_commands.cc).
void RegisterRebuildCommand(CLI::App& app, GlobalOptions& options);

}  // namespace gridledger::cli
