// What `info` reports about a data directory.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "context.h"
#include "gridledger/types.h"

namespace gridledger::cli {

struct ProjectionInfo {
  std::string name;
  uint64_t position = 0;    // last log position the projection has applied
  uint64_t lag = 0;         // events behind the log
  double open_ms = 0;       // time the engine took to open (through a server: to connect)
  uint32_t generation = 0;  // generation of the stored models; 0: recomputed in memory
                            // (through a server: not told, the credential is no operator's)
  // A background build of a new generation runs (through a server): `position`
  // of `build_target` events are in it.
  bool building = false;
  uint64_t build_target = 0;
  uint64_t grids = 0;   // registry entries (grids, communities, streets)
  std::string problem;  // why the projection is unavailable, if it is
};

struct StoreInfo {
  std::string data_dir;   // or the server's address
  bool served = false;    // through a server
  std::string partition;  // Engine::Partition(); empty: none (or unreadable)
  uint64_t events = 0;
  uint64_t streams = 0;        // estimate
  uint64_t disk_bytes = 0;     // estimate
  std::string writes_refused;  // LogStats::writes_refused: "" when it takes writes
  Timestamp first_recorded{};
  Timestamp last_recorded{};
  std::vector<ProjectionInfo> projections;
};

// Opens the log read-only in spirit (nothing is written) and gathers the
// figures. Throws CliError like OpenLogOrThrow.
StoreInfo CollectStoreInfo(const GlobalOptions& options);

Json StoreInfoToJson(const StoreInfo& info);
std::vector<std::pair<std::string, std::string>> StoreInfoFields(const StoreInfo& info);

}  // namespace gridledger::cli
