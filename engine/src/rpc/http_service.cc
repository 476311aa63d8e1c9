#include "rpc/http_service.h"

#include "rpc/metrics_text.h"

namespace gridledger::rpc {

kj::Promise<void> HttpFace::Send(Response& response, uint status, kj::StringPtr reason,
                                 kj::StringPtr content_type, std::string body) {
  kj::HttpHeaders headers(table_);
  headers.set(kj::HttpHeaderId::CONTENT_TYPE, content_type);
  auto stream = response.send(status, reason, headers, body.size());
  auto bytes = kj::heapString(body.data(), body.size());
  auto promise = stream->write(bytes.begin(), bytes.size());
  return promise.attach(kj::mv(stream), kj::mv(bytes));
}

kj::Promise<void> HttpFace::request(kj::HttpMethod method, kj::StringPtr url,
                                    const kj::HttpHeaders& headers, kj::AsyncInputStream& body,
                                    Response& response) {
  std::string path(url.cStr());
  if (size_t q = path.find('?'); q != std::string::npos) path.resize(q);
  if (method != kj::HttpMethod::GET && method != kj::HttpMethod::HEAD)
    return Send(response, 405, "Method Not Allowed", "text/plain; charset=utf-8",
                "only GET is served here\n");
  if (path == "/metrics")
    return Send(response, 200, "OK", "text/plain; version=0.0.4; charset=utf-8",
                RenderMetrics(state_));
  if (path == "/healthz") return Send(response, 200, "OK", "text/plain; charset=utf-8", "ok\n");
  if (path == "/readyz") {
    std::string why;
    if (state_.stopping) why = "draining";
    LogMetrics m = state_.engine->log().Metrics();
    if (!m.accepting_writes) why = "the store does not accept writes (disk full or I/O error)";
    if (m.write_stopped) why = "RocksDB has stopped writes";
    if (why.empty()) return Send(response, 200, "OK", "text/plain; charset=utf-8", "ready\n");
    return Send(response, 503, "Service Unavailable", "text/plain; charset=utf-8",
                "not ready: " + why + "\n");
  }
  return Send(response, 404, "Not Found", "text/plain; charset=utf-8",
              "not found: GET /metrics, /healthz or /readyz\n");
}

}  // namespace gridledger::rpc
