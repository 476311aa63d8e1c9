#include "jetstream/nats_cluster.h"

#include <nats/nats.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>
#include <thread>

namespace gridledger::testing {

int FreePort() {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  a.sin_port = 0;
  ::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a);
  socklen_t len = sizeof a;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len);
  int port = ntohs(a.sin_port);
  ::close(fd);
  return port;
}

namespace {

// JetStream answers an account-info request through the node at `url`.
bool JetStreamAnswers(const std::string& url, const NatsSecurity& security) {
  natsOptions* opts = nullptr;
  natsConnection* nc = nullptr;
  jsCtx* js = nullptr;
  bool ok = false;
  if (natsOptions_Create(&opts) == NATS_OK && natsOptions_SetURL(opts, url.c_str()) == NATS_OK &&
      natsOptions_SetTimeout(opts, 500) == NATS_OK &&
      (security.user.empty() || natsOptions_SetUserInfo(opts, security.user.c_str(),
                                                        security.password.c_str()) == NATS_OK) &&
      (security.tls_ca.empty() ||
       (natsOptions_SetSecure(opts, true) == NATS_OK &&
        natsOptions_LoadCATrustedCertificates(opts, security.tls_ca.c_str()) == NATS_OK)) &&
      natsOptions_SetAllowReconnect(opts, false) == NATS_OK &&
      natsConnection_Connect(&nc, opts) == NATS_OK) {
    jsOptions jo;
    jsOptions_Init(&jo);
    jo.Wait = 1000;
    if (natsConnection_JetStream(&js, nc, &jo) == NATS_OK) {
      jsAccountInfo* ai = nullptr;
      jsErrCode jerr = jsErrCode(0);
      if (js_GetAccountInfo(&ai, js, nullptr, &jerr) == NATS_OK) {
        ok = true;
        jsAccountInfo_Destroy(ai);
      }
      jsCtx_Destroy(js);
    }
  }
  if (nc != nullptr) natsConnection_Destroy(nc);
  if (opts != nullptr) natsOptions_Destroy(opts);
  return ok;
}

}  // namespace

namespace {
std::string StoreBase() {
  const char* base = std::getenv("GRIDLEDGER_NATS_STORE_DIR");
  return base != nullptr ? base : "";
}
}  // namespace

NatsCluster::NatsCluster(int nodes, NatsSecurity security)
    : stores_(StoreBase()), security_(std::move(security)) {
  nodes_.resize(nodes);
  for (auto& n : nodes_) {
    n.client_port = FreePort();
    n.cluster_port = FreePort();
  }
  for (int i = 0; i < nodes; ++i) {
    Node& n = nodes_[i];
    std::string name = "n" + std::to_string(i + 1);
    n.config = dir_.Sub(name + ".conf");
    n.log = dir_.Sub(name + ".log");
    std::ofstream c(n.config);
    c << "server_name: " << name << "\n"
      << "listen: 127.0.0.1:" << n.client_port << "\n"
      << "max_payload: 4MB\n"
      << "jetstream {\n  store_dir: \"" << stores_.Sub(name) << "\"\n"
      << "  max_memory_store: 64MB\n  max_file_store: 2GB\n}\n";
    if (!security_.user.empty())
      c << "authorization {\n  user: \"" << security_.user << "\"\n  password: \""
        << security_.password << "\"\n}\n";
    if (!security_.tls_cert.empty())
      c << "tls {\n  cert_file: \"" << security_.tls_cert << "\"\n  key_file: \""
        << security_.tls_key << "\"\n}\n";
    if (nodes > 1) {
      c << "cluster {\n  name: gridledger-test\n  listen: 127.0.0.1:" << n.cluster_port
        << "\n  routes: [\n";
      for (int j = 0; j < nodes; ++j)
        if (j != i) c << "    nats-route://127.0.0.1:" << nodes_[j].cluster_port << "\n";
      c << "  ]\n}\n";
    }
  }
  for (int i = 0; i < nodes; ++i) Start(i);
  status_ = WaitReady();
}

NatsCluster::~NatsCluster() {
  for (int i = 0; i < size(); ++i)
    if (running(i)) Kill(i);
}

std::string NatsCluster::urls() const {
  std::string out;
  for (const auto& n : nodes_) {
    if (!out.empty()) out += ",";
    out += "nats://127.0.0.1:" + std::to_string(n.client_port);
  }
  return out;
}

void NatsCluster::Kill(int i) {
  Node& n = nodes_[i];
  if (n.pid <= 0) return;
  ::kill(n.pid, SIGKILL);
  int status = 0;
  ::waitpid(n.pid, &status, 0);
  n.pid = -1;
}

void NatsCluster::Start(int i) {
  Node& n = nodes_[i];
  if (n.pid > 0) return;
  pid_t pid = ::fork();
  if (pid == 0) {
    FILE* log = std::fopen(n.log.c_str(), "a");
    if (log != nullptr) {
      ::dup2(fileno(log), 1);
      ::dup2(fileno(log), 2);
    }
    ::execlp("nats-server", "nats-server", "-c", n.config.c_str(), static_cast<char*>(nullptr));
    std::_Exit(127);
  }
  n.pid = pid;
}

Status NatsCluster::WaitReady(std::chrono::milliseconds deadline) const {
  auto until = std::chrono::steady_clock::now() + deadline;
  for (size_t i = 0; i < nodes_.size(); ++i) {
    if (nodes_[i].pid <= 0) continue;
    std::string url = "nats://127.0.0.1:" + std::to_string(nodes_[i].client_port);
    while (!JetStreamAnswers(url, security_)) {
      if (std::chrono::steady_clock::now() > until)
        return Status::Unavailable("JetStream does not answer on node " + std::to_string(i + 1) +
                                   " (" + url + "); see " + nodes_[i].log);
      std::this_thread::sleep_for(std::chrono::milliseconds(50));  // polling, not synchronising
    }
  }
  return Status::Ok();
}

}  // namespace gridledger::testing
