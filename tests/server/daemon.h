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
#include "testing/temp_dir.h"

namespace gridledger::testing {

// Runs `command` under bash; returns its exit status and stdout.
struct ShellRun {
  int exit_code = -1;
  std::string out;
};
ShellRun Shell(const std::string& command);

// GET `path` from an HTTP server on 127.0.0.1:`port` (HTTP/1.0, one
// request per connection). Returns the status code and the body.
struct HttpReply {
  int status = 0;
  std::string body;
};
HttpReply HttpGet(int port, const std::string& path);

// The registry every server test starts from (two grids, workers w1 l1 w2
// l2, community c1, street centre s1), written with the in-process engine.
void SeedRegistry(const std::string& data_dir);

// A CA and certificates signed by it, made with openssl in `dir`.
struct Certificates {
  std::string ca, server_cert, server_key;  // server: CN/SAN localhost, 127.0.0.1
  std::string other_ca;                     // a CA that signed nothing of ours
  std::string client_cert, client_key;      // signed by `ca`
};
Certificates MakeCertificates(const std::string& dir);

class Daemon {
 public:
  struct Options {
    bool tls = true;
    bool client_certificates = false;  // --client-ca
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
  std::string tls_port_, tcp_port_, http_port_;
  std::string tls_fixed_, tcp_fixed_, http_fixed_;  // ports kept across restarts
};

}  // namespace gridledger::testing
