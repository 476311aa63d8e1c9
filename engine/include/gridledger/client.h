// The engine of a running gridledgerd, through the same Engine and EventLog
// interfaces the in-process engine implements: the kiosk, the command line
// and other systems use one API, local or remote.
//
//   auto engine = gridledger::Connect("tls:ledger.example:7411",
//                                     {.credential = token, .ca_file = "ca.pem"});
//
// Addresses: "unix:/run/gridledger/gridledgerd.sock" (a credential is
// optional there: without one the session is the local operator),
// "tls:host:port" or "host:port" (TLS; the server's certificate must chain
// to `ca_file`, or to the system's trust store when none is given), and
// "tcp:127.0.0.1:port" (plain TCP, loopback test servers only).
//
// Failures are values: a transport failure (server down, connection lost,
// call timed out) is kUnavailable and the next call reconnects, with
// backoff between failed attempts. Commands carry a request id, so the
// client may retry a kUnavailable command with the same id; the engine
// answers a retry with the original outcome (CommandOptions). Without an
// explicit request id the client generates one per call and retries once
// itself after reconnecting. Subscriptions re-subscribe from the last
// delivered position after a reconnect.
//
// Thread safety: every method may be called from any thread; calls run on
// the connection's I/O thread (its own, or a ClientRuntime shared with
// other connections). Subscription handlers run on a thread of their own
// subscription.
#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "gridledger/engine.h"
#include "gridledger/export.h"
#include "gridledger/identity.h"
#include "gridledger/status.h"

namespace gridledger {

// An I/O thread for client connections. By default every connection runs
// its own; connections made with the same runtime (ClientOptions::runtime)
// share one thread and one event loop instead. That is what a process
// holding many connections wants (a gateway, a load generator, a test
// standing in for many kiosks): one thread that is woken once for the
// answers of many calls, instead of a thread per connection woken for each.
//
//   auto io = gridledger::ClientRuntime::Start();
//   gridledger::ClientOptions o;
//   o.credential = token;
//   o.runtime = *io;
//   auto a = gridledger::Connect(address, o), b = gridledger::Connect(address, o);
//
// The contract:
//  * Each connection keeps its runtime alive: the thread ends when the last
//    of the handles returned here and the connections made with it is gone,
//    whatever the order.
//  * Connections on one runtime are independent: each has its own socket,
//    login, identity, reconnection backoff, call timeout and
//    subscriptions. One connection losing its server, failing a call or
//    being destroyed does not disturb the others.
//  * Calls from many threads are carried concurrently (the loop never
//    waits for one answer before sending the next), but every
//    connection's wire work (framing, TLS, reading answers) runs on the one
//    thread, so a runtime gives at most one core to its connections; use
//    several runtimes for more.
//  * Do not destroy a connection, or drop the last handle of a runtime,
//    on the runtime's own thread (inside an AppendAsync callback).
class GRIDLEDGER_EXPORT ClientRuntime {
 public:
  // Starts the thread (named gl-client-io). kInternal if it cannot set up
  // its event loop.
  static Result<std::shared_ptr<ClientRuntime>> Start();
  virtual ~ClientRuntime() = default;

  // The connections it carries now.
  virtual size_t connections() const = 0;

 protected:
  ClientRuntime() = default;
};

struct ClientOptions {
  // The credential token ("glc1...."); "" on the unix socket acts as the
  // local operator. Default: ""
  std::string credential;
  // PEM file of the CA that signed the server's certificate. Default: ""
  // (the system's trust store)
  std::string ca_file;
  // The name the server's certificate must carry. Default: the address's
  // host
  std::string server_name;
  // Client certificate and key, for servers that require one. Default: ""
  std::string certificate_file;
  std::string key_file;
  // Longest a call may take before it fails with kUnavailable.
  // Default: 60 s
  std::chrono::milliseconds call_timeout{60000};
  // Backoff between reconnection attempts: doubles from min to max.
  // Default: 100 ms .. 5 s
  std::chrono::milliseconds reconnect_min{100};
  std::chrono::milliseconds reconnect_max{5000};
  // Shown in the server's log. Default: ""
  std::string client_name;
  // The I/O thread to run on, shared with the other connections made with
  // it (see ClientRuntime). Default: null (a thread of the connection's
  // own)
  std::shared_ptr<ClientRuntime> runtime;
};

// What Backup wrote.
struct BackupSummary {
  uint32_t files = 0;
  uint64_t bytes = 0;
};

class GRIDLEDGER_EXPORT RemoteEngine : public Engine {
 public:
  // Who the server says this connection is (from the credential).
  virtual Identity identity() const = 0;

  // ---- operators ------------------------------------------------------------
  virtual Result<IssuedCredential> IssueCredential(IdentityKind kind, const std::string& subject,
                                                   const std::string& note) = 0;
  virtual Status RevokeCredential(const std::string& credential_id, const std::string& reason) = 0;
  virtual Result<std::vector<CredentialInfo>> ListCredentials() = 0;
  // Writes a consistent copy of the live store (a checkpoint taken by the
  // server) into the local directory `dir`, which must not exist. The copy
  // opens with Engine::Open. On failure `dir` is removed.
  virtual Result<BackupSummary> Backup(const std::string& dir) = 0;

 protected:
  RemoteEngine() = default;
};

// Connects and logs in. kUnavailable when the server cannot be reached or
// the TLS handshake fails, kPermissionDenied for a refused credential,
// kInvalidArgument for a malformed address or unreadable certificate files.
GRIDLEDGER_EXPORT Result<std::unique_ptr<RemoteEngine>> Connect(const std::string& address,
                                                                const ClientOptions& options = {});

}  // namespace gridledger
