#include "server/daemon.h"

#include <arpa/inet.h>
#include <kj/async-io.h>
#include <kj/compat/http.h>
#include <kj/compat/tls.h>
#include <kj/debug.h>
#include <kj/encoding.h>
#include <kj/vector.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <sstream>

namespace gridledger::testing {

HttpReply Http(const HttpCall& call) {
  HttpReply reply;
  try {
    auto io = kj::setupAsyncIo();
    kj::HttpHeaderTable table;
    kj::Maybe<kj::Own<kj::TlsContext>> tls;
    kj::Maybe<kj::Own<kj::Network>> tls_network;
    kj::Vector<kj::TlsCertificate> trusted;
    if (call.url.rfind("https://", 0) == 0) {
      std::ifstream in(call.ca_file);
      std::stringstream pem;
      pem << in.rdbuf();
      trusted.add(kj::TlsCertificate(kj::StringPtr(pem.str().c_str())));
      kj::TlsContext::Options o;
      o.useSystemTrustStore = false;
      o.trustedCertificates = trusted.asPtr();
      tls = kj::heap<kj::TlsContext>(kj::mv(o));
      tls_network = KJ_ASSERT_NONNULL(tls)->wrapNetwork(io.provider->getNetwork());
    }
    kj::Maybe<kj::Network&> secure;
    KJ_IF_MAYBE (n, tls_network) {
      secure = **n;
    }
    auto client =
        kj::newHttpClient(io.provider->getTimer(), table, io.provider->getNetwork(), secure);
    kj::HttpHeaders headers(table);
    if (!call.content_type.empty())
      headers.set(kj::HttpHeaderId::CONTENT_TYPE, call.content_type.c_str());
    for (const auto& [name, value] : call.headers) headers.add(name.c_str(), value.c_str());
    auto method = KJ_ASSERT_NONNULL(kj::tryParseHttpMethod(call.method.c_str()));
    auto request = client->request(method, call.url.c_str(), headers, call.body.size());
    if (!call.body.empty())
      request.body->write(call.body.data(), call.body.size()).wait(io.waitScope);
    request.body = nullptr;
    auto response = request.response.wait(io.waitScope);
    reply.status = response.statusCode;
    KJ_IF_MAYBE (type, response.headers->get(kj::HttpHeaderId::CONTENT_TYPE)) {
      reply.content_type = type->cStr();
    }
    auto text = response.body->readAllText().wait(io.waitScope);
    reply.body.assign(text.cStr(), text.size());
  } catch (const kj::Exception& e) {
    ADD_FAILURE() << call.method << " " << call.url << ": " << e.getDescription().cStr();
    reply.status = 0;
  }
  return reply;
}

HttpReply HttpGet(int port, const std::string& path) {
  return Http({.url = "http://127.0.0.1:" + std::to_string(port) + path});
}

std::string FormEncode(const std::vector<std::pair<std::string, std::string>>& fields) {
  std::string out;
  for (const auto& [name, value] : fields) {
    if (!out.empty()) out += '&';
    out += kj::encodeWwwForm(kj::arrayPtr(name.data(), name.size())).cStr();
    out += '=';
    out += kj::encodeWwwForm(kj::arrayPtr(value.data(), value.size())).cStr();
  }
  return out;
}

void SeedRegistry(const std::string& data_dir) {
  auto opened = Engine::Open(data_dir);
  ASSERT_TRUE(opened.ok()) << opened.status().ToString();
  auto& e = **opened;
  const Actor sys = Actor::System("test");
  auto ok = [](Result<AppendResult> r) { ASSERT_TRUE(r.ok()) << r.status().ToString(); };
  ok(e.Record(sys, cmd::DefineGrid{{"411302001", "新华街道", GridKind::kStreet, "", 0}}));
  ok(e.Record(sys,
              cmd::DefineGrid{{"411302001001", "文化社区", GridKind::kCommunity, "411302001", 0}}));
  ok(e.Record(
      sys, cmd::DefineGrid{{"41130200100101", "第一网格", GridKind::kGrid, "411302001001", 400}}));
  ok(e.Record(
      sys, cmd::DefineGrid{{"41130200100102", "第二网格", GridKind::kGrid, "411302001001", 400}}));
  ok(e.Record(sys,
              cmd::RegisterPlace{{"p1", "41130200100101", "文化小区", PlaceKind::kCompound, ""}}));
  ok(e.Record(sys, cmd::AssignWorker{{"w1", "张敏", Role::kFullTimeWorker, "41130200100101", ""}}));
  ok(e.Record(sys, cmd::AssignWorker{{"l1", "李强", Role::kGridLeader, "41130200100101", ""}}));
  ok(e.Record(sys, cmd::AssignWorker{{"w2", "王伟", Role::kFullTimeWorker, "41130200100102", ""}}));
  ok(e.Record(sys,
              cmd::AssignWorker{{"c1", "文化社区居委会", Role::kCommunity, "411302001001", ""}}));
  ok(e.Record(sys, cmd::AssignWorker{{"s1", "综治中心", Role::kStreetCentre, "411302001", ""}}));
}

Daemon::Daemon(std::string data_dir, Certificates certs, std::string socket_path, Options options)
    : data_(std::move(data_dir)),
      socket_(std::move(socket_path)),
      certs_(std::move(certs)),
      options_(options) {}

Daemon::~Daemon() {
  if (pid_ > 0) Kill();
}

void Daemon::Start() {
  int out[2];
  ASSERT_EQ(::pipe(out), 0);
  std::vector<std::string> args = {GL_DAEMON,
                                   "--data",
                                   data_,
                                   "--socket",
                                   socket_,
                                   "--insecure-loopback",
                                   "127.0.0.1:" + (tcp_fixed_.empty() ? "0" : tcp_fixed_),
                                   "--threads",
                                   "16",
                                   "--http-insecure-loopback",
                                   "127.0.0.1:" + (http_fixed_.empty() ? "0" : http_fixed_)};
  if (options_.tls) {
    args.insert(args.end(), {"--listen", "127.0.0.1:" + (tls_fixed_.empty() ? "0" : tls_fixed_),
                             "--cert", certs_.server_cert, "--key", certs_.server_key});
    if (options_.client_certificates) args.insert(args.end(), {"--client-ca", certs_.ca});
    args.insert(args.end(),
                {"--http-listen", "127.0.0.1:" + (https_fixed_.empty() ? "0" : https_fixed_)});
  }
  args.insert(args.end(), options_.extra_args.begin(), options_.extra_args.end());
  pid_ = ::fork();
  ASSERT_GE(pid_, 0);
  if (pid_ == 0) {
    ::dup2(out[1], 1);
    ::close(out[0]);
    ::close(out[1]);
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    ::execv(argv[0], argv.data());
    ::_exit(127);
  }
  ::close(out[1]);
  stdout_fd_ = out[0];
  // The ready line: "gridledgerd ready unix:... tls:127.0.0.1:P tcp:127.0.0.1:Q".
  std::string line;
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (line.find('\n') == std::string::npos) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    ASSERT_GT(left.count(), 0) << "gridledgerd did not get ready: " << line;
    pollfd p{stdout_fd_, POLLIN, 0};
    if (::poll(&p, 1, static_cast<int>(left.count())) <= 0) continue;
    char buf[512];
    ssize_t n = ::read(stdout_fd_, buf, sizeof buf);
    ASSERT_GT(n, 0) << "gridledgerd exited before it was ready: " << line;
    line.append(buf, n);
  }
  ASSERT_EQ(line.rfind("gridledgerd ready", 0), 0u) << line;
  std::istringstream words(line);
  std::string w;
  while (words >> w) {
    if (w.rfind("tls:", 0) == 0) tls_port_ = w.substr(w.rfind(':') + 1);
    if (w.rfind("tcp:", 0) == 0) tcp_port_ = w.substr(w.rfind(':') + 1);
    if (w.rfind("http:", 0) == 0) http_port_ = w.substr(w.rfind(':') + 1);
    if (w.rfind("https:", 0) == 0) https_port_ = w.substr(w.rfind(':') + 1);
  }
  https_fixed_ = https_port_;
  tls_fixed_ = tls_port_;
  tcp_fixed_ = tcp_port_;
  http_fixed_ = http_port_;
}

int Daemon::Stop() {
  if (pid_ <= 0) return -1;
  ::kill(pid_, SIGTERM);
  int status = 0;
  ::waitpid(pid_, &status, 0);
  pid_ = -1;
  ::close(stdout_fd_);
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

void Daemon::Kill() {
  if (pid_ <= 0) return;
  ::kill(pid_, SIGKILL);
  int status = 0;
  ::waitpid(pid_, &status, 0);
  pid_ = -1;
  ::close(stdout_fd_);
}

std::unique_ptr<RemoteEngine> Daemon::Operator() const {
  auto r = Connect(unix_address());
  EXPECT_TRUE(r.ok()) << r.status().ToString();
  return r.ok() ? std::move(r).value() : nullptr;
}

std::string Daemon::Issue(IdentityKind kind, const std::string& subject) const {
  auto op = Operator();
  if (!op) return {};
  auto issued = op->IssueCredential(kind, subject, "test");
  EXPECT_TRUE(issued.ok()) << issued.status().ToString();
  return issued.ok() ? issued->token : std::string();
}

Result<std::unique_ptr<RemoteEngine>> Daemon::OverTls(const std::string& credential,
                                                      const std::string& ca) const {
  ClientOptions o;
  o.credential = credential;
  o.ca_file = ca.empty() ? certs_.ca : ca;
  o.server_name = "localhost";
  o.call_timeout = std::chrono::milliseconds(20000);
  if (options_.client_certificates) {
    o.certificate_file = certs_.client_cert;
    o.key_file = certs_.client_key;
  }
  return Connect(tls_address(), o);
}

}  // namespace gridledger::testing
