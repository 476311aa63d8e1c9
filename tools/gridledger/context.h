// What every subcommand shares: the global options and how to open the
// data directory with errors a person can act on.
#pragma once

#include <memory>
#include <string>

#include "gridledger/event_log.h"
#include "gridledger/status.h"
#include "nlohmann/json.hpp"

namespace gridledger::cli {

// Ordered so that printed JSON keeps the documented field order.
using Json = nlohmann::ordered_json;

struct GlobalOptions {
  // --data DIR; empty means $GRIDLEDGER_DATA or ./gridledger-data.
  std::string data_dir;
  // --json: machine-readable output on stdout instead of tables.
  bool json = false;
  // --server ADDRESS: work through a running gridledgerd instead of the
  // data directory (remote_context.h). "" = $GRIDLEDGER_SERVER, else local.
  std::string server;
  // --credential TOKEN or @FILE; "" = $GRIDLEDGER_CREDENTIAL.
  std::string credential;
  // --ca FILE: the CA of the server's TLS certificate.
  std::string ca_file;
  // --server-name NAME: the name the server's certificate carries.
  std::string server_name;
};

// The data directory the options designate (never empty).
std::string ResolveDataDir(const GlobalOptions& options);

// Throws CliError naming the directory and how to create it when `dir`
// does not hold a GridLedger store.
void RequireStore(const std::string& dir);

// How a command uses the store. Read-only commands open it without writing
// anything (LogOptions::read_only): they work beside a running writer and
// never change a directory they were pointed at by mistake.
enum class Access { kReadWrite, kReadOnly };

// Opens the existing log in the data directory. Throws CliError when the
// directory is missing, not a GridLedger store, in use by another process
// (read-write only), or damaged.
std::unique_ptr<EventLog> OpenLogOrThrow(const GlobalOptions& options,
                                         Access access = Access::kReadWrite);

// `value` as JSON text; bytes that are not UTF-8 become U+FFFD (never throws).
std::string DumpJson(const Json& value, int indent = -1);

// Throws CliError("<context>: <plain explanation of status>") unless ok.
// kUnavailable becomes an "in use by another process" message.
void ThrowIfError(const Status& status, const std::string& context, const std::string& dir = {});

template <typename T>
T ValueOrThrow(Result<T> result, const std::string& context, const std::string& dir = {}) {
  if (!result.ok()) ThrowIfError(result.status(), context, dir);
  return std::move(result).value();
}

// Prints `value` as indented JSON with a trailing newline.
void PrintJson(const Json& value);

}  // namespace gridledger::cli
