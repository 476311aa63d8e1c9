// `gridledger bench`, the load generator, as a performance team runs it:
// closed and open loop on a new data directory, the summary's figures
// against what the log then holds, percentiles from its histogram, and a
// ledger with residents' events refused untouched.
#include <gmock/gmock.h>

#include <algorithm>
#include <random>

#include "cli_test_util.h"
#include "latency_histogram.h"

namespace gridledger::testing {
namespace {

using ::testing::HasSubstr;

TEST(LatencyHistogram, PercentilesAreWithinThreePercentOfASortedSample) {
  cli::LatencyHistogram h;
  std::mt19937 rng(5);
  std::lognormal_distribution<double> latency(6.0, 1.5);  // ~400 µs median, long tail
  std::vector<double> sample;
  for (int i = 0; i < 100000; ++i) {
    double us = latency(rng);
    sample.push_back(us);
    h.Record(us);
  }
  std::sort(sample.begin(), sample.end());
  for (double f : {0.5, 0.9, 0.99, 0.999}) {
    double exact = sample[static_cast<size_t>(f * sample.size()) - 1];
    EXPECT_NEAR(h.Percentile(f), exact, 0.035 * exact + 1) << f;
  }
  EXPECT_EQ(h.count(), 100000u);
  EXPECT_DOUBLE_EQ(h.max_us(), sample.back());
  cli::LatencyHistogram other;
  other.Record(5e9);  // beyond the last bucket: kept in it, max exact
  h.Merge(other);
  EXPECT_EQ(h.count(), 100001u);
  EXPECT_DOUBLE_EQ(h.Percentile(1.0), 5e9);
}

TEST(CliBench, AClosedLoopOnANewDirectoryReportsWhatItWrote) {
  Cli cli;
  auto j = cli.Json("bench --appenders 4 --batch 5 --event-bytes 100 --duration 1");
  EXPECT_EQ(j["mode"], "closed");
  EXPECT_EQ(j["errors"], 0);
  const uint64_t events = j["events"].get<uint64_t>();
  EXPECT_GT(events, 0u);
  EXPECT_EQ(events, j["appends"].get<uint64_t>() * 5);
  auto l = j["latencyMicros"];
  EXPECT_GT(l["p50"].get<double>(), 0);
  EXPECT_LE(l["p50"].get<double>(), l["p90"].get<double>());
  EXPECT_LE(l["p90"].get<double>(), l["p99"].get<double>());
  EXPECT_LE(l["p99"].get<double>(), l["p999"].get<double>());
  EXPECT_LE(l["p999"].get<double>(), l["max"].get<double>());
  // What the load cost, in-process: the process's CPU per event (the
  // writer's is part of it) and the events each commit group carried.
  EXPECT_EQ(j["cpuMeasured"], "process");
  const double cpu = j["cpuMicrosPerEvent"].get<double>();
  const double writer = j["writerCpuMicrosPerEvent"].get<double>();
  EXPECT_GT(writer, 0);
  EXPECT_GT(cpu, writer);
  EXPECT_GE(j["eventsPerGroup"].get<double>(), 5.0) << "a batch of 5 is one append, one group";
  EXPECT_LE(j["eventsPerGroup"].get<double>(), 4 * 5.0) << "at most the 4 appenders' batches";
  // Every event it counted is in the log, and the chain verifies.
  EXPECT_EQ(cli.Json("info")["events"].get<uint64_t>(), events);
  EXPECT_THAT(cli.Ok("verify"), HasSubstr("hash chain: ok"));
  // A second run appends to the same load-test ledger.
  auto again = cli.Json("bench --appenders 2 --duration 0.5");
  EXPECT_EQ(cli.Json("info")["events"].get<uint64_t>(), events + again["events"].get<uint64_t>());
}

TEST(CliBench, AnOpenLoopOffersItsScheduleAndPrintsALineASecond) {
  Cli cli;
  CliResult r = cli.Run("bench --appenders 4 --rate 400 --duration 2");
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_THAT(r.err, HasSubstr("  1s "));
  EXPECT_THAT(r.err, HasSubstr("  2s "));
  EXPECT_THAT(r.out, HasSubstr("open loop"));
  EXPECT_THAT(r.out, HasSubstr("latency p99.9:"));
  auto j = cli.Json("bench --appenders 4 --rate 400 --duration 1");
  EXPECT_EQ(j["mode"], "open");
  EXPECT_EQ(j["offeredEventsPerSecond"], 400.0);
  // At most the schedule's 400 appends in a second; never more.
  EXPECT_LE(j["appends"].get<uint64_t>(), 400u);
  EXPECT_GT(j["appends"].get<uint64_t>(), 0u);
}

TEST(CliBench, ALedgerWithOtherEventsIsRefusedUntouched) {
  Cli cli;
  cli.Ok("simulate --days 1 --seed 2 --end 2026-11-23T08:00:00+08:00");
  const auto before = cli.Json("info")["events"];
  CliResult r = cli.Run("bench --duration 1");
  EXPECT_EQ(r.code, 2);
  EXPECT_THAT(r.err, HasSubstr("holds events other than a load test's"));
  EXPECT_EQ(cli.Json("info")["events"], before);
  CliResult bad = cli.Run("bench --durability sometimes");
  EXPECT_EQ(bad.code, 2);
  EXPECT_THAT(bad.err, HasSubstr("--durability is durable or buffered"));
}

}  // namespace
}  // namespace gridledger::testing
