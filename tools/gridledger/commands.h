// Registration of every subcommand on the root CLI11 app. Each Register*
// adds its subcommands with their options and a callback that runs the
// command, throwing CliError on failure (main.cc maps it to the exit code).
// `options` outlives parsing; callbacks read it when they run.
#pragma once

#include "CLI/CLI.hpp"
#include "context.h"

namespace gridledger::cli {

void RegisterStoreCommands(CLI::App& app,
                           GlobalOptions& options);  // init info backup restore compact
void RegisterAppendCommand(CLI::App& app, GlobalOptions& options);   // append
void RegisterReadCommands(CLI::App& app, GlobalOptions& options);    // read tail
void RegisterVerifyCommands(CLI::App& app, GlobalOptions& options);  // verify rebuild
void RegisterCaseCommands(CLI::App& app, GlobalOptions& options);  // show cases queue ledger stats
void RegisterMaintenanceCommands(CLI::App& app, GlobalOptions& options);  // erase-person simulate
void RegisterInteropCommands(CLI::App& app, GlobalOptions& options);      // export import
// case VERB, work KIND, credentials (worker_commands.cc)
void RegisterWorkerCommands(CLI::App& app, GlobalOptions& options);
// forward status (forward_commands.cc; built with the JetStream sink)
void RegisterForwardCommands(CLI::App& app, GlobalOptions& options);
// city stats|show|queue|ledger (city_commands.cc; built with the JetStream sink)
void RegisterCityCommands(CLI::App& app, GlobalOptions& options);
// bench: the load generator (bench_command.cc)
void RegisterBenchCommand(CLI::App& app, GlobalOptions& options);
// `show CASE` as a command runs it (case_commands.cc); `city show` runs it on
// the replica of the case's partition.
void RunCaseShow(const GlobalOptions& options, const std::string& case_id);
// `export ledger`, added under the `export` subcommand (ledger_export.cc).
void RegisterLedgerExport(CLI::App& export_cmd, GlobalOptions& options);

}  // namespace gridledger::cli
