// What every connection of one Server shares. Internal to engine/src/rpc.
#pragma once

#include <kj/async.h>
#include <kj/timer.h>

#include <atomic>
#include <memory>
#include <string>

#include "gridledger/engine.h"
#include "gridledger/server.h"
#include "rpc/blocking_pool.h"
#include "rpc/credential_store.h"

namespace gridledger::rpc {

struct ServerState {
  ServerOptions options;
  std::unique_ptr<Engine> engine;
  std::unique_ptr<CredentialStore> credentials;
  std::unique_ptr<BlockingPool> pool;
  // Set on the event loop thread before the first connection.
  kj::Timer* timer = nullptr;
  // Calls accepted and not yet answered (drain waits for zero).
  uint64_t in_flight = 0;
  // No new calls once set; subscriptions end at their next step.
  bool stopping = false;
  // Fulfilled when in_flight drops to zero while stopping.
  kj::Maybe<kj::Own<kj::PromiseFulfiller<void>>> drained;
};

}  // namespace gridledger::rpc
