// The log's newer verbs against a real gridledgerd: AppendMulti over RPC
// (a conflict names the stream), filtered reads and a filtered
// subscription evaluated on the server (only matches travel; progress
// still advances), SeekTime; and the command line with --server.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <fstream>
#include <mutex>

#include "nlohmann/json.hpp"
#include "server/daemon.h"

namespace gridledger::testing {
namespace {

NewEvent Outreach(const std::string& grid) {
  NewEvent e;
  e.payload = PolicyOutreachRecorded{"医保", 1, 2};
  e.grid_code = grid;
  e.actor = "w1";
  return e;
}

class LogVerbsServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    certs_ = MakeCertificates(dir_.path());
    daemon_ =
        std::make_unique<Daemon>(dir_.Sub("store"), certs_, dir_.Sub("gl.sock"), Daemon::Options{});
    daemon_->Start();
    op_ = daemon_->Operator();
    ASSERT_NE(op_, nullptr);
  }
  void TearDown() override {
    op_.reset();
    daemon_.reset();
  }
  ShellRun Cli(const std::string& args, const std::string& input = "") {
    std::string in = dir_.Sub("stdin");
    std::ofstream(in) << input;
    return Shell(std::string(GL_CLI) + " --server " + daemon_->unix_address() + " " + args + " < " +
                 in);
  }

  TempDir dir_;
  Certificates certs_;
  std::unique_ptr<Daemon> daemon_;
  std::unique_ptr<RemoteEngine> op_;
};

TEST_F(LogVerbsServerTest, AppendMultiFilteredReadsSubscriptionsAndSeekOverRpc) {
  EventLog& log = op_->log();
  const Position base = log.Committed();  // the server's own events (credentials...)
  std::vector<StreamAppend> parts;
  parts.push_back(
      {StreamId{"outreach-a"}, ExpectedVersion::NoStream(), {Outreach("41130200100101")}});
  parts.push_back({StreamId{"outreach-b"},
                   ExpectedVersion::NoStream(),
                   {Outreach("41130200100201"), Outreach("41130200100201")}});
  auto r = log.AppendMulti(parts);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_EQ(r->size(), 2u);
  EXPECT_EQ((*r)[1].first_position.value, (*r)[0].last_position.value + 1);
  auto conflict = log.AppendMulti(parts);
  ASSERT_FALSE(conflict.ok());
  EXPECT_TRUE(conflict.status().IsConflict());
  EXPECT_NE(conflict.status().message().find("outreach-a"), std::string::npos);
  EXPECT_EQ(log.Committed().value, base.value + 3);

  EventFilter filter{.grid_codes = {"411302001002"}};
  auto read = log.ReadFiltered(Position{1}, 100, filter);
  ASSERT_TRUE(read.ok()) << read.status().ToString();
  ASSERT_EQ(read->events.size(), 2u);
  EXPECT_EQ(read->events[0].stream.value, "outreach-b");
  EXPECT_EQ(read->examined_to, log.Committed());

  auto since = log.SeekTime(FromMicros(0));
  ASSERT_TRUE(since.ok());
  EXPECT_EQ(*since, Position{1});
  auto future = log.SeekTime(std::chrono::time_point_cast<std::chrono::microseconds>(
      std::chrono::system_clock::now() + std::chrono::hours(1)));
  ASSERT_TRUE(future.ok());
  EXPECT_EQ(future->value, log.Committed().value + 1);

  std::mutex mu;
  std::vector<std::string> got;
  std::atomic<uint64_t> checkpoint{0};
  SubscriptionOptions options;
  options.filter = {.types = {"policyOutreachRecorded"}, .stream_prefixes = {"outreach-a"}};
  options.on_checkpoint = [&](Position p) { checkpoint = p.value; };
  auto sub = log.Subscribe(options, [&](const RecordedEvent& e) {
    std::lock_guard lock(mu);
    got.push_back(e.stream.value);
    return Status::Ok();
  });
  ASSERT_TRUE(sub.ok()) << sub.status().ToString();
  for (int i = 0; i < 5; ++i)
    ASSERT_TRUE(log.Append(StreamId{"outreach-z"}, ExpectedVersion::Any(), {Outreach("1")}).ok());
  ASSERT_TRUE(log.Append(StreamId{"outreach-a"}, ExpectedVersion::Any(), {Outreach("1")}).ok());
  for (int i = 0; i < 5; ++i)
    ASSERT_TRUE(log.Append(StreamId{"outreach-z"}, ExpectedVersion::Any(), {Outreach("1")}).ok());
  const Position end = log.Committed();
  ASSERT_TRUE((*sub)->WaitUntilHandled(end, std::chrono::seconds(20)));
  EXPECT_EQ((*sub)->Processed(), end);  // advanced over the ten skipped events
  (*sub)->Stop();
  std::lock_guard lock(mu);
  EXPECT_EQ(got, (std::vector<std::string>{"outreach-a", "outreach-a"}));
  EXPECT_GT(checkpoint.load(), 0u);
}

TEST_F(LogVerbsServerTest, TheCommandLineAppendsAtomicallyAndFiltersThroughTheServer) {
  auto appended = Cli("--json append --atomic --expected none",
                      "{\"stream\":\"case-1\",\"type\":\"caseClosed\",\"data\":{},\"gridCode\":"
                      "\"41130200100101\"}\n"
                      "{\"stream\":\"case-2\",\"type\":\"caseClosed\",\"data\":{},\"gridCode\":"
                      "\"41130200100201\"}\n");
  ASSERT_EQ(appended.exit_code, 0) << appended.out;
  EXPECT_NE(appended.out.find("\"atomic\": true"), std::string::npos) << appended.out;
  auto again = Cli("append --atomic --expected none",
                   "{\"stream\":\"case-3\",\"type\":\"caseClosed\",\"data\":{}}\n"
                   "{\"stream\":\"case-2\",\"type\":\"caseClosed\",\"data\":{}}\n");
  EXPECT_EQ(again.exit_code, 1);
  auto tail = Cli("--json tail --since 2000-01-01 --type caseClosed --grid 411302001002");
  ASSERT_EQ(tail.exit_code, 0);
  EXPECT_EQ(std::count(tail.out.begin(), tail.out.end(), '\n'), 1) << tail.out;
  EXPECT_NE(tail.out.find("\"stream\":\"case-2\""), std::string::npos) << tail.out;
  auto read = Cli("--json read case-1 --since 2000-01-01");
  ASSERT_EQ(read.exit_code, 0);
  EXPECT_NE(read.out.find("\"stream\":\"case-1\""), std::string::npos) << read.out;
  auto head = op_->log().Head(StreamId{"case-3"});
  ASSERT_TRUE(head.ok());
  EXPECT_EQ(head->version.value, 0u);  // the failed atomic append wrote nothing
}

TEST_F(LogVerbsServerTest, TheLoadGeneratorDrivesTheServerWithOneConnectionPerAppender) {
  ASSERT_TRUE(
      op_->log()
          .Append(StreamId{"outreach-1"}, ExpectedVersion::Any(), {Outreach("411302001001")})
          .ok());
  const uint64_t before = op_->log().Committed().value;
  auto refused = Cli("bench --duration 1");
  EXPECT_EQ(refused.exit_code, 2) << refused.out;
  EXPECT_NE(refused.out.find("holds events other than a load test's"), std::string::npos);
  EXPECT_EQ(op_->log().Committed().value, before);
  auto run = Cli("--json bench --into-live-store --appenders 8 --batch 2 --duration 1 2>/dev/null");
  ASSERT_EQ(run.exit_code, 0) << run.out;
  auto j = nlohmann::json::parse(run.out);
  EXPECT_EQ(j["target"], "server");
  EXPECT_EQ(j["errors"], 0);
  EXPECT_GT(j["events"].get<uint64_t>(), 0u);
  EXPECT_EQ(op_->log().Committed().value, before + j["events"].get<uint64_t>());
  // The cost it can see is the client's; the writer's figures are the server's.
  EXPECT_EQ(j["cpuMeasured"], "client");
  EXPECT_GT(j["cpuMicrosPerEvent"].get<double>(), 0);
  EXPECT_FALSE(j.contains("eventsPerGroup"));
  EXPECT_FALSE(j.contains("writerCpuMicrosPerEvent"));
}

}  // namespace
}  // namespace gridledger::testing
