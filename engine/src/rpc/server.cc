// Server: listeners, the event loop thread, drain on Stop.

#include "gridledger/server.h"

#include <capnp/rpc-twoparty.h>
#include <kj/async-io.h>
#include <kj/compat/tls.h>
#include <kj/debug.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <future>
#include <iostream>
#include <set>
#include <sstream>
#include <thread>

#include "common/thread_name.h"
#include "rpc/http_service.h"
#include "rpc/session_server.h"

namespace gridledger {
namespace {

namespace fs = std::filesystem;
using rpc::Transport;

constexpr auto kDrainTimeout = 30 * kj::SECONDS;
constexpr auto kTlsHandshakeTimeout = 10 * kj::SECONDS;

Result<std::string> ReadFile(const std::string& path, const char* what) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::InvalidArgument(std::string("cannot read the ") + what + " " + path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// True for "127.x.y.z:port", "localhost:port" and "[::1]:port".
bool IsLoopback(const std::string& address) {
  return address.rfind("127.", 0) == 0 || address.rfind("localhost:", 0) == 0 ||
         address.rfind("[::1]:", 0) == 0;
}

class ErrorLog final : public kj::TaskSet::ErrorHandler {
 public:
  void taskFailed(kj::Exception&& e) override {
    if (e.getType() == kj::Exception::Type::DISCONNECTED) return;  // a client went away
    std::cerr << "gridledgerd: connection failed: " << e.getDescription().cStr() << '\n';
  }
};

class ServerImpl final : public Server {
 public:
  explicit ServerImpl(const ServerOptions& options) { state_.options = options; }
  ~ServerImpl() noexcept override { Stop(); }

  Status Init() {
    ServerOptions& o = state_.options;
    if (o.data_dir.empty()) return Status::InvalidArgument("no data directory given");
    if (o.unix_socket.empty() && o.tls_listen.empty() && o.insecure_loopback.empty())
      return Status::InvalidArgument("nothing to listen on (give a unix socket or a TLS address)");
    for (const auto& a : o.insecure_loopback)
      if (!IsLoopback(a))
        return Status::InvalidArgument("plain TCP is refused on " + a +
                                       ": only loopback addresses may go without TLS");
    for (const auto& a : o.http_insecure_loopback)
      if (!IsLoopback(a))
        return Status::InvalidArgument("plain HTTP is refused on " + a +
                                       ": only loopback addresses may go without TLS");
    if (!o.tls_listen.empty() || !o.http_listen.empty()) {
      if (o.tls_certificate_file.empty() || o.tls_key_file.empty())
        return Status::InvalidArgument("TLS needs a certificate and a key file");
      GL_ASSIGN_OR_RETURN(cert_pem_, ReadFile(o.tls_certificate_file, "certificate"));
      GL_ASSIGN_OR_RETURN(key_pem_, ReadFile(o.tls_key_file, "private key"));
      if (!o.client_ca_file.empty()) {
        GL_ASSIGN_OR_RETURN(client_ca_pem_, ReadFile(o.client_ca_file, "client CA"));
      }
    }
    for (const auto& h : o.http_handlers) {
      if (!h) return Status::InvalidArgument("an HTTP handler is missing");
      std::string p = h->prefix();
      if (p.size() < 2 || p.front() != '/' || p.back() != '/')
        return Status::InvalidArgument("HTTP handler prefix \"" + p +
                                       "\" must start and end with '/'");
      if (p == "/metrics/" || p == "/healthz/" || p == "/readyz/")
        return Status::InvalidArgument("HTTP handler prefix " + p + " is the server's own");
    }
    if (o.credential_key_file.empty())
      o.credential_key_file = (fs::path(o.data_dir) / "credentials.key").string();
    auto engine = Engine::Open(o.data_dir, o.engine);
    if (!engine.ok()) return engine.status();
    state_.engine = std::move(engine).value();
    auto credentials = rpc::CredentialStore::Open(state_.engine->log(), o.credential_key_file);
    if (!credentials.ok()) return credentials.status();
    state_.credentials = std::move(credentials).value();
    state_.pool = std::make_unique<rpc::BlockingPool>(o.engine_threads);
    if (o.make_standby_source) {
      if (!o.make_forward_sink)
        return Status::InvalidArgument("a standby needs somewhere to forward to once promoted");
      auto source = o.make_standby_source();
      if (!source) return Status::InvalidArgument("the standby's source could not be made");
      auto standby = Standby::Start(state_.engine->log(), std::move(source), o.make_forward_sink,
                                    o.standby, o.forwarding);
      if (!standby.ok()) return standby.status();
      state_.standby = std::move(standby).value();
    } else if (o.make_forward_sink) {
      auto sink = o.make_forward_sink();
      if (!sink) return Status::InvalidArgument("the forwarding sink could not be made");
      state_.forwarder = Forwarder::Start(state_.engine->log(), std::move(sink), o.forwarding);
    }

    std::promise<Status> ready;
    auto started = ready.get_future();
    thread_ = std::thread([this, &ready] {
      NameThisThread("gl-rpc-loop");
      Loop(ready);
    });
    Status s = started.get();
    if (!s.ok()) {
      thread_.join();
      Release();
    }
    return s;
  }

  std::vector<ListenAddress> Addresses() const override { return addresses_; }
  Engine& engine() override { return *state_.engine; }
  std::optional<ForwarderStatus> forwarding() const override {
    if (state_.standby) return state_.standby->status().forwarding;
    if (!state_.forwarder) return std::nullopt;
    return state_.forwarder->status();
  }
  std::optional<StandbyStatus> standby() const override {
    if (!state_.standby) return std::nullopt;
    return state_.standby->status();
  }

  void Stop() override {
    std::lock_guard lock(stop_mu_);
    if (!thread_.joinable()) return;
    if (executor_) {
      try {
        executor_->executeSync([this] {
          KJ_IF_MAYBE (f, stop_) (*f)->fulfill();
        });
      } catch (const kj::Exception&) {
        // The loop already ended.
      }
    }
    thread_.join();
    executor_ = nullptr;
    Release();
  }

 private:
  void Release() {
    state_.pool.reset();       // runs what is queued, joins
    state_.standby.reset();    // stops following (and its Forwarder) before the log closes
    state_.forwarder.reset();  // stops and joins before the log closes
    state_.credentials.reset();
    state_.engine.reset();
  }

  kj::Promise<void> Accept(kj::ConnectionReceiver& receiver, Transport transport,
                           kj::Maybe<kj::TlsContext&> tls) {
    return receiver.acceptAuthenticated().then([this, &receiver, transport,
                                                tls](kj::AuthenticatedStream stream) mutable {
      KJ_IF_MAYBE (t, tls) {
        connections_->add(
            t->wrapServer(kj::mv(stream)).then([this, transport](kj::AuthenticatedStream secured) {
              return Serve(kj::mv(secured), transport);
            }));
      } else {
        connections_->add(Serve(kj::mv(stream), transport));
      }
      return Accept(receiver, transport, tls);
    });
  }

  kj::Promise<void> Serve(kj::AuthenticatedStream stream, Transport transport) {
    capnp::ReaderOptions reader_options;
    reader_options.traversalLimitInWords = state_.options.max_message_words;
    reader_options.nestingLimit = 64;
    std::string peer = stream.peerIdentity->toString().cStr();
    auto network = kj::heap<capnp::TwoPartyVatNetwork>(
        *stream.stream, capnp::rpc::twoparty::Side::SERVER, reader_options);
    auto system =
        kj::heap(capnp::makeRpcServer(*network, rpc::NewGateway(state_, transport, peer)));
    auto done = network->onDisconnect();
    kj::AsyncIoStream* raw = stream.stream.get();
    open_.insert(raw);
    ++state_.connections_open;
    ++state_.connections_total;
    return done.attach(kj::mv(system), kj::mv(network), kj::mv(stream.stream),
                       kj::mv(stream.peerIdentity), kj::defer([this, raw] {
                         open_.erase(raw);
                         --state_.connections_open;
                       }));
  }

  void Loop(std::promise<Status>& ready) {
    bool reported = false;
    try {
      auto io = kj::setupAsyncIo();
      state_.timer = &io.provider->getTimer();
      executor_ = kj::getCurrentThreadExecutor().addRef();
      ErrorLog errors;
      connections_ = kj::heap<kj::TaskSet>(errors);
      auto accepting = kj::heap<kj::TaskSet>(errors);
      kj::Vector<kj::Own<kj::ConnectionReceiver>> receivers;
      auto& network = io.provider->getNetwork();
      const ServerOptions& o = state_.options;

      if (!o.unix_socket.empty()) {
        struct stat st;
        if (::lstat(o.unix_socket.c_str(), &st) == 0) {
          if (!S_ISSOCK(st.st_mode)) {
            ready.set_value(Status::InvalidArgument(
                o.unix_socket + " exists and is not a socket; refusing to replace it"));
            return;
          }
          ::unlink(o.unix_socket.c_str());
        }
        auto address = network.parseAddress(("unix:" + o.unix_socket).c_str()).wait(io.waitScope);
        auto receiver = address->listen();
        ::chmod(o.unix_socket.c_str(), 0660);
        accepting->add(Accept(*receiver, Transport::kUnix, nullptr));
        receivers.add(kj::mv(receiver));
        addresses_.push_back({"unix", o.unix_socket});
      }

      kj::Maybe<kj::Own<kj::TlsContext>> tls;
      kj::Maybe<kj::Own<kj::TlsKeypair>> keypair;
      kj::Vector<kj::TlsCertificate> client_cas;
      if (!o.tls_listen.empty() || !o.http_listen.empty()) {
        keypair = kj::heap<kj::TlsKeypair>(
            kj::TlsKeypair{kj::TlsPrivateKey(kj::StringPtr(key_pem_.c_str())),
                           kj::TlsCertificate(kj::StringPtr(cert_pem_.c_str()))});
        kj::TlsContext::Options tls_options;
        tls_options.defaultKeypair = *KJ_ASSERT_NONNULL(keypair);
        tls_options.timer = *state_.timer;
        tls_options.acceptTimeout = kTlsHandshakeTimeout;
        if (!client_ca_pem_.empty()) {
          client_cas.add(kj::TlsCertificate(kj::StringPtr(client_ca_pem_.c_str())));
          tls_options.verifyClients = true;
          tls_options.useSystemTrustStore = false;
          tls_options.trustedCertificates = client_cas.asPtr();
        }
        tls = kj::heap<kj::TlsContext>(kj::mv(tls_options));
      }
      for (const auto& a : o.tls_listen) {
        auto address = network.parseAddress(a.c_str()).wait(io.waitScope);
        auto receiver = address->listen();
        std::string host = a.substr(0, a.rfind(':'));
        addresses_.push_back({"tls", host + ":" + std::to_string(receiver->getPort())});
        accepting->add(Accept(*receiver, Transport::kTls, *KJ_ASSERT_NONNULL(tls)));
        receivers.add(kj::mv(receiver));
      }
      for (const auto& a : o.insecure_loopback) {
        auto address = network.parseAddress(a.c_str()).wait(io.waitScope);
        auto receiver = address->listen();
        std::string host = a.substr(0, a.rfind(':'));
        addresses_.push_back({"tcp", host + ":" + std::to_string(receiver->getPort())});
        accepting->add(Accept(*receiver, Transport::kInsecureLoopback, nullptr));
        receivers.add(kj::mv(receiver));
      }

      // The web face: /metrics, /healthz, /readyz.
      kj::HttpHeaderTable header_table;
      rpc::HttpFace face(state_, header_table);
      kj::HttpServerSettings http_settings;
      http_settings.headerTimeout = o.http_header_timeout_ms * kj::MILLISECONDS;
      http_settings.pipelineTimeout = 30 * kj::SECONDS;
      kj::HttpServer http(*state_.timer, header_table, face, http_settings);
      for (const auto& a : o.http_listen) {
        auto address = network.parseAddress(a.c_str()).wait(io.waitScope);
        auto receiver = address->listen();
        std::string host = a.substr(0, a.rfind(':'));
        addresses_.push_back({"https", host + ":" + std::to_string(receiver->getPort())});
        auto secured = KJ_ASSERT_NONNULL(tls)->wrapPort(kj::mv(receiver));
        accepting->add(http.listenHttp(*secured).attach(kj::mv(secured)));
      }
      for (const auto& a : o.http_insecure_loopback) {
        auto address = network.parseAddress(a.c_str()).wait(io.waitScope);
        auto receiver = address->listen();
        std::string host = a.substr(0, a.rfind(':'));
        addresses_.push_back({"http", host + ":" + std::to_string(receiver->getPort())});
        accepting->add(http.listenHttp(*receiver).attach(kj::mv(receiver)));
      }

      auto stop = kj::newPromiseAndFulfiller<void>();
      stop_ = kj::mv(stop.fulfiller);
      ready.set_value(Status::Ok());
      reported = true;
      stop.promise.wait(io.waitScope);

      // Drain: no new connections or calls, answer what is in flight, let
      // subscriptions tell their consumers, then close everything.
      state_.stopping = true;
      accepting = nullptr;
      receivers.clear();
      if (!o.unix_socket.empty()) ::unlink(o.unix_socket.c_str());
      if (state_.in_flight > 0) {
        auto drained = kj::newPromiseAndFulfiller<void>();
        state_.drained = kj::mv(drained.fulfiller);
        drained.promise.exclusiveJoin(state_.timer->afterDelay(kDrainTimeout)).wait(io.waitScope);
      }
      state_.timer->afterDelay(50 * kj::MILLISECONDS).wait(io.waitScope);
      // Close every connection the way a client leaving closes it, so the
      // RPC system tears each down in its own order, then wait for them.
      for (kj::AsyncIoStream* s : open_) {
        s->shutdownWrite();
        s->abortRead();
      }
      connections_->onEmpty()
          .exclusiveJoin(state_.timer->afterDelay(5 * kj::SECONDS))
          .wait(io.waitScope);
      connections_ = nullptr;
      stop_ = nullptr;
      state_.timer = nullptr;
    } catch (const kj::Exception& e) {
      if (!reported)
        ready.set_value(
            Status::Unavailable(std::string("cannot listen: ") + e.getDescription().cStr()));
      else
        std::cerr << "gridledgerd: event loop failed: " << e.getDescription().cStr() << '\n';
      connections_ = nullptr;
      stop_ = nullptr;
    }
  }

  rpc::ServerState state_;
  std::string cert_pem_, key_pem_, client_ca_pem_;
  std::vector<ListenAddress> addresses_;
  std::thread thread_;
  std::mutex stop_mu_;
  kj::Own<const kj::Executor> executor_;
  kj::Maybe<kj::Own<kj::PromiseFulfiller<void>>> stop_;
  kj::Own<kj::TaskSet> connections_;
  std::set<kj::AsyncIoStream*> open_;  // loop thread only
};

}  // namespace

Server::~Server() = default;

Result<std::unique_ptr<Server>> Server::Start(const ServerOptions& options) {
  auto server = std::make_unique<ServerImpl>(options);
  GL_RETURN_IF_ERROR(server->Init());
  return std::unique_ptr<Server>(std::move(server));
}

}  // namespace gridledger
