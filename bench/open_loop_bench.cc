// Open-loop append latency at fixed offered loads, durable mode.
//
// Requests arrive on a schedule (request i is due at start + i / rate)
// whether or not earlier ones have finished, as appends from kiosks, worker
// apps and sensors do; latency runs from the due time to the return of the
// durable Append, so queueing behind a slow fsync is counted (no
// coordinated omission). 256 worker threads take requests off the schedule
// (bench_support.h, RunOpenLoop).
//
//   OpenLoop/Raw/DurablePut/rate:R     raw RocksDB sync=true Put of the same
//                                      bytes: the ceiling at that load
//   OpenLoop/Log/DurableAppend/rate:R  EventLog::Append, Durability::kDurable,
//                                      one event, 10,000 streams, 256 callers
//   OpenLoop/Log/DurableAppendAsync/rate:R
//                                      the same through EventLog::AppendAsync
//                                      from one issuing thread
//
// Each run lasts GRIDLEDGER_BENCH_OPEN_LOOP_MS (default 3000) ms, three runs
// per rate; the first 300 ms are a warm-up, excluded from the percentiles.
// GRIDLEDGER_BENCH_TRACE_SLOW_MS=N prints the 10 ms windows slower than N ms
// (AppendAsync runs) to match stalls with RocksDB's LOG. Counters:
// offered_per_s, achieved_per_s (keeps up when equal to offered), p50/p90/
// p99/p999/max latency in µs, errors.
#include <benchmark/benchmark.h>
#include <rocksdb/db.h>
#include <rocksdb/write_batch.h>

#include <cstdlib>
#include <string>
#include <vector>

#include "bench_support.h"
#include "storage/keys.h"

namespace gl = gridledger;
using namespace gridledger::bench;

namespace {

constexpr int kWorkers = 256;
constexpr int kStreams = 10000;

void BM_OpenLoopRawDurable(benchmark::State& state) {
  const double rate = static_cast<double>(state.range(0));
  const std::string dir = FreshDir("open-loop-raw");
  auto db = OpenRaw(dir);
  const std::string& value = SampleBytes();
  rocksdb::WriteOptions wo;
  wo.sync = true;
  OpenLoopResult result;
  for (auto _ : state) {
    result = RunOpenLoop(rate, OpenLoopRunLength(), kWorkers, [&](uint64_t i) {
      rocksdb::WriteBatch wb;
      wb.Put(gl::keys::PositionKey(gl::Position{i + 1}), value);
      return db->Write(wo, &wb).ok();
    });
  }
  state.SetItemsProcessed(static_cast<int64_t>(result.requests));
  ReportOpenLoop(state, result);
  db.reset();
  RemoveDir(dir);
}

// EventLog::Append from 256 blocking callers, or AppendAsync from one
// issuing thread: what a producer with many appends in flight (a gateway, a
// sensor feed) sees without a thread per pending append.
void OpenLoopLog(benchmark::State& state, bool async) {
  const double rate = static_cast<double>(state.range(0));
  const std::string dir = FreshDir(async ? "open-loop-log-async" : "open-loop-log");
  auto log = OpenLog(dir);
  const gl::NewEvent event = SampleEvent();
  std::vector<gl::StreamId> streams;
  streams.reserve(kStreams);
  for (int s = 0; s < kStreams; ++s) streams.push_back({"case-" + std::to_string(s)});
  OpenLoopResult result;
  for (auto _ : state) {
    if (async) {
      result = RunOpenLoopAsync(rate, OpenLoopRunLength(), [&](uint64_t i, AsyncDone done) {
        log->AppendAsync(
            streams[i % kStreams], gl::ExpectedVersion::Any(), {event},
            [done = std::move(done)](gl::Result<gl::AppendResult> r) { done(r.ok()); });
      });
    } else {
      result = RunOpenLoop(rate, OpenLoopRunLength(), kWorkers, [&](uint64_t i) {
        return log->Append(streams[i % kStreams], gl::ExpectedVersion::Any(), {event}).ok();
      });
    }
  }
  state.SetItemsProcessed(static_cast<int64_t>(result.requests));
  ReportOpenLoop(state, result);
  log.reset();
  RemoveDir(dir);
}

void BM_OpenLoopLogDurable(benchmark::State& state) { OpenLoopLog(state, false); }
void BM_OpenLoopLogDurableAsync(benchmark::State& state) { OpenLoopLog(state, true); }

void Rates(benchmark::internal::Benchmark* b) {
  b->ArgName("rate");
  for (int r : {5000, 10000, 25000, 50000, 75000}) b->Arg(r);
  // Tails on a small machine depend on whether a memtable flush falls in
  // the run: three runs per rate; the report takes the median.
  b->Iterations(1)->Repetitions(3)->UseRealTime()->Unit(benchmark::kMillisecond);
}

BENCHMARK(BM_OpenLoopRawDurable)->Name("OpenLoop/Raw/DurablePut")->Apply(Rates);
BENCHMARK(BM_OpenLoopLogDurable)->Name("OpenLoop/Log/DurableAppend")->Apply(Rates);
BENCHMARK(BM_OpenLoopLogDurableAsync)->Name("OpenLoop/Log/DurableAppendAsync")->Apply(Rates);

}  // namespace
