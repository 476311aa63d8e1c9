// WebServer: a small read-only web face of its own, for a process that
// answers HTTP without serving an engine over RPC (the city hub behind
// `gridledger city serve`, docs/scaling.md). gridledgerd's own web face
// (ServerOptions::http_listen) is a different thing: it serves one engine,
// its metrics and its HttpHandlers.
//
// Plain HTTP/1.1 on one address, on a thread of its own (kj-http). GET and
// HEAD only: any other method is answered 405 without reading its body.
// The request target is parsed and percent-decoded before the handler sees
// it (HttpRequest: segments, query fields, headers); a target that does not
// parse is answered 400. The handler runs on the server's thread, one
// request at a time: it suits dashboards and scrapers polling views that
// answer in milliseconds, not a public site.
#pragma once

#include <functional>
#include <memory>
#include <string>

#include "gridledger/export.h"
#include "gridledger/http_handler.h"
#include "gridledger/status.h"

namespace gridledger {

struct WebServerOptions {
  // host:port to listen on ("127.0.0.1:8089"; port 0 picks a free one).
  // Required.
  std::string listen;
  // Longest wait for a request's header. Default: 15 s
  uint32_t header_timeout_ms = 15000;
};

// Answers one GET (or HEAD) request. An exception is answered 500 with its
// text.
using WebHandler = std::function<HttpResponse(const HttpRequest& request)>;

class GRIDLEDGER_EXPORT WebServer {
 public:
  // Listens and starts serving. kInvalidArgument for an address that does
  // not parse; kUnavailable when it cannot be listened on.
  static Result<std::unique_ptr<WebServer>> Start(WebServerOptions options, WebHandler handler);

  // Stops listening, drops the connections and joins the thread.
  virtual ~WebServer() = default;

  // The port it listens on (the one picked, for port 0).
  virtual int port() const = 0;

 protected:
  WebServer() = default;
};

}  // namespace gridledger
