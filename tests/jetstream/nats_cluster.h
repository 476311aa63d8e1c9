// A real NATS JetStream cluster for tests: `nats-server` nodes on
// 127.0.0.1 with free ports, each with its own store directory under a
// temporary directory, routed into one cluster. Every process it starts is
// killed and reaped when it is destroyed.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <string>
#include <vector>

#include "gridledger/status.h"
#include "testing/temp_dir.h"

namespace gridledger::testing {

// A cluster that is not open: a user with a password, and TLS with the
// servers' certificate (clients verify it against `tls_ca`).
struct NatsSecurity {
  std::string user, password;             // empty: anonymous
  std::string tls_cert, tls_key, tls_ca;  // empty: plain
};

class NatsCluster {
 public:
  // Starts `nodes` servers (1 or 3) and waits until JetStream answers on
  // every one of them (at most 30 s; see status()), connecting as
  // `security` says. The nodes' JetStream stores are under
  // $GRIDLEDGER_NATS_STORE_DIR when it is set (e.g. /dev/shm: the benchmark
  // standing in for NATS hosts with disks of their own, docs/scaling.md),
  // else beside their configurations under $TMPDIR.
  explicit NatsCluster(int nodes = 3, NatsSecurity security = {});
  // OK when every node answered at start.
  const Status& status() const { return status_; }
  ~NatsCluster();
  NatsCluster(const NatsCluster&) = delete;
  NatsCluster& operator=(const NatsCluster&) = delete;

  // "nats://127.0.0.1:P1,nats://127.0.0.1:P2,..."
  std::string urls() const;
  int size() const { return static_cast<int>(nodes_.size()); }

  // SIGKILL node `i` (no shutdown), and reap it.
  void Kill(int i);
  // Starts node `i` again on its ports and store; does not wait.
  void Start(int i);
  // Waits until JetStream answers through every running node.
  // (ok) or the deadline passes (error naming the node).
  Status WaitReady(std::chrono::milliseconds deadline = std::chrono::seconds(30)) const;
  bool running(int i) const { return nodes_[i].pid > 0; }

 private:
  struct Node {
    int client_port = 0;
    int cluster_port = 0;
    std::string config;
    std::string log;
    pid_t pid = -1;
  };
  TempDir dir_;
  TempDir stores_;
  NatsSecurity security_;
  Status status_;
  std::vector<Node> nodes_;
};

// A loopback TCP port nobody listens on right now.
int FreePort();

}  // namespace gridledger::testing
