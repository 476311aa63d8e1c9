// A live standby (gridledgerd --standby) against a real three-node NATS
// JetStream cluster (ctest -L jetstream): the real binaries, a primary
// `gridledgerd --forward` and a standby following its stream; the
// standby's log is byte-identical while appends go on, it refuses every
// write, and it becomes the primary when promoted (by the operator, or by
// itself when the killed primary's lease lapses).
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <iostream>
#include <string>
#include <vector>

#include "gridledger/client.h"
#include "gridledger/event_log.h"
#include "gridledger/jetstream.h"
#include "jetstream/nats_cluster.h"
#include "jetstream/stream_copy.h"
#include "server/daemon.h"
#include "testing/certificates.h"
#include "testing/temp_dir.h"

namespace gridledger {
namespace {

using namespace std::chrono_literals;
using testing::Daemon;
using testing::ExpectExactCopy;
using testing::NatsCluster;
using testing::StreamLastSequence;
using testing::TempDir;
using testing::WaitFor;

constexpr char kDistrict[] = "411310";

NewEvent Outreach(int i) {
  NewEvent e;
  e.payload = PolicyOutreachRecorded{"医保", static_cast<uint32_t>(i % 7 + 1), 2};
  e.grid_code = "41131000100101";
  e.actor = "w1";
  return e;
}

Status AppendOne(RemoteEngine& op, int i) {
  auto r = op.log().Append(StreamId{"outreach-" + std::to_string(i % 3)}, ExpectedVersion::Any(),
                           {Outreach(i)});
  return r.ok() ? Status::Ok() : r.status();
}

// The gridledgerd flags of a node of the partition, holding or waiting for
// the lease as `holder`.
std::vector<std::string> NodeArgs(const NatsCluster& cluster, const std::string& holder) {
  return {"--forward",
          cluster.urls(),
          "--forward-district",
          kDistrict,
          "--forward-replicas",
          "3",
          "--forward-lease-bucket",
          "GL_LEASES",
          "--forward-lease-holder",
          holder,
          "--forward-lease-ttl-ms",
          "2000"};
}

JetStreamOptions StreamOptions(const NatsCluster& cluster) {
  JetStreamOptions o;
  o.servers = cluster.urls();
  o.district = kDistrict;
  o.timeout = 2s;
  return *ValidateJetStreamOptions(o);
}

// The value of an unlabelled series on the node's /metrics; -1 if absent.
double Metric(const Daemon& node, const std::string& name) {
  const std::string page = testing::HttpGet(node.http_port(), "/metrics").body;
  size_t at = 0;
  while ((at = page.find(name + " ", at)) != std::string::npos) {
    if (at == 0 || page[at - 1] == '\n') return std::stod(page.substr(at + name.size() + 1));
    at += name.size();
  }
  return -1;
}

// Every stored event of `log` (bytes and positions) and its tail hash.
struct LogImage {
  std::vector<StoredEvent> stored;
  Hash256 tail{};
};
LogImage Image(EventLog& log) {
  LogImage image;
  Position next{1};
  while (true) {
    auto batch = log.ReadAllStored(next, 500);
    EXPECT_TRUE(batch.ok()) << batch.status().ToString();
    if (!batch.ok() || batch->empty()) break;
    next = Position{batch->back().position.value + 1};
    for (auto& s : *batch) image.stored.push_back(std::move(s));
  }
  const Position last = log.Committed();
  if (last.value > 0) {
    auto tail = log.ReadAll(last, 1);
    EXPECT_TRUE(tail.ok() && !tail->empty());
    if (tail.ok() && !tail->empty()) image.tail = tail->front().hash;
  }
  return image;
}

void ExpectSameLog(EventLog& primary, EventLog& standby) {
  LogImage a = Image(primary), b = Image(standby);
  ASSERT_EQ(a.stored.size(), b.stored.size());
  for (size_t i = 0; i < a.stored.size(); ++i) {
    EXPECT_EQ(a.stored[i].position, b.stored[i].position);
    EXPECT_EQ(a.stored[i].bytes, b.stored[i].bytes) << "position " << i + 1;
  }
  EXPECT_EQ(a.tail, b.tail);
  auto verified = standby.Verify();
  ASSERT_TRUE(verified.ok()) << verified.status().ToString();
  EXPECT_TRUE(verified->ok()) << verified->problem;
  EXPECT_EQ(verified->last_position, primary.Committed());
}

Daemon::Options NodeOptions(std::vector<std::string> args) {
  Daemon::Options o;
  o.tls = false;
  o.extra_args = std::move(args);
  return o;
}

TEST(StandbyTest, FollowsThePrimaryLiveRefusesWritesAndTakesOverWhenPromoted) {
  NatsCluster cluster(3);
  ASSERT_TRUE(cluster.status().ok()) << cluster.status().ToString();
  TempDir dir;
  const JetStreamOptions o = StreamOptions(cluster);
  Daemon primary(dir.Sub("primary"), {}, dir.Sub("a.sock"),
                 NodeOptions(NodeArgs(cluster, "node-a")));
  primary.Start();
  // Writes are taken once the forwarder has confirmed the lease.
  ASSERT_TRUE(WaitFor([&] { return Metric(primary, "gridledger_forward_connected") == 1; }, 30s));
  auto a = primary.Operator();
  ASSERT_NE(a, nullptr);
  for (int i = 0; i < 20; ++i) ASSERT_TRUE(AppendOne(*a, i).ok());
  ASSERT_TRUE(WaitFor([&] { return StreamLastSequence(o) == 20; }, 30s));

  // A standby on a new, empty data directory catches up from the stream.
  std::vector<std::string> standby_args = NodeArgs(cluster, "node-b");
  standby_args.push_back("--standby");
  Daemon standby(dir.Sub("standby"), {}, dir.Sub("b.sock"), NodeOptions(standby_args));
  standby.Start();
  auto b = standby.Operator();
  ASSERT_NE(b, nullptr);
  ASSERT_TRUE(WaitFor([&] { return b->log().Committed().value == 20; }, 30s))
      << b->log().Committed().value;

  // It follows live: each new event on the primary reaches the standby's
  // log well within a second.
  std::vector<double> delays_ms;
  for (int i = 20; i < 40; ++i) {
    ASSERT_TRUE(AppendOne(*a, i).ok());
    const auto appended = std::chrono::steady_clock::now();
    const uint64_t want = a->log().Committed().value;
    ASSERT_TRUE(WaitFor([&] { return b->log().Committed().value >= want; }, 30s)) << i;
    delays_ms.push_back(
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - appended)
            .count());
  }
  std::sort(delays_ms.begin(), delays_ms.end());
  std::cout << "append -> standby's log: median " << delays_ms[delays_ms.size() / 2]
            << " ms, slowest " << delays_ms.back() << " ms\n";
  EXPECT_LT(delays_ms[delays_ms.size() / 2], 500) << "median append -> standby delay";
  EXPECT_LT(delays_ms.back(), 2000) << "slowest append -> standby delay";
  ExpectSameLog(a->log(), b->log());
  EXPECT_EQ(Metric(standby, "gridledger_standby_position"), 40);
  ASSERT_TRUE(WaitFor([&] { return Metric(standby, "gridledger_standby_lag_events") == 0; }, 10s));
  EXPECT_EQ(Metric(standby, "gridledger_standby_promoted"), 0);
  EXPECT_EQ(Metric(standby, "gridledger_standby_connected"), 1);
  // Not ready for writes, and saying why; the primary is.
  EXPECT_EQ(Metric(standby, "gridledger_takes_writes"), 0);
  auto not_ready = testing::HttpGet(standby.http_port(), "/readyz");
  EXPECT_EQ(not_ready.status, 503);
  EXPECT_NE(not_ready.body.find("takes no writes: this node is a standby"), std::string::npos)
      << not_ready.body;
  EXPECT_EQ(Metric(primary, "gridledger_takes_writes"), 1);
  EXPECT_EQ(testing::HttpGet(primary.http_port(), "/readyz").status, 200);
  auto verify = testing::Shell(std::string(GL_CLI) + " --server " + standby.unix_address() +
                               " verify --log-only --json");
  EXPECT_EQ(verify.exit_code, 0) << verify.out;
  EXPECT_NE(verify.out.find("\"lastPosition\": 40"), std::string::npos) << verify.out;

  // Not a single write: the log, and the command line through it.
  auto refused = AppendOne(*b, 99);
  EXPECT_EQ(refused.code(), StatusCode::kPermissionDenied) << refused.ToString();
  EXPECT_NE(refused.message().find("standby of partition 411310 following stream GL_411310"),
            std::string::npos)
      << refused.message();
  EXPECT_NE(refused.message().find("gridledger forward promote node-b"), std::string::npos);
  auto cli = testing::Shell("echo '{\"type\":\"policyOutreachRecorded\",\"data\":{}}' | " +
                            std::string(GL_CLI) + " --server " + standby.unix_address() +
                            " append -s x 2>&1");
  EXPECT_NE(cli.exit_code, 0) << cli.out;
  EXPECT_EQ(b->log().Committed().value, 40u);
  // Its forward status says what it is: a standby following the stream,
  // not a primary whose log is behind it.
  auto forward_status = [&](const std::string& server) {
    return testing::Shell(std::string(GL_CLI) + " --json --server " + server +
                          " forward status --nats " + o.servers + " --district 411310");
  };
  auto as_standby = forward_status(standby.unix_address());
  ASSERT_EQ(as_standby.exit_code, 0) << as_standby.out;
  EXPECT_NE(as_standby.out.find("\"role\": \"standby\""), std::string::npos) << as_standby.out;
  EXPECT_NE(as_standby.out.find("\"stream_ahead_of_log\": false"), std::string::npos)
      << as_standby.out;
  EXPECT_NE(as_standby.out.find("\"follow_lag\": 0"), std::string::npos) << as_standby.out;
  auto as_primary = forward_status(primary.unix_address());
  ASSERT_EQ(as_primary.exit_code, 0) << as_primary.out;
  EXPECT_NE(as_primary.out.find("\"role\": \"primary\""), std::string::npos) << as_primary.out;
  EXPECT_NE(as_primary.out.find("\"lag\": 0"), std::string::npos) << as_primary.out;
  EXPECT_EQ(StreamLastSequence(o), 40u);

  // More appends on the primary while the standby is read from.
  for (int i = 40; i < 50; ++i) ASSERT_TRUE(AppendOne(*a, i).ok());
  ASSERT_TRUE(WaitFor([&] { return b->log().Committed().value == 50; }, 30s));
  ExpectSameLog(a->log(), b->log());

  // The operator's switch-over.
  auto promote = testing::Shell(std::string(GL_CLI) + " forward promote node-b --nats " +
                                o.servers + " --district 411310 --lease-bucket GL_LEASES");
  ASSERT_EQ(promote.exit_code, 0) << promote.out;
  EXPECT_NE(promote.out.find("the old primary takes no more writes"), std::string::npos)
      << promote.out;
  // It returned once the old primary's writes had ended.
  EXPECT_NE(AppendOne(*a, 100).code(), StatusCode::kOk);
  ASSERT_TRUE(WaitFor([&] { return Metric(standby, "gridledger_standby_promoted") == 1; }, 30s))
      << "gridledger_standby_failed " << Metric(standby, "gridledger_standby_failed");
  // The old primary, idle, fenced itself at its next lease renewal.
  ASSERT_TRUE(WaitFor([&] { return Metric(primary, "gridledger_forward_failed") == 1; }, 30s));
  auto fenced = AppendOne(*a, 100);
  EXPECT_EQ(fenced.code(), StatusCode::kPermissionDenied) << fenced.ToString();
  EXPECT_EQ(Metric(primary, "gridledger_takes_writes"), 0);
  EXPECT_EQ(testing::HttpGet(primary.http_port(), "/readyz").status, 503);
  EXPECT_EQ(Metric(standby, "gridledger_takes_writes"), 1);
  EXPECT_EQ(StreamLastSequence(o), 50u);

  // The new primary takes writes; they land in the stream at 51, 52, ...
  for (int i = 50; i < 55; ++i) ASSERT_TRUE(AppendOne(*b, i).ok());
  ASSERT_TRUE(WaitFor([&] { return StreamLastSequence(o) == 55; }, 30s)) << StreamLastSequence(o);
  // The forwarder records the stream's confirmation of 55 just after.
  EXPECT_TRUE(WaitFor([&] { return Metric(standby, "gridledger_forward_lag_events") == 0; }, 30s));
  b.reset();
  a.reset();
  EXPECT_EQ(standby.Stop(), 0);
  EXPECT_EQ(primary.Stop(), 0);
  ExpectExactCopy(dir.Sub("standby"), o);
}

TEST(StandbyTest, TakesOverByItselfWhenTheKilledPrimarysLeaseLapses) {
  NatsCluster cluster(3);
  ASSERT_TRUE(cluster.status().ok()) << cluster.status().ToString();
  TempDir dir;
  const JetStreamOptions o = StreamOptions(cluster);
  Daemon primary(dir.Sub("primary"), {}, dir.Sub("a.sock"),
                 NodeOptions(NodeArgs(cluster, "node-a")));
  primary.Start();
  // Writes are taken once the forwarder has confirmed the lease.
  ASSERT_TRUE(WaitFor([&] { return Metric(primary, "gridledger_forward_connected") == 1; }, 30s));
  auto a = primary.Operator();
  ASSERT_NE(a, nullptr);
  for (int i = 0; i < 10; ++i) ASSERT_TRUE(AppendOne(*a, i).ok());
  ASSERT_TRUE(WaitFor([&] { return StreamLastSequence(o) == 10; }, 30s));
  std::vector<std::string> standby_args = NodeArgs(cluster, "node-b");
  standby_args.push_back("--standby");
  standby_args.push_back("--standby-take-over");
  Daemon standby(dir.Sub("standby"), {}, dir.Sub("b.sock"), NodeOptions(standby_args));
  standby.Start();
  auto b = standby.Operator();
  ASSERT_NE(b, nullptr);
  ASSERT_TRUE(WaitFor([&] { return b->log().Committed().value == 10; }, 30s));

  // An idle but live primary keeps its lease (renewed every quarter of the
  // 2 s TTL): for three TTLs the standby stays a standby.
  EXPECT_FALSE(WaitFor([&] { return Metric(standby, "gridledger_standby_promoted") == 1; }, 6s));
  EXPECT_EQ(AppendOne(*b, 99).code(), StatusCode::kPermissionDenied);

  // The primary dies; its lease lapses after the TTL; the standby takes it.
  a.reset();
  primary.Kill();
  ASSERT_TRUE(WaitFor([&] { return Metric(standby, "gridledger_standby_promoted") == 1; }, 30s))
      << "gridledger_standby_failed " << Metric(standby, "gridledger_standby_failed");
  for (int i = 10; i < 13; ++i) ASSERT_TRUE(AppendOne(*b, i).ok());
  ASSERT_TRUE(WaitFor([&] { return StreamLastSequence(o) == 13; }, 30s)) << StreamLastSequence(o);
  b.reset();
  EXPECT_EQ(standby.Stop(), 0);
  ExpectExactCopy(dir.Sub("standby"), o);
}

}  // namespace
}  // namespace gridledger
