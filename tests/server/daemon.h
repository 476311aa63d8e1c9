// A real gridledgerd for tests: a seeded store, certificates made with
// openssl, the binary started as a child process on a unix socket, a TLS
// port and a loopback port, and its ready line read before any test talks
// to it.
#pragma once

#include <gtest/gtest.h>
#include <signal.h>

#include <memory>
#include <string>
#include <vector>

#include "gridledger/client.h"
#include "gridledger/engine.h"
#include "testing/certificates.h"
#include "testing/temp_dir.h"

namespace gridledger::testing {

// One HTTP exchange made with a real HTTP client (kj-http, with TLS for
// https:// URLs trusting only `ca_file`). status 0 when no answer came.
struct HttpReply {
  int status = 0;
  std::string content_type;
  std::string body;
};
struct HttpCall {
  std::string method = "GET";
  std::string url;  // "http://127.0.0.1:PORT/path?query" or "https://localhost:PORT/..."
  std::string body{};
  std::string content_type{};  // sent when not empty
  std::vector<std::pair<std::string, std::string>> headers{};
  std::string ca_file{};  // for https
};
HttpReply Http(const HttpCall& call);
// GET `path` from 127.0.0.1:`port` over plain HTTP.
HttpReply HttpGet(int port, const std::string& path);
// application/x-www-form-urlencoded text of `fields`.
std::string FormEncode(const std::vector<std::pair<std::string, std::string>>& fields);

// The registry every server test starts from (two grids, workers w1 l1 w2
// l2, community c1, street centre s1), written with the in-process engine.
void SeedRegistry(const std::string& data_dir);

class Daemon {
 public:
  struct Options {
    bool tls = true;
    bool client_certificates = false;     // --client-ca
    std::vector<std::string> extra_args;  // more gridledgerd options
  };
  Daemon(std::string data_dir, Certificates certs, std::string socket_path, Options options);
  ~Daemon();

  // Starts the binary and waits for its ready line (fails the test if it
  // does not come within 20 s).
  void Start();
  // SIGTERM; returns the exit status.
  int Stop();
  // SIGKILL, no drain.
  void Kill();

  std::string unix_address() const { return "unix:" + socket_; }
  std::string tls_address() const { return "tls:127.0.0.1:" + tls_port_; }
  std::string tcp_address() const { return "tcp:127.0.0.1:" + tcp_port_; }
  int http_port() const { return std::stoi(http_port_); }
  // The HTTPS web face (with tls): "https://localhost:PORT".
  std::string https_base() const { return "https://localhost:" + https_port_; }
  std::string http_base() const { return "http://127.0.0.1:" + http_port_; }
  pid_t pid() const { return pid_; }

  // The local operator over the unix socket.
  std::unique_ptr<RemoteEngine> Operator() const;
  // A credential of `kind` for `subject`, issued by the operator.
  std::string Issue(IdentityKind kind, const std::string& subject) const;
  // A TLS client with `credential`.
  Result<std::unique_ptr<RemoteEngine>> OverTls(const std::string& credential,
                                                const std::string& ca = "") const;

  const Certificates& certs() const { return certs_; }

 private:
  std::string data_, socket_;
  Certificates certs_;
  Options options_;
  pid_t pid_ = -1;
  int stdout_fd_ = -1;
  std::string tls_port_, tcp_port_, http_port_, https_port_;
  std::string tls_fixed_, tcp_fixed_, http_fixed_, https_fixed_;  // ports kept across restarts
};

}  // namespace gridledger::testing
