#include "rpc/client_connection.h"

#include <kj/debug.h>

#include <fstream>
#include <sstream>

#include "rpc/rpc_values.h"
#include "rpc/wire_codec.h"

namespace gridledger::rpc {
namespace {

Result<std::string> ReadFile(const std::string& path, const char* what) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::InvalidArgument(std::string("cannot read the ") + what + " " + path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace

Result<ParsedAddress> ParseAddress(const std::string& address) {
  ParsedAddress out;
  auto host_of = [](const std::string& hostport) {
    size_t colon = hostport.rfind(':');
    std::string host = colon == std::string::npos ? hostport : hostport.substr(0, colon);
    if (host.size() > 2 && host.front() == '[' && host.back() == ']')
      host = host.substr(1, host.size() - 2);
    return host;
  };
  if (address.rfind("unix:", 0) == 0) {
    out.kind = ParsedAddress::Kind::kUnix;
    out.address = address;
    if (address.size() == 5) return Status::InvalidArgument("unix: needs a socket path");
    return out;
  }
  std::string rest = address;
  if (address.rfind("tcp:", 0) == 0) {
    out.kind = ParsedAddress::Kind::kTcp;
    rest = address.substr(4);
  } else if (address.rfind("tls:", 0) == 0) {
    rest = address.substr(4);
  }
  if (rest.empty() || rest.rfind(':') == std::string::npos)
    return Status::InvalidArgument("address '" + address +
                                   "' is not unix:PATH, tls:HOST:PORT or tcp:HOST:PORT");
  out.address = rest;
  out.host = host_of(rest);
  return out;
}

namespace {
capnp::ReaderOptions ClientReaderOptions() {
  capnp::ReaderOptions o;
  o.traversalLimitInWords = 8u << 20;
  o.nestingLimit = 64;
  return o;
}
}  // namespace

ClientConnection::Live::Live(kj::Own<kj::AsyncIoStream> s)
    : stream(kj::mv(s)),
      network(*stream, capnp::rpc::twoparty::Side::CLIENT, ClientReaderOptions()),
      system(capnp::makeRpcClient(network)),
      disconnected(network.onDisconnect().fork()) {}

ClientConnection::ClientConnection(kj::AsyncIoContext& io, ParsedAddress address,
                                   ClientOptions options)
    : io_(io), address_(std::move(address)), options_(std::move(options)) {}

ClientConnection::~ClientConnection() noexcept(false) {}

Status ClientConnection::Init() {
  if (address_.kind != ParsedAddress::Kind::kTls) return Status::Ok();
  kj::TlsContext::Options tls;
  if (!options_.ca_file.empty()) {
    GL_ASSIGN_OR_RETURN(std::string ca, ReadFile(options_.ca_file, "CA certificate"));
    try {
      trusted_.add(kj::TlsCertificate(kj::StringPtr(ca.c_str())));
    } catch (const kj::Exception& e) {
      return Status::InvalidArgument("the CA certificate " + options_.ca_file +
                                     " is not a PEM certificate");
    }
    tls.useSystemTrustStore = false;
    tls.trustedCertificates = trusted_.asPtr();
  }
  if (!options_.certificate_file.empty()) {
    GL_ASSIGN_OR_RETURN(std::string cert, ReadFile(options_.certificate_file, "certificate"));
    GL_ASSIGN_OR_RETURN(std::string key, ReadFile(options_.key_file, "private key"));
    try {
      keypair_ =
          kj::heap<kj::TlsKeypair>(kj::TlsKeypair{kj::TlsPrivateKey(kj::StringPtr(key.c_str())),
                                                  kj::TlsCertificate(kj::StringPtr(cert.c_str()))});
    } catch (const kj::Exception& e) {
      return Status::InvalidArgument("the client certificate or key is not valid PEM");
    }
    tls.defaultKeypair = *KJ_ASSERT_NONNULL(keypair_);
  }
  tls_ = kj::heap<kj::TlsContext>(kj::mv(tls));
  return Status::Ok();
}

void ClientConnection::MarkBroken() {
  live_ = nullptr;
  connecting_ = nullptr;
}

kj::Promise<void> ClientConnection::OnDisconnect() {
  KJ_IF_MAYBE (l, live_) return (*l)->disconnected.addBranch();
  return kj::NEVER_DONE;
}

kj::Promise<schema::Session::Client> ClientConnection::Session() {
  KJ_IF_MAYBE (l, live_) return (*l)->session;
  KJ_IF_MAYBE (c, connecting_) return c->addBranch();
  auto now = std::chrono::steady_clock::now();
  if (now < next_attempt_)
    return KJ_EXCEPTION(DISCONNECTED, "gridledgerd unreachable; retrying shortly");
  auto forked = Connect()
                    .then(
                        [this](schema::Session::Client s) {
                          connecting_ = nullptr;
                          backoff_ = std::chrono::milliseconds(0);
                          return s;
                        },
                        [this](kj::Exception&& e) -> schema::Session::Client {
                          connecting_ = nullptr;
                          live_ = nullptr;
                          if (e.getType() == kj::Exception::Type::DISCONNECTED) {
                            backoff_ = backoff_.count() == 0
                                           ? options_.reconnect_min
                                           : std::min(backoff_ * 2, options_.reconnect_max);
                            next_attempt_ = std::chrono::steady_clock::now() + backoff_;
                          }
                          kj::throwFatalException(kj::mv(e));
                        })
                    .fork();
  auto branch = forked.addBranch();
  connecting_ = kj::mv(forked);
  return branch;
}

kj::Promise<schema::Session::Client> ClientConnection::Connect() {
  auto& network = io_.provider->getNetwork();
  return network.parseAddress(address_.address.c_str())
      .then([](kj::Own<kj::NetworkAddress> addr) { return addr->connect().attach(kj::mv(addr)); })
      .catch_([this](kj::Exception&& e) -> kj::Own<kj::AsyncIoStream> {
        // No server there (a unix socket removed by a stopped daemon fails
        // as ENOENT, which kj reports as FAILED): unreachable, with backoff.
        kj::throwFatalException(KJ_EXCEPTION(DISCONNECTED, "cannot connect",
                                             address_.address.c_str(), e.getDescription()));
      })
      .then([this](kj::Own<kj::AsyncIoStream> stream) -> kj::Promise<kj::Own<kj::AsyncIoStream>> {
        KJ_IF_MAYBE (t, tls_) {
          std::string name = options_.server_name.empty() ? address_.host : options_.server_name;
          return (*t)
              ->wrapClient(kj::mv(stream), name.c_str())
              .catch_([](kj::Exception&& e) -> kj::Own<kj::AsyncIoStream> {
                // A failed handshake (wrong CA, wrong name) is not retried by backoff
                // alone: say what it was.
                kj::throwFatalException(
                    KJ_EXCEPTION(DISCONNECTED, "TLS handshake failed", e.getDescription()));
              });
        }
        return kj::mv(stream);
      })
      .then([this](kj::Own<kj::AsyncIoStream> stream) {
        auto live = kj::heap<Live>(kj::mv(stream));
        capnp::word scratch[4];
        memset(scratch, 0, sizeof scratch);
        capnp::MallocMessageBuilder message(scratch);
        auto vat = message.getRoot<capnp::rpc::twoparty::VatId>();
        vat.setSide(capnp::rpc::twoparty::Side::SERVER);
        auto gateway = live->system.bootstrap(vat).castAs<schema::Gateway>();
        auto request = gateway.loginRequest();
        request.setCredential(options_.credential.c_str());
        request.setClientName(options_.client_name.c_str());
        return request.send().then(
            [this, live = kj::mv(live)](auto response) mutable -> schema::Session::Client {
              Status status = FromWire(response.getStatus());
              if (!status.ok())
                kj::throwFatalException(
                    KJ_EXCEPTION(FAILED, "login refused", status.ToString().c_str()));
              auto id = response.getIdentity();
              identity_ = Identity{FromSchema(id.getKind()), id.getSubject().cStr(),
                                   id.getCredentialId().cStr()};
              live->session = response.getSession();
              schema::Session::Client session = live->session;
              live_ = kj::mv(live);
              ++generation_;
              return session;
            });
      });
}

}  // namespace gridledger::rpc
