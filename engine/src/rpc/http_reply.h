// Writing one HTTP reply with kj-http, shared by gridledgerd's web face
// (http_service.h) and the read-only WebServer (gridledger/web_server.h).
// Internal to engine/src/rpc.
#pragma once

#include <kj/compat/http.h>

#include <string>

namespace gridledger::rpc {

inline constexpr char kHttpText[] = "text/plain; charset=utf-8";

// The reason phrase of `status` ("OK", "Not Found", ...).
const char* HttpReason(uint status);

// Sends `status` with `body` as `content_type`. For HEAD, kj-http sends
// the length and drops the body.
kj::Promise<void> SendHttp(kj::HttpService::Response& response, const kj::HttpHeaderTable& table,
                           uint status, kj::StringPtr content_type, std::string body);

}  // namespace gridledger::rpc
