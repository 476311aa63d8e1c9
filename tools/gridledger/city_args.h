// What every `gridledger city …` command is given: the cluster, the
// partitions, the replicas' directory, the identity, and per command its
// filters or listen address. `city serve` (city_serve.cc) runs on them too.
#pragma once

#ifdef GRIDLEDGER_WITH_JETSTREAM
#include <string>
#include <vector>

#include "engine_context.h"
#include "gridledger/jetstream.h"

namespace gridledger::cli {

struct CityArgs {
  std::string servers;
  std::vector<std::string> districts;
  std::string cache;
  std::string subject_prefix = "gridledger";
  JetStreamOptions identity;  // credentials and TLS only
  Filters filters;
  bool no_streets = false;                // city stats: not each partition's streets beneath it
  std::string listen = "127.0.0.1:8089";  // city serve: its HTTP address
};

// `city serve`: keeps the partitions' replicas following their streams and
// answers the city's views over HTTP until SIGTERM or SIGINT.
void RunCityServe(const CityArgs& args);

}  // namespace gridledger::cli
#endif
