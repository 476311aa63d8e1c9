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
//   OpenLoop/Log/DurableAppendAsyncTuned/tuning:T/rate:R
//                                      the same with LogOptions::storage set
//                                      to tuning T (kTunings: 0 is the
//                                      default, the others one change each,
//                                      the last all of them): the sweep for
//                                      the latency tail (rates: 25,000 and
//                                      50,000/s, or GRIDLEDGER_BENCH_TUNED_RATES,
//                                      e.g. "30000,40000")
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
void OpenLoopLog(benchmark::State& state, bool async, double rate,
                 const gl::StorageTuning& tuning = {}) {
  const std::string dir = FreshDir(async ? "open-loop-log-async" : "open-loop-log");
  gl::LogOptions options;
  options.storage = tuning;
  auto log = OpenLog(dir, options);
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

void BM_OpenLoopLogDurable(benchmark::State& state) {
  OpenLoopLog(state, false, static_cast<double>(state.range(0)));
}
void BM_OpenLoopLogDurableAsync(benchmark::State& state) {
  OpenLoopLog(state, true, static_cast<double>(state.range(0)));
}

// The storage tunings of the sweep, by index (tuning:T).
struct NamedTuning {
  const char* name;
  gl::StorageTuning tuning;
};
std::vector<NamedTuning> Tunings() {
  std::vector<NamedTuning> out;
  out.push_back({"default", {}});
  gl::StorageTuning t;
  t.log_write_buffer_bytes = 16u << 20;
  t.max_write_buffers = 4;
  out.push_back({"16 MiB x 4 log write buffers", t});
  t = {};
  t.background_jobs = 4;
  out.push_back({"4 background jobs", t});
  t = {};
  t.compress_upper_levels = false;
  out.push_back({"upper levels uncompressed", t});
  t = {};
  t.background_write_bytes_per_second = 32u << 20;
  out.push_back({"background writes limited to 32 MiB/s", t});
  t.log_write_buffer_bytes = 16u << 20;
  t.max_write_buffers = 4;
  t.background_jobs = 4;
  t.compress_upper_levels = false;
  out.push_back({"all of the above", t});
  // RocksDB's thread pools are the process's and their priority can only
  // be lowered: these run only when asked for, in a run of their own.
  if (std::getenv("GRIDLEDGER_BENCH_LOWER_PRIORITY")) {
    t = {};
    t.lower_background_priority = true;
    out.push_back({"background threads at low priority", t});
    t.log_write_buffer_bytes = 16u << 20;
    t.max_write_buffers = 4;
    t.background_jobs = 4;
    t.compress_upper_levels = false;
    t.background_write_bytes_per_second = 32u << 20;
    out.push_back({"all of the above at low priority", t});
  }
  return out;
}

void BM_OpenLoopLogDurableAsyncTuned(benchmark::State& state) {
  auto tunings = Tunings();
  const NamedTuning& t = tunings.at(static_cast<size_t>(state.range(0)));
  state.SetLabel(t.name);
  OpenLoopLog(state, true, static_cast<double>(state.range(1)), t.tuning);
}
// The sweep's offered rates: 25,000 and 50,000/s, or the comma-separated
// list in GRIDLEDGER_BENCH_TUNED_RATES (to find the highest rate a tuning
// holds its tail at).
std::vector<int64_t> SweepRates() {
  std::vector<int64_t> out;
  if (const char* list = std::getenv("GRIDLEDGER_BENCH_TUNED_RATES")) {
    for (const char* p = list; *p;) {
      char* end = nullptr;
      long long r = std::strtoll(p, &end, 10);
      if (end == p) break;
      if (r > 0) out.push_back(r);
      p = *end == ',' ? end + 1 : end;
    }
  }
  if (out.empty()) out = {25000, 50000};
  return out;
}
void TunedRates(benchmark::internal::Benchmark* b) {
  b->ArgNames({"tuning", "rate"});
  for (size_t t = 0; t < Tunings().size(); ++t)
    for (int64_t r : SweepRates()) b->Args({static_cast<int64_t>(t), r});
  b->Iterations(1)->Repetitions(3)->UseRealTime()->Unit(benchmark::kMillisecond);
}

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
// GRIDLEDGER_BENCH_LOWER_PRIORITY=1 adds the tunings that lower RocksDB's
// thread priority (for the rest of the process: run them alone).
BENCHMARK(BM_OpenLoopLogDurableAsyncTuned)
    ->Name("OpenLoop/Log/DurableAppendAsyncTuned")
    ->Apply(TunedRates);

}  // namespace
