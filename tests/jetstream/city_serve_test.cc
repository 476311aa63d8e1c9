// `gridledger city serve` as a city platform runs it: the real binary
// against a real three-node cluster, its partitions forwarded by their own
// logs, its views read over HTTP while the partitions go on writing, and
// a restart that resumes the replicas where they end.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>
#include <map>
#include <thread>

#include "gridledger/event_log.h"
#include "gridledger/forwarder.h"
#include "gridledger/jetstream.h"
#include "jetstream/nats_cluster.h"
#include "jetstream/stream_copy.h"
#include "nlohmann/json.hpp"
#include "server/daemon.h"
#include "testing/certificates.h"
#include "testing/temp_dir.h"

namespace gridledger {
namespace {

using namespace std::chrono_literals;
using nlohmann::json;
using testing::NatsCluster;
using testing::TempDir;
using testing::WaitFor;

// `gridledger city serve …` as a child process; its ready line read.
class CityServe {
 public:
  explicit CityServe(std::vector<std::string> args) : args_(std::move(args)) {}
  ~CityServe() {
    if (pid_ > 0) {
      ::kill(pid_, SIGKILL);
      ::waitpid(pid_, nullptr, 0);
    }
    if (out_ >= 0) ::close(out_);
  }

  // Starts it and reads the ready line; the HTTP port from it (0 on failure).
  int Start() {
    int fds[2];
    if (::pipe(fds) != 0) return 0;
    pid_ = ::fork();
    if (pid_ == 0) {
      ::dup2(fds[1], 1);
      ::close(fds[0]);
      ::close(fds[1]);
      std::vector<char*> argv;
      std::string cli = GL_CLI;
      argv.push_back(cli.data());
      for (auto& a : args_) argv.push_back(a.data());
      argv.push_back(nullptr);
      ::execv(cli.c_str(), argv.data());
      ::_exit(127);
    }
    ::close(fds[1]);
    out_ = fds[0];
    const std::string line = ReadLine(30s);
    ready_ = line;
    const std::string marker = "http://127.0.0.1:";
    const size_t at = line.find(marker);
    if (at == std::string::npos) return 0;
    return std::atoi(line.c_str() + at + marker.size());
  }

  // SIGTERM; the exit status, and the line it printed on the way out.
  std::pair<int, std::string> Stop() {
    ::kill(pid_, SIGTERM);
    std::string last = ReadLine(30s);
    int status = 0;
    ::waitpid(pid_, &status, 0);
    pid_ = -1;
    return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, last};
  }

  const std::string& ready() const { return ready_; }

 private:
  std::string ReadLine(std::chrono::milliseconds timeout) {
    std::string line;
    const auto until = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < until) {
      pollfd p{out_, POLLIN, 0};
      if (::poll(&p, 1, 100) <= 0) continue;
      char c;
      if (::read(out_, &c, 1) != 1) break;
      if (c == '\n') return line;
      line += c;
    }
    return line;
  }

  std::vector<std::string> args_;
  pid_t pid_ = -1;
  int out_ = -1;
  std::string ready_;
};

JetStreamOptions Options(const NatsCluster& cluster, const std::string& district) {
  JetStreamOptions o;
  o.servers = cluster.urls();
  o.district = district;
  o.replicas = 3;
  o.timeout = 2s;
  return *ValidateJetStreamOptions(o);
}

void ForwardEverything(const NatsCluster& cluster, const std::string& d, const std::string& data) {
  auto log = EventLog::Open(data);
  ASSERT_TRUE(log.ok());
  auto forwarder = Forwarder::Start(**log, MakeJetStreamSink(Options(cluster, d)).value());
  ASSERT_TRUE(forwarder->WaitForwarded((*log)->Committed(), 60s)) << forwarder->status().last_error;
}

json Get(int port, const std::string& path) {
  auto reply = testing::HttpGet(port, path);
  EXPECT_EQ(reply.status, 200) << path << ": " << reply.body;
  return reply.status == 200 ? json::parse(reply.body) : json();
}

// Every partition's replica holds its stream's last sequence.
bool CaughtUp(int port, const std::map<std::string, uint64_t>& last) {
  auto reply = testing::HttpGet(port, "/city/partitions");
  if (reply.status != 200) return false;
  for (const auto& p : json::parse(reply.body))
    if (p["position"].get<uint64_t>() != last.at(p["partition"].get<std::string>())) return false;
  return true;
}

const char* kCounts[] = {"filed",   "closed",     "closedOnTime",        "rejected",
                         "rated",   "satisfied",  "mediationsConcluded", "mediationsAgreed",
                         "patrols", "inspections"};

TEST(CityServeTest, KeepsThePartitionsLiveAndAnswersTheirViewsOverHttp) {
  NatsCluster cluster(3);
  ASSERT_TRUE(cluster.status().ok()) << cluster.status().ToString();
  TempDir dir;
  const std::vector<std::string> districts = {"411302", "411303"};
  std::map<std::string, uint64_t> last;
  std::vector<std::string> args = {"city",    "serve",        "--nats",   cluster.urls(),
                                   "--cache", dir.Sub("hub"), "--listen", "127.0.0.1:0"};
  for (size_t i = 0; i < districts.size(); ++i) {
    const std::string& d = districts[i];
    auto sim = testing::Shell(std::string(GL_CLI) + " --data " + dir.Sub(d) +
                              " simulate --days 2 --requests-per-day 12 --district " + d +
                              " --seed " + std::to_string(7 + i) + " >/dev/null");
    ASSERT_EQ(sim.exit_code, 0) << sim.out;
    ForwardEverything(cluster, d, dir.Sub(d));
    last[d] = testing::StreamLastSequence(Options(cluster, d));
    args.push_back("--district");
    args.push_back(d);
  }
  // The partitions' own figures, summed.
  auto own_sum = [&] {
    json sum = json::object();
    for (const auto& d : districts) {
      auto stats = testing::Shell(std::string(GL_CLI) + " --data " + dir.Sub(d) + " stats --json");
      EXPECT_EQ(stats.exit_code, 0) << stats.out;
      auto j = json::parse(stats.out);
      for (const char* c : kCounts) sum[c] = sum.value(c, uint64_t{0}) + j[c].get<uint64_t>();
    }
    return sum;
  };

  CityServe serve(args);
  const int port = serve.Start();
  ASSERT_GT(port, 0) << "ready line: " << serve.ready();
  EXPECT_NE(serve.ready().find("following 2 partitions"), std::string::npos) << serve.ready();
  ASSERT_TRUE(WaitFor([&] { return CaughtUp(port, last); }, 60s))
      << testing::HttpGet(port, "/city/partitions").body;

  json sum = own_sum();
  json stats = Get(port, "/city/stats");
  ASSERT_EQ(stats["partitions"].size(), 2u);
  EXPECT_GT(sum["filed"].get<uint64_t>(), 0u);
  for (const char* c : kCounts) EXPECT_EQ(stats["total"][c], sum[c]) << c;
  // The same figures as the one-shot command over the same streams.
  auto once = testing::Shell(std::string(GL_CLI) + " city stats --json --nats " + cluster.urls() +
                             " --district 411302 --district 411303 --cache " + dir.Sub("once"));
  ASSERT_EQ(once.exit_code, 0) << once.out;
  EXPECT_EQ(stats["total"], json::parse(once.out)["total"]);
  // Scoped by a street, and a ledger and queue that are the partitions' own.
  json street = Get(port, "/city/stats?street=411303001&streets=0");
  EXPECT_EQ(street["partitions"][1]["filed"], stats["partitions"][1]["filed"]);
  EXPECT_EQ(street["partitions"][0]["filed"], 0);
  json ledger = Get(port, "/city/ledger");
  EXPECT_EQ(ledger.size(), sum["filed"].get<uint64_t>());
  EXPECT_TRUE(Get(port, "/city/queue").is_array());

  // Live: a partition goes on working; its new record reaches the city's
  // figures without a restart.
  const std::string grid = ledger[0]["gridCode"];
  const std::string owner = ledger[0]["partition"];
  {
    std::ofstream line(dir.Sub("patrol.jsonl"));
    line << json{{"type", "patrolRecorded"},
                 {"data", {{"gridCode", grid}, {"note", "巡查"}, {"placesVisited", 3}}}}
                .dump()
         << "\n";
  }
  auto patrol = testing::Shell(std::string(GL_CLI) + " --data " + dir.Sub(owner) +
                               " append -s patrol-" + grid + " < " + dir.Sub("patrol.jsonl"));
  ASSERT_EQ(patrol.exit_code, 0) << patrol.out;
  ForwardEverything(cluster, owner, dir.Sub(owner));
  last[owner] = testing::StreamLastSequence(Options(cluster, owner));
  ASSERT_TRUE(WaitFor(
      [&] {
        return Get(port, "/city/stats")["total"]["patrols"] == sum["patrols"].get<uint64_t>() + 1;
      },
      30s));
  ASSERT_TRUE(WaitFor([&] { return CaughtUp(port, last); }, 30s));

  // Its progress for a monitoring system.
  auto metrics = testing::HttpGet(port, "/metrics");
  ASSERT_EQ(metrics.status, 200);
  EXPECT_NE(metrics.body.find("gridledger_city_partition_lag_events{partition=\"411302\"} 0"),
            std::string::npos)
      << metrics.body;
  EXPECT_NE(metrics.body.find("gridledger_city_partition_position{partition=\"" + owner + "\"} " +
                              std::to_string(last[owner])),
            std::string::npos)
      << metrics.body;
  // Bad requests get a clear answer, and nothing can be written.
  auto unknown = testing::HttpGet(port, "/city/stats?colour=red");
  EXPECT_EQ(unknown.status, 400);
  EXPECT_NE(unknown.body.find("unknown parameter 'colour'"), std::string::npos) << unknown.body;
  EXPECT_EQ(testing::HttpGet(port, "/city/stats?from=yesterday").status, 400);
  EXPECT_EQ(testing::HttpGet(port, "/city/cities").status, 404);
  testing::HttpCall post;
  post.method = "POST";
  post.url = "http://127.0.0.1:" + std::to_string(port) + "/city/stats";
  post.body = "x";
  EXPECT_EQ(testing::Http(post).status, 405);

  // The whole cluster gone: the views are still answered from the
  // replicas as they stand, and the partitions say they are not connected;
  // back, following resumes from each replica's own position.
  const json before_outage = Get(port, "/city/stats")["total"];
  for (int i = 0; i < cluster.size(); ++i) cluster.Kill(i);
  ASSERT_TRUE(WaitFor(
      [&] {
        auto p = Get(port, "/city/partitions");
        return !p[0]["connected"].get<bool>() && !p[1]["connected"].get<bool>() &&
               p[0]["failures"].get<uint64_t>() > 0;
      },
      30s))
      << testing::HttpGet(port, "/city/partitions").body;
  EXPECT_EQ(Get(port, "/city/stats")["total"], before_outage);
  for (int i = 0; i < cluster.size(); ++i) cluster.Start(i);
  ASSERT_TRUE(cluster.WaitReady().ok());
  ASSERT_TRUE(WaitFor(
      [&] {
        auto p = Get(port, "/city/partitions");
        return p[0]["connected"].get<bool>() && p[1]["connected"].get<bool>();
      },
      60s))
      << testing::HttpGet(port, "/city/partitions").body;
  ASSERT_EQ(testing::Shell(std::string(GL_CLI) + " --data " + dir.Sub(owner) +
                           " append -s patrol-" + grid + " < " + dir.Sub("patrol.jsonl"))
                .exit_code,
            0);
  ForwardEverything(cluster, owner, dir.Sub(owner));
  last[owner] = testing::StreamLastSequence(Options(cluster, owner));
  ASSERT_TRUE(WaitFor([&] { return CaughtUp(port, last); }, 60s))
      << testing::HttpGet(port, "/city/partitions").body;
  EXPECT_EQ(Get(port, "/city/stats")["total"]["patrols"], sum["patrols"].get<uint64_t>() + 2);

  // SIGTERM stops it cleanly; started again, each replica resumes where it
  // ended (nothing read twice) and the figures are the same.
  auto [code, line] = serve.Stop();
  EXPECT_EQ(code, 0);
  EXPECT_NE(line.find("SIGTERM: stopping"), std::string::npos) << line;
  CityServe again(args);
  const int port2 = again.Start();
  ASSERT_GT(port2, 0) << again.ready();
  json resumed = Get(port2, "/city/partitions");
  for (const auto& p : resumed)
    EXPECT_EQ(p["position"].get<uint64_t>(), last[p["partition"].get<std::string>()]) << p.dump();
  EXPECT_EQ(Get(port2, "/city/stats")["total"]["patrols"], sum["patrols"].get<uint64_t>() + 2);
}

}  // namespace
}  // namespace gridledger
