// HttpHandler: a protocol served on the server's web face under a path
// prefix, plugged in through ServerOptions::http_handlers. gridledgerd
// serves Open311 GeoReport v2 this way; /metrics, /healthz and /readyz are
// the server's own.
//
// The server parses and bounds every request before a handler sees it: the
// header is read within a timeout, the body is at most
// ServerOptions::max_http_body_bytes (413 beyond it) and read within
// ServerOptions::http_body_timeout_ms (408 after it), the path is split into
// percent-decoded segments (a "." or ".." segment is answered 404 by the
// server), and the query and a form-encoded body are decoded into fields.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "gridledger/engine.h"
#include "gridledger/identity.h"
#include "gridledger/status.h"

namespace gridledger {

struct HttpRequest {
  std::string method;                 // "GET", "HEAD", "POST", ...
  std::vector<std::string> segments;  // the path after the prefix, decoded
  // Query fields, then (for an application/x-www-form-urlencoded body) the
  // body's fields, each decoded, in the order sent.
  std::vector<std::pair<std::string, std::string>> fields;
  // Request headers, names in lower case.
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;  // as received

  // The first value of field `name`, or "" when absent.
  const std::string& Field(const std::string& name) const;
  // True when field `name` was sent (possibly empty).
  bool HasField(const std::string& name) const;
  // The first value of header `name` (lower case), or "".
  const std::string& Header(const std::string& name) const;
};

struct HttpResponse {
  int status = 200;
  std::string content_type = "text/plain; charset=utf-8";
  std::string body;
};

// What the server lends a handler for one request.
class HttpContext {
 public:
  virtual ~HttpContext() = default;
  // The engine the server serves.
  virtual Engine& engine() = 0;
  // The identity `token` (a gridledgerd credential) proves, exactly as an
  // RPC login decides it; a failure is counted in the server's
  // credential-failure metric. kPermissionDenied for a malformed, unknown,
  // wrong or revoked token.
  virtual Result<Identity> Authenticate(const std::string& token) = 0;
};

class HttpHandler {
 public:
  virtual ~HttpHandler() = default;
  // Requests whose path starts with this prefix are this handler's, e.g.
  // "/open311/v2/". Must start and end with '/'.
  virtual std::string prefix() const = 0;
  // A short name for metrics labels, e.g. "open311".
  virtual std::string name() const = 0;
  // Answers one request. Runs on one of the server's engine threads (it may
  // block on the engine) and concurrently with other requests.
  virtual HttpResponse Handle(const HttpRequest& request, HttpContext& context) = 0;
};

}  // namespace gridledger
