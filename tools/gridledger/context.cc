#include "context.h"

#include <cstdlib>
#include <filesystem>
#include <iostream>

#include "output.h"
#include "remote_context.h"

namespace gridledger::cli {

std::string ResolveDataDir(const GlobalOptions& options) {
  if (!options.data_dir.empty()) return options.data_dir;
  if (const char* env = std::getenv("GRIDLEDGER_DATA"); env && *env) return env;
  return "./gridledger-data";
}

void RequireStore(const std::string& dir) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (!fs::exists(dir, ec))
    throw CliError("no data directory at " + dir + ": create one with `gridledger init " + dir +
                   "`, or point --data (or $GRIDLEDGER_DATA) at an existing one");
  if (!fs::is_directory(dir, ec))
    throw CliError(dir + " is not a directory: pass --data DIR naming a data directory");
  if (!fs::exists(fs::path(dir) / "CURRENT", ec))
    throw CliError(dir +
                   " is not a GridLedger data directory (no store inside): "
                   "run `gridledger init " +
                   dir + "` to create one");
}

void ThrowIfError(const Status& status, const std::string& context, const std::string& dir) {
  if (status.ok()) return;
  std::string where = dir.empty() ? std::string("the data directory") : dir;
  switch (status.code()) {
    case StatusCode::kUnavailable:
      throw CliError(context + ": " + where +
                     " is in use by another process (a kiosk or another gridledger "
                     "command holds its lock); stop that process or work on a "
                     "backup copy (" +
                     status.message() + ")");
    case StatusCode::kCorruption:
      throw CliError(context + ": stored data is damaged: " + status.message() +
                     "; run `gridledger verify` for details and restore from a backup");
    case StatusCode::kIOError:
      throw CliError(context + ": the file system failed: " + status.message() +
                     "; check free disk space and permissions");
    case StatusCode::kConflict:
      throw CliError(context + ": " + status.message() +
                     "; read the stream again and retry with the right --expected");
    default:
      throw CliError(context + ": " + status.ToString());
  }
}

std::unique_ptr<EventLog> OpenLogOrThrow(const GlobalOptions& options, Access access) {
  if (UsesServer(options)) return RemoteLogOrThrow(options);
  std::string dir = ResolveDataDir(options);
  RequireStore(dir);
  LogOptions log_options;
  log_options.create_if_missing = false;
  log_options.read_only = access == Access::kReadOnly;
  return ValueOrThrow(EventLog::Open(dir, log_options), "cannot open " + dir, dir);
}

std::string DumpJson(const Json& value, int indent) {
  // Stored bytes are not always UTF-8 (events written before the engine
  // checked identifiers): replace what is not, never throw.
  return value.dump(indent, ' ', false, Json::error_handler_t::replace);
}

void PrintJson(const Json& value) { std::cout << DumpJson(value, 2) << '\n'; }

}  // namespace gridledger::cli
