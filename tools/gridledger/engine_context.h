// Opening the Engine facade for the commands that need read models, and the
// filters those commands share.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "CLI/CLI.hpp"
#include "context.h"
#include "gridledger/engine.h"

namespace gridledger::cli {

// The actor the command line acts as: a system job with office-wide read
// rights (the engine's authorization decides what it may do).
Actor CliActor();

// Opens the Engine on the existing data directory (catching read models up
// with the log). Throws CliError like OpenLogOrThrow.
// `engine_options`: what to open with besides the directory and access
// (defaults when null).
std::unique_ptr<Engine> OpenEngineOrThrow(const GlobalOptions& options,
                                          Access access = Access::kReadWrite,
                                          const EngineOptions* engine_options = nullptr);

// --grid / --community / --state / --from / --to, registered on a command.
struct Filters {
  std::string grid;
  std::string community;
  std::string street;
  std::string state;
  std::string from;
  std::string to;

  void Register(CLI::App* cmd, bool with_state = true, bool with_time = true);
  // The scope code for engine queries: the grid, else the community, else
  // the street, else "" (everything). Throws CliError (usage) when they
  // contradict.
  std::string Scope() const;
  // [from, to): --from at its start, --to through its end when a bare date.
  // Defaults: the epoch and far in the future.
  Timestamp From() const;
  Timestamp To() const;
  // True when `state` passes --state ("open" matches every unfinished state).
  bool Matches(CaseState state) const;
  // Validates --state; throws CliError (usage) listing the choices.
  void CheckState() const;
};

// English command-line name of a state ("in-progress").
std::string StateKey(CaseState s);

// Statistics as `stats --json` prints them (counts, rates, averages, by
// category and state).
Json StatisticsToJson(const Statistics& s);

}  // namespace gridledger::cli
