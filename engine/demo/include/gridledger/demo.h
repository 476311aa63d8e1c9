// Demo data: a simulated community built from the real figures of the
// seed articles (文化社区, Nanyang: 8 grids including the dedicated plaza
// grid 新华城市广场, micro-grids, compounds, workers) with months of history:
// requests in realistic proportions carried through the closed loop,
// patrols, inspections, mediations, micro-wishes, care visits, outreach.
// Used by `gridledger-kiosk --demo`, `gridledger simulate` and benchmarks.
//
// Library gridledger::demo (engine/demo/), a client of the public Engine
// API only: the engine library itself carries no demo data.
#pragma once

#include <cstdint>
#include <functional>
#include <string>

#include "gridledger/status.h"
#include "gridledger/types.h"

namespace gridledger {

struct DemoOptions {
  // Same seed, same data. Default: 20261123
  uint64_t seed = 20261123;
  // Days of history to simulate, ending at `end`. Default: 60
  uint32_t days = 60;
  // Last simulated moment. Default (epoch): now, by the system clock
  Timestamp end{};
  // Resident requests filed per day across the community. Default: 40
  uint32_t requests_per_day = 40;
  // The district (6 digits) whose street 001 / community 001 the simulated
  // community is: partitions side by side get different districts. It is
  // also the store's partition (EngineOptions::partition): case numbers
  // read "case-411302-20261201-0001".
  // Default: "411302"
  std::string district = "411302";
  // Called now and then with (days done, days total). May be empty.
  std::function<void(uint32_t, uint32_t)> progress;
};

struct DemoSummary {
  uint64_t events = 0;
  uint64_t cases = 0;
  double seconds = 0;
  double events_per_second = 0;
  // A demo resident whose cases the kiosk can show: phone and one case's
  // id and query code.
  std::string sample_phone;
  std::string sample_case_id;
  std::string sample_query_code;
};

// Creates the demo community in the (new or empty) data directory `dir`.
// Opens its own Engine on a simulated clock; the directory is closed again
// when it returns. Fails with kInvalidArgument when `dir` already holds events.
Result<DemoSummary> SeedDemo(const std::string& dir, const DemoOptions& options = {});

}  // namespace gridledger
