// gridledgerd's web face on its own listen address (kj-http): GET /metrics
// (Prometheus text format), GET /healthz (the process answers),
// GET /readyz (the store is open, accepts writes and the server is not
// draining), and every ServerOptions::http_handlers protocol under its
// prefix: its requests are bounded, decoded into an HttpRequest on the
// event loop and answered by the handler on an engine thread. Runs on the
// server's event loop. Internal to engine/src/rpc.
#pragma once

#include <kj/compat/http.h>
#include <kj/compat/url.h>

#include "gridledger/http_handler.h"
#include "rpc/server_state.h"

namespace gridledger::rpc {

class HttpFace final : public kj::HttpService {
 public:
  HttpFace(ServerState& state, const kj::HttpHeaderTable& table) : state_(state), table_(table) {}

  kj::Promise<void> request(kj::HttpMethod method, kj::StringPtr url,
                            const kj::HttpHeaders& headers, kj::AsyncInputStream& body,
                            Response& response) override;

 private:
  kj::Promise<void> Send(Response& response, uint status, kj::StringPtr content_type,
                         std::string body);
  kj::Promise<void> Own(kj::HttpMethod method, const std::string& path, Response& response);
  kj::Promise<void> Dispatch(std::shared_ptr<HttpHandler> handler, kj::HttpMethod method,
                             kj::Url url, size_t prefix_segments, const kj::HttpHeaders& headers,
                             kj::AsyncInputStream& body, Response& response);
  void Done();

  ServerState& state_;
  const kj::HttpHeaderTable& table_;
};

}  // namespace gridledger::rpc
