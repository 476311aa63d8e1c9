// gridledger: the operators' command line. See docs/cli.md.
//
// Exit codes: 0 ok, 1 the command failed (message on stderr), 2 the command
// line itself is wrong (unknown flag, missing argument).
#include <iostream>

#include "CLI/CLI.hpp"
#include "build_info.h"
#include "commands.h"
#include "context.h"
#include "output.h"

int main(int argc, char** argv) {
  using namespace gridledger::cli;
  CLI::App app{
      "gridledger: operate a GridLedger (网格台账) data directory: the event log, "
      "read models, backups, Open311 and ledger exports."};
  app.name("gridledger");
  app.set_version_flag("--version", gridledger::tools::VersionText("gridledger"),
                       "print the version and the allocator in use, then exit");
  app.require_subcommand(1, 1);
  app.fallthrough();  // global options may follow the subcommand
  GlobalOptions options;
  app.add_option("-d,--data", options.data_dir,
                 "data directory (default: $GRIDLEDGER_DATA, else ./gridledger-data)");
  app.add_flag("--json", options.json, "print JSON on stdout instead of tables");
  app.add_option("--server", options.server,
                 "work through a running gridledgerd: unix:PATH, tls:HOST:PORT "
                 "(default: $GRIDLEDGER_SERVER; none: the --data directory)");
  app.add_option("--credential", options.credential,
                 "credential token for --server, or @FILE (default: $GRIDLEDGER_CREDENTIAL)");
  app.add_option("--ca", options.ca_file, "PEM CA of the server's TLS certificate");
  app.add_option("--server-name", options.server_name,
                 "name in the server's certificate (default: the address's host)");

  RegisterStoreCommands(app, options);
  RegisterAppendCommand(app, options);
  RegisterReadCommands(app, options);
  RegisterVerifyCommands(app, options);
  RegisterCaseCommands(app, options);
  RegisterMaintenanceCommands(app, options);
  RegisterInteropCommands(app, options);
  RegisterWorkerCommands(app, options);
  RegisterBenchCommand(app, options);
#ifdef GRIDLEDGER_WITH_JETSTREAM
  RegisterForwardCommands(app, options);
  RegisterCityCommands(app, options);
#endif

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e);  // prints help, or the error and a hint
    return code == 0 ? kExitOk : kExitUsage;
  } catch (const CliError& e) {
    std::cout.flush();
    std::cerr << "gridledger: error: " << e.what() << '\n';
    return e.exit_code();
  } catch (const std::exception& e) {
    std::cout.flush();
    std::cerr << "gridledger: error: " << e.what() << '\n';
    return kExitFailure;
  }
  return kExitOk;
}
