// One client's connection to gridledgerd, living on the client's I/O
// thread: connects (unix, TLS or loopback TCP), logs in, and reconnects
// after a failure with backoff. Internal to engine/src/rpc.
#pragma once

#include <capnp/rpc-twoparty.h>
#include <kj/async-io.h>
#include <kj/compat/tls.h>

#include <chrono>
#include <functional>
#include <string>

#include "gridledger/client.h"
#include "rpc.capnp.h"

namespace gridledger::rpc {

struct ParsedAddress {
  enum class Kind { kUnix, kTls, kTcp } kind = Kind::kTls;
  std::string address;  // as kj::Network::parseAddress takes it
  std::string host;     // for TLS: the name to verify by default
};
Result<ParsedAddress> ParseAddress(const std::string& address);

class ClientConnection {
 public:
  // REQUIRES: constructed and used on the I/O thread only.
  ClientConnection(kj::AsyncIoContext& io, ParsedAddress address, ClientOptions options);
  ~ClientConnection() noexcept(false);

  // Reads the certificate files. Call once before Session().
  Status Init();

  // The logged-in session, connecting first if there is none. Rejects with
  // kj DISCONNECTED when the server cannot be reached (within the backoff
  // window after a failed attempt, at once), or a FAILED exception whose
  // description is the login refusal.
  kj::Promise<schema::Session::Client> Session();
  // Forget the connection (after a transport failure): the next Session()
  // reconnects.
  void MarkBroken();
  // Resolves when the current connection drops (never, without one).
  kj::Promise<void> OnDisconnect();
  // Bumped on every new connection.
  uint64_t generation() const { return generation_; }

  const Identity& identity() const { return identity_; }
  kj::Timer& timer() { return io_.provider->getTimer(); }

 private:
  kj::Promise<schema::Session::Client> Connect();

  kj::AsyncIoContext& io_;
  ParsedAddress address_;
  ClientOptions options_;
  kj::Maybe<kj::Own<kj::TlsContext>> tls_;
  kj::Maybe<kj::Own<kj::TlsKeypair>> keypair_;
  kj::Vector<kj::TlsCertificate> trusted_;

  // One established connection.
  struct Live {
    explicit Live(kj::Own<kj::AsyncIoStream> s);
    kj::Own<kj::AsyncIoStream> stream;
    capnp::TwoPartyVatNetwork network;
    capnp::RpcSystem<capnp::rpc::twoparty::VatId> system;
    kj::ForkedPromise<void> disconnected;
    schema::Session::Client session = nullptr;
  };
  kj::Maybe<kj::Own<Live>> live_;
  kj::Maybe<kj::ForkedPromise<schema::Session::Client>> connecting_;
  Identity identity_;
  uint64_t generation_ = 0;
  std::chrono::steady_clock::time_point next_attempt_{};
  std::chrono::milliseconds backoff_{0};
};

}  // namespace gridledger::rpc
