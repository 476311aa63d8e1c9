#include "rpc/http_service.h"

#include <kj/encoding.h>

#include <cctype>

#include "rpc/http_reply.h"
#include "rpc/metrics_text.h"

namespace gridledger::rpc {
namespace {

constexpr const char* kText = kHttpText;

std::string Lower(kj::StringPtr s) {
  std::string out(s.cStr());
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

class Context final : public HttpContext {
 public:
  explicit Context(ServerState& state) : state_(state) {}
  Engine& engine() override { return *state_.engine; }
  Result<Identity> Authenticate(const std::string& token) override {
    auto identity = state_.credentials->Authenticate(token);
    if (!identity.ok()) ++state_.credential_failures;
    return identity;
  }

 private:
  ServerState& state_;
};

}  // namespace

kj::Promise<void> HttpFace::Send(Response& response, uint status, kj::StringPtr content_type,
                                 std::string body) {
  return SendHttp(response, table_, status, content_type, std::move(body));
}

void HttpFace::Done() {
  if (--state_.in_flight == 0 && state_.stopping) {
    KJ_IF_MAYBE (f, state_.drained) {
      (*f)->fulfill();
      state_.drained = nullptr;
    }
  }
}

kj::Promise<void> HttpFace::Own(kj::HttpMethod method, const std::string& path,
                                Response& response) {
  if (method != kj::HttpMethod::GET && method != kj::HttpMethod::HEAD)
    return Send(response, 405, kText, "only GET is served here\n");
  if (path == "/metrics")
    return Send(response, 200, "text/plain; version=0.0.4; charset=utf-8", RenderMetrics(state_));
  if (path == "/healthz") return Send(response, 200, kText, "ok\n");
  std::string why;
  if (state_.stopping) why = "draining";
  LogMetrics m = state_.engine->log().Metrics();
  if (!m.accepting_writes) why = "the store does not accept writes (disk full or I/O error)";
  if (m.write_stopped) why = "RocksDB has stopped writes";
  if (!m.write_refusal.empty()) why = "it takes no writes: " + m.write_refusal;
  if (why.empty()) return Send(response, 200, kText, "ready\n");
  return Send(response, 503, kText, "not ready: " + why + "\n");
}

kj::Promise<void> HttpFace::request(kj::HttpMethod method, kj::StringPtr url,
                                    const kj::HttpHeaders& headers, kj::AsyncInputStream& body,
                                    Response& response) {
  kj::UrlOptions url_options;
  url_options.percentDecode = true;
  url_options.allowEmpty = true;
  auto parsed = kj::Url::tryParse(url, kj::Url::HTTP_REQUEST, url_options);
  kj::Url* u = nullptr;
  KJ_IF_MAYBE (p, parsed) {
    u = p;
  }
  if (u == nullptr) return Send(response, 400, kText, "the request target is not a valid URL\n");
  std::string path;
  for (const auto& segment : u->path) path += "/" + std::string(segment.cStr());
  if (path.empty()) path = "/";
  if (path == "/metrics" || path == "/healthz" || path == "/readyz")
    return Own(method, path, response);
  for (const auto& handler : state_.options.http_handlers) {
    std::string prefix = handler->prefix();
    if ((path + "/").rfind(prefix, 0) != 0) continue;
    size_t prefix_segments = 0;
    for (size_t i = 1; i < prefix.size(); ++i) prefix_segments += prefix[i] == '/';
    return Dispatch(handler, method, kj::mv(*u), prefix_segments, headers, body, response);
  }
  std::string served = "/metrics, /healthz, /readyz";
  for (const auto& h : state_.options.http_handlers) served += ", " + h->prefix() + "...";
  return Send(response, 404, kText, "not found; served here: " + served + "\n");
}

kj::Promise<void> HttpFace::Dispatch(std::shared_ptr<HttpHandler> handler, kj::HttpMethod method,
                                     kj::Url url, size_t prefix_segments,
                                     const kj::HttpHeaders& headers, kj::AsyncInputStream& body,
                                     Response& response) {
  std::string name = handler->name();
  auto count = [this, name](uint status) { ++state_.http_requests[{name, int(status)}]; };
  if (state_.stopping) {
    count(503);
    return Send(response, 503, kText, "the server is stopping\n");
  }
  auto request = std::make_shared<HttpRequest>();
  request->method = kj::str(method).cStr();
  for (size_t i = prefix_segments; i < url.path.size(); ++i)
    request->segments.emplace_back(url.path[i].cStr());
  for (const auto& q : url.query) request->fields.emplace_back(q.name.cStr(), q.value.cStr());
  headers.forEach([&](kj::StringPtr n, kj::StringPtr v) {
    request->headers.emplace_back(Lower(n), std::string(v.cStr()));
  });
  const size_t limit = state_.options.max_http_body_bytes;
  KJ_IF_MAYBE (length, body.tryGetLength()) {
    if (*length > limit) {
      count(413);
      return Send(response, 413, kText,
                  "the request body is larger than " + std::to_string(limit) + " bytes\n");
    }
  }
  ++state_.in_flight;
  auto read = state_.timer->timeoutAfter(state_.options.http_body_timeout_ms * kj::MILLISECONDS,
                                         body.readAllText(limit + 1));
  return read
      .then(
          [this, handler, request, limit, count, &response](kj::String text) -> kj::Promise<void> {
            if (text.size() > limit) {
              count(413);
              return Send(response, 413, kText,
                          "the request body is larger than " + std::to_string(limit) + " bytes\n");
            }
            request->body.assign(text.cStr(), text.size());
            if (Lower(kj::StringPtr(request->Header("content-type").c_str()))
                    .rfind("application/x-www-form-urlencoded", 0) == 0) {
              const std::string& form = request->body;
              for (size_t start = 0; start <= form.size();) {
                size_t amp = form.find('&', start);
                if (amp == std::string::npos) amp = form.size();
                std::string item = form.substr(start, amp - start);
                start = amp + 1;
                if (item.empty()) continue;
                size_t eq = item.find('=');
                std::string n = item.substr(0, eq);
                std::string v = eq == std::string::npos ? "" : item.substr(eq + 1);
                auto dn = kj::decodeWwwForm(kj::arrayPtr(n.data(), n.size()));
                auto dv = kj::decodeWwwForm(kj::arrayPtr(v.data(), v.size()));
                if (dn.hadErrors || dv.hadErrors) {
                  count(400);
                  return Send(response, 400, kText, "the form body is not validly encoded\n");
                }
                request->fields.emplace_back(dn.cStr(), dv.cStr());
              }
            }
            auto run = state_.pool->Run<HttpResponse>([&state = state_, handler, request] {
              Context context(state);
              try {
                return handler->Handle(*request, context);
              } catch (const std::exception& e) {
                return HttpResponse{500, kText, std::string("internal error: ") + e.what() + "\n"};
              }
            });
            return run.then([this, count, &response](HttpResponse r) {
              count(r.status);
              return Send(response, r.status, r.content_type.c_str(), std::move(r.body));
            });
          },
          [this, limit, count, &response](kj::Exception&& e) -> kj::Promise<void> {
            if (e.getType() == kj::Exception::Type::OVERLOADED) {
              count(408);
              return Send(response, 408, kText, "the request body did not arrive in time\n");
            }
            if (e.getType() == kj::Exception::Type::DISCONNECTED) return kj::mv(e);
            count(413);
            return Send(response, 413, kText,
                        "the request body is larger than " + std::to_string(limit) + " bytes\n");
          })
      .attach(kj::defer([this] { Done(); }));
}

}  // namespace gridledger::rpc
