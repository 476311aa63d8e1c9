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
// the client's own I/O thread. Subscription handlers run on a thread of
// their own subscription.
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
