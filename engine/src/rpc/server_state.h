// What every connection of one Server shares. Internal to engine/src/rpc.
#pragma once

#include <kj/async.h>
#include <kj/timer.h>

#include <atomic>
#include <map>
#include <memory>
#include <set>
#include <string>

#include "gridledger/engine.h"
#include "gridledger/forwarder.h"
#include "gridledger/server.h"
#include "gridledger/standby.h"
#include "rpc/blocking_pool.h"
#include "rpc/credential_store.h"

namespace gridledger::rpc {

struct ServerState {
  ServerOptions options;
  std::unique_ptr<Engine> engine;
  std::unique_ptr<CredentialStore> credentials;
  // Set when the server forwards its log (ServerOptions::make_forward_sink).
  std::unique_ptr<Forwarder> forwarder;
  // Set when the server started as a standby (make_standby_source); it
  // owns the Forwarder it starts at promotion.
  std::unique_ptr<Standby> standby;
  std::unique_ptr<BlockingPool> pool;
  // Set on the event loop thread before the first connection.
  kj::Timer* timer = nullptr;
  // Calls accepted and not yet answered (drain waits for zero).
  uint64_t in_flight = 0;
  // No new calls once set; subscriptions end at their next step.
  bool stopping = false;
  // Fulfilled when in_flight drops to zero while stopping.
  kj::Maybe<kj::Own<kj::PromiseFulfiller<void>>> drained;

  // ---- what /metrics shows (loop thread only, like everything above) ----
  uint64_t connections_open = 0;
  uint64_t connections_total = 0;
  // Calls answered, by (method, outcome: a StatusCode name).
  std::map<std::pair<std::string, std::string>, uint64_t> calls;
  // Logins refused (wrong, unknown, revoked or missing credentials), over
  // RPC and over the web face (counted on engine threads there).
  std::atomic<uint64_t> credential_failures{0};
  // Web-face requests answered, by (handler name, HTTP status).
  std::map<std::pair<std::string, int>, uint64_t> http_requests;
  // Live subscriptions: a name and the next position each will deliver.
  struct SubscriptionLag {
    std::string name;
    const std::atomic<uint64_t>* next = nullptr;
  };
  std::map<const void*, SubscriptionLag> subscriptions;
  uint64_t subscriptions_started = 0;
};

}  // namespace gridledger::rpc
