// Server: the engine served over the network (gridledgerd's core), so that
// hall kiosks, grid workers, the dispatch desk, other systems and operators
// share one ledger at the same time.
//
// Protocol: Cap'n Proto RPC (schemas/rpc.capnp) over
//  * a unix socket for local tools: its file permissions (0660) are the
//    access control, and a session there may act as the local operator
//    without a credential;
//  * TCP with TLS (server certificate required; client certificates
//    required too when `client_ca_file` is set) for everything else;
//  * plain TCP only on a loopback address and only when asked for
//    (`insecure_loopback`, for tests).
// Every session proves who it is with a credential (CredentialStore) and
// every call is authorised against that identity: the identity's kind
// bounds what it may call, and the engine's own matrix decides each
// command for the actor the identity maps to (Identity::ToActor).
//
// Threads: one KJ event loop thread serves every connection; engine calls
// run on a pool of `engine_threads` so that concurrent appends from many
// connections share fsyncs like in-process threads do.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "gridledger/engine.h"
#include "gridledger/export.h"
#include "gridledger/forwarder.h"
#include "gridledger/http_handler.h"
#include "gridledger/standby.h"
#include "gridledger/status.h"

namespace gridledger {

struct ServerOptions {
  // The data directory the server owns (one jurisdiction partition).
  std::string data_dir;
  EngineOptions engine;
  // Path of the unix socket to listen on; "" for none. A stale socket file
  // is replaced; any other file there is refused.
  // Default: ""
  std::string unix_socket;
  // TLS listen addresses, "host:port" (port 0 picks a free one).
  // Default: none
  std::vector<std::string> tls_listen;
  // PEM files of the server's certificate (chain) and private key.
  // Required when tls_listen is not empty.
  std::string tls_certificate_file;
  std::string tls_key_file;
  // PEM file of the CA whose client certificates TLS clients must present;
  // "" accepts TLS clients without a certificate (they still need a
  // credential). Default: ""
  std::string client_ca_file;
  // Plain TCP addresses; each must be a loopback address (127.0.0.0/8 or
  // ::1). For tests only. Default: none
  std::vector<std::string> insecure_loopback;
  // Key of the credentials' keyed hashes; created (0600) when missing.
  // Default: "<data_dir>/credentials.key"
  std::string credential_key_file;
  // Threads running engine calls. Default: 64
  size_t engine_threads = 64;
  // Largest message accepted, in 8-byte words (Cap'n Proto's traversal
  // limit). Larger messages close the connection.
  // Default: 8 Mi words (64 MiB)
  uint64_t max_message_words = 8u << 20;
  // HTTP addresses of the web face (GET /metrics, /healthz, /readyz), with
  // TLS (the same certificate as the RPC port). Default: none
  std::vector<std::string> http_listen;
  // Plain HTTP, loopback addresses only (tests, a local scraper).
  // Default: none
  std::vector<std::string> http_insecure_loopback;
  // Protocols served on the web face beside /metrics, /healthz and
  // /readyz, each under its own path prefix (HttpHandler). Default: none
  std::vector<std::shared_ptr<HttpHandler>> http_handlers;
  // Largest request body the web face reads; larger ones are answered 413
  // unread. Default: 64 KiB
  size_t max_http_body_bytes = 64 << 10;
  // A client must send its request header within this time, and its body
  // within this time after the header (slow clients are answered 408 or
  // disconnected). Default: 15000 ms and 10000 ms
  uint32_t http_header_timeout_ms = 15000;
  uint32_t http_body_timeout_ms = 10000;
  // Events per subscription batch (and the most a read returns).
  // Default: 512
  uint32_t max_batch_events = 512;
  // Forwarding: when set, called once after the store opened; the server
  // then runs a Forwarder (forwarder.h) from its log into the returned sink
  // for as long as it serves, and /metrics shows its progress and lag
  // (gridledger_forward_*). Forwarding never blocks appends.
  // Default: none (no forwarding)
  std::function<std::unique_ptr<ForwardSink>()> make_forward_sink;
  ForwarderOptions forwarding;
  // A live standby (standby.h, docs/scaling.md): when set (together with
  // make_forward_sink and `standby.refusal`), called once after the store
  // opened; the server then refuses every write with `standby.refusal`
  // while it follows the returned source into its log and serves reads,
  // and promotes itself to primary (lifts the refusal, forwards into
  // make_forward_sink's sink) when the source says this node holds the
  // partition's lease. /metrics shows gridledger_standby_*.
  // Default: none (a primary)
  std::function<std::unique_ptr<StandbySource>()> make_standby_source;
  StandbyOptions standby;
};

// The address one listener is bound to, e.g. "unix:/run/gl.sock",
// "tls:127.0.0.1:7411", "tcp:127.0.0.1:40123".
struct ListenAddress {
  std::string transport;  // "unix" | "tls" | "tcp" | "https" | "http"
  std::string address;
};

class GRIDLEDGER_EXPORT Server {
 public:
  // Opens the engine on `options.data_dir` and starts listening on every
  // configured address before returning. Fails (nothing left listening)
  // when the store cannot open, an address cannot be bound, a certificate
  // cannot be read, or a plain TCP address is not loopback.
  static Result<std::unique_ptr<Server>> Start(const ServerOptions& options);

  // Stops as Stop() does.
  virtual ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Where it listens (ports resolved).
  virtual std::vector<ListenAddress> Addresses() const = 0;

  // Drains and stops: no new connections or calls; calls in flight finish
  // and are answered; subscriptions end cleanly (their consumers are told);
  // then connections close and the engine closes. Idempotent.
  virtual void Stop() = 0;

  // The engine the server serves (for embedding processes and tests).
  virtual Engine& engine() = 0;

  // The forwarder's progress; nullopt when the server does not forward.
  virtual std::optional<ForwarderStatus> forwarding() const = 0;

  // The standby's progress; nullopt when the server was not started as a
  // standby. Stays set (promoted = true) after a promotion.
  virtual std::optional<StandbyStatus> standby() const = 0;

 protected:
  Server() = default;
};

}  // namespace gridledger
