// The Prometheus text exposition of a server's state: the log's and the
// engine's snapshots (gridledger/metrics.h) and the server's own counters.
// Internal to engine/src/rpc.
#pragma once

#include <string>

#include "rpc/server_state.h"

namespace gridledger::rpc {

// Every series gridledgerd exposes (docs/server.md lists them).
std::string RenderMetrics(const ServerState& state);

}  // namespace gridledger::rpc
