// gridledgerd's web face on its own listen address (kj-http): GET /metrics
// (Prometheus text format), GET /healthz (the process answers) and
// GET /readyz (the store is open, accepts writes and the server is not
// draining). Runs on the server's event loop. Internal to engine/src/rpc.
#pragma once

#include <kj/compat/http.h>

#include "rpc/server_state.h"

namespace gridledger::rpc {

class HttpFace final : public kj::HttpService {
 public:
  HttpFace(ServerState& state, const kj::HttpHeaderTable& table) : state_(state), table_(table) {}

  kj::Promise<void> request(kj::HttpMethod method, kj::StringPtr url,
                            const kj::HttpHeaders& headers, kj::AsyncInputStream& body,
                            Response& response) override;

 private:
  kj::Promise<void> Send(Response& response, uint status, kj::StringPtr reason,
                         kj::StringPtr content_type, std::string body);

  ServerState& state_;
  const kj::HttpHeaderTable& table_;
};

}  // namespace gridledger::rpc
