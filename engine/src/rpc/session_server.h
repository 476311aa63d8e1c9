// The Gateway and Session capabilities of schemas/rpc.capnp, served on the
// event loop thread. Internal to engine/src/rpc.
#pragma once

#include "rpc.capnp.h"
#include "rpc/server_state.h"

namespace gridledger::rpc {

// How a connection reached the server: decides whether a credential-less
// login (the local operator) is allowed.
enum class Transport { kUnix, kTls, kInsecureLoopback };

// The bootstrap capability of one connection.
schema::Gateway::Client NewGateway(ServerState& state, Transport transport,
                                   std::string peer_description);

}  // namespace gridledger::rpc
