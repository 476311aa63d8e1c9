// WebServer (gridledger/web_server.h): kj-http on a thread of its own.
#include "gridledger/web_server.h"

#include <kj/async-io.h>
#include <kj/compat/http.h>
#include <kj/compat/url.h>

#include <cctype>
#include <future>
#include <thread>

#include "common/thread_name.h"
#include "rpc/http_reply.h"

namespace gridledger {
namespace {

using rpc::kHttpText;
using rpc::SendHttp;

class Service final : public kj::HttpService {
 public:
  Service(const kj::HttpHeaderTable& table, WebHandler& handler)
      : table_(table), handler_(handler) {}

  kj::Promise<void> request(kj::HttpMethod method, kj::StringPtr url,
                            const kj::HttpHeaders& headers, kj::AsyncInputStream&,
                            Response& response) override {
    if (method != kj::HttpMethod::GET && method != kj::HttpMethod::HEAD)
      return Send(response, {405, kHttpText, "read-only: GET and HEAD only\n"});
    kj::UrlOptions url_options;
    url_options.percentDecode = true;
    url_options.allowEmpty = true;
    auto parsed = kj::Url::tryParse(url, kj::Url::HTTP_REQUEST, url_options);
    HttpRequest request;
    bool ok = false;
    KJ_IF_MAYBE (u, parsed) {
      ok = true;
      request.method = kj::str(method).cStr();
      for (const auto& s : u->path) request.segments.emplace_back(s.cStr());
      for (const auto& q : u->query) request.fields.emplace_back(q.name.cStr(), q.value.cStr());
      headers.forEach([&](kj::StringPtr n, kj::StringPtr v) {
        std::string name(n.cStr());
        for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        request.headers.emplace_back(std::move(name), std::string(v.cStr()));
      });
    }
    if (!ok) return Send(response, {400, kHttpText, "the request target is not a valid URL\n"});
    HttpResponse answer;
    try {
      answer = handler_(request);
    } catch (const std::exception& e) {
      answer = {500, kHttpText, std::string("internal error: ") + e.what() + "\n"};
    }
    return Send(response, std::move(answer));
  }

 private:
  kj::Promise<void> Send(Response& response, HttpResponse answer) {
    return SendHttp(response, table_, static_cast<uint>(answer.status), answer.content_type,
                    std::move(answer.body));
  }

  const kj::HttpHeaderTable& table_;
  WebHandler& handler_;
};

class WebServerImpl final : public WebServer {
 public:
  WebServerImpl(WebServerOptions options, WebHandler handler)
      : options_(std::move(options)), handler_(std::move(handler)) {}

  ~WebServerImpl() noexcept override {
    if (stop_) stop_->fulfill();
    if (thread_.joinable()) thread_.join();
  }

  // Starts the thread; its listening outcome.
  Status Begin() {
    auto ready = listening_.get_future();
    thread_ = std::thread([this] {
      NameThisThread("gl-web");
      Run(listening_);
    });
    Status s = ready.get();
    if (!s.ok()) thread_.join();
    return s;
  }

  int port() const override { return port_; }

 private:
  void Run(std::promise<Status>& listening) {
    kj::AsyncIoContext io = kj::setupAsyncIo();
    kj::Own<kj::ConnectionReceiver> listener;  // destroyed before `io`
    try {
      auto address = io.provider->getNetwork().parseAddress(options_.listen).wait(io.waitScope);
      listener = address->listen();
    } catch (const kj::Exception& e) {
      listening.set_value(Status::Unavailable("cannot listen on " + options_.listen + ": " +
                                              e.getDescription().cStr()));
      return;
    }
    port_ = static_cast<int>(listener->getPort());
    auto stopped = kj::newPromiseAndCrossThreadFulfiller<void>();
    stop_ = kj::mv(stopped.fulfiller);
    kj::HttpHeaderTable table;
    Service service(table, handler_);
    kj::HttpServerSettings settings;
    settings.headerTimeout = options_.header_timeout_ms * kj::MILLISECONDS;
    kj::HttpServer server(io.provider->getTimer(), table, service, settings);
    listening.set_value(Status::Ok());
    server.listenHttp(*listener).exclusiveJoin(kj::mv(stopped.promise)).wait(io.waitScope);
  }

  WebServerOptions options_;
  WebHandler handler_;
  int port_ = 0;
  // Set once by the thread when it listens (or cannot); a member, so that
  // it outlives the thread's set_value.
  std::promise<Status> listening_;
  kj::Own<kj::CrossThreadPromiseFulfiller<void>> stop_;
  std::thread thread_;
};

}  // namespace

Result<std::unique_ptr<WebServer>> WebServer::Start(WebServerOptions options, WebHandler handler) {
  if (options.listen.empty() || options.listen.rfind(':') == std::string::npos)
    return Status::InvalidArgument("a web server needs host:port to listen on, not '" +
                                   options.listen + "'");
  if (!handler) return Status::InvalidArgument("a web server needs a handler");
  auto server = std::make_unique<WebServerImpl>(std::move(options), std::move(handler));
  GL_RETURN_IF_ERROR(server->Begin());
  return std::unique_ptr<WebServer>(std::move(server));
}

}  // namespace gridledger
