// What every gridledger-bench group shares: scratch directories, the
// events it writes, RocksDB options mirroring the engine's, the in-run
// registry of baseline figures used for ratios, latency percentiles, the
// open-loop load driver and the process's memory use.
//
// White-box: the raw baselines write the engine's exact encoded bytes, so
// this header may include engine/src (the codec and the key layout).
#pragma once

#include <benchmark/benchmark.h>
#include <rocksdb/db.h>

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "gridledger/event_log.h"

namespace gridledger::bench {

// ---- scratch space -----------------------------------------------------------

// The run's temporary root under $TMPDIR (or /tmp), created on first use and
// removed by RemoveRoot() at exit.
const std::string& Root();
// A new, not yet existing directory under Root().
std::string FreshDir(const std::string& name);
void RemoveDir(const std::string& dir);
void RemoveRoot();
// Registers `hook` to run at the end of the run, before the root is removed
// (e.g. closing a store shared by several benchmarks). Runs in reverse order.
void AtRunEnd(std::function<void()> hook);
// Runs the hooks, then removes Root(). Called by main() after the run.
void FinishRun();
// One T for the whole run (a store several benchmarks share): built on first
// use, destroyed by FinishRun() before the scratch root is removed.
template <typename T>
T& RunShared() {
  static T* shared = [] {
    auto* t = new T();
    AtRunEnd([t] { delete t; });
    return t;
  }();
  return *shared;
}
// Bytes of all regular files under `dir` (what the store occupies on disk).
uint64_t DirectoryBytes(const std::string& dir);
[[noreturn]] void Die(const std::string& what);

// ---- events ------------------------------------------------------------------

// A resident's case as the kiosk files it: Chinese text, a sealed reporter
// field and a location (752 bytes encoded). `variant` picks one of 64
// descriptions so that stores of many events do not compress unrealistically.
NewEvent SampleEvent(int variant = 0);
// The engine's stored bytes for SampleEvent(): what the raw baselines write.
const std::string& SampleBytes();
// A `CaseHandled` event whose encoded size is as close to `target_bytes` as
// the envelope allows (never below the smallest envelope, ~170 bytes); its
// note is incompressible text.
NewEvent SizedEvent(size_t target_bytes);
// The encoded (stored) size of `event`, and the bytes themselves.
std::string EncodedBytes(const NewEvent& event);

// ---- raw RocksDB -------------------------------------------------------------

// Options mirroring the engine's log family (storage/rocks_store.cc).
rocksdb::Options RawOptions();
std::unique_ptr<rocksdb::DB> OpenRaw(const std::string& dir);
std::unique_ptr<EventLog> OpenLog(const std::string& dir, const LogOptions& options = {});

// ---- baselines measured earlier in the same run -----------------------------

// Events/s by key ("buffered/10", "durable/64", "scan", "sqlite/16", ...).
void SetBaseline(const std::string& key, double events_per_second);
double GetBaseline(const std::string& key);  // 0 when not measured
// Adds the counter `name` = measured / baseline[key] when it was measured.
void ReportRatio(benchmark::State& state, double measured, const std::string& key,
                 const char* name = "x_raw");

// Wall-clock throughput of one benchmark run, measured between Start() and
// the call; all threads run the same number of iterations.
class WallTimer {
 public:
  void Start() { start_ = std::chrono::steady_clock::now(); }
  double EventsPerSecond(const benchmark::State& state, double events_per_iteration) const;

 private:
  std::chrono::steady_clock::time_point start_;
};

// The writer thread's CPU per committed event between Start() and
// Report(), as the counter writer_us_per_event (LogMetrics::
// writer_cpu_seconds): the commit path's cost without the disk's noise.
// Beside it, process_us_per_event: the whole process's CPU per event over
// the same span (the appenders' threads, the writer, RocksDB's background
// threads), what a machine of so many cores can afford per event; and
// events_per_group, how many events each commit group (one write, one
// fsync when durable) carried.
class WriterCpu {
 public:
  void Start(const gridledger::EventLog& log);
  void Report(benchmark::State& state, const gridledger::EventLog& log) const;

 private:
  double cpu_seconds_ = 0;
  double process_cpu_seconds_ = 0;
  uint64_t events_ = 0;
  uint64_t groups_ = 0;
};

// ---- latency -----------------------------------------------------------------

struct Percentiles {
  double p50_us = 0, p90_us = 0, p99_us = 0, p999_us = 0, max_us = 0;
};
// Sorts `us` in place.
Percentiles ComputePercentiles(std::vector<double>& us);
// Adds p50_us, p99_us, p999_us (and p90/max when `all`) counters.
void ReportPercentiles(benchmark::State& state, const Percentiles& p, bool all = false);

// Open-loop load: request i is due at start + i / rate. `workers` threads
// take the next due request, wait for its time, run it; latency is measured
// from the due time, not from when a worker got to it, so time spent
// queueing behind slow requests counts (no coordinated omission). When every
// worker is busy the backlog grows and shows in the percentiles.
struct OpenLoopResult {
  double offered_per_s = 0;   // the schedule's rate
  double achieved_per_s = 0;  // completed requests / (last completion - start)
  uint64_t requests = 0, errors = 0;
  Percentiles latency;  // of the requests after the warm-up
};
// `request(i)` performs request i and returns false on failure. The first
// `warmup` of the run's duration is excluded from the percentiles.
OpenLoopResult RunOpenLoop(double rate, std::chrono::milliseconds duration, int workers,
                           const std::function<bool(uint64_t)>& request,
                           std::chrono::milliseconds warmup = std::chrono::milliseconds(300));
// The same schedule driven by one issuing thread for APIs that complete
// asynchronously: `issue(i, done)` starts request i and returns; `done(ok)`
// is called once when it completes, from any thread. Latency again runs
// from the due time to `done`.
using AsyncDone = std::function<void(bool ok)>;
OpenLoopResult RunOpenLoopAsync(double rate, std::chrono::milliseconds duration,
                                const std::function<void(uint64_t, AsyncDone)>& issue,
                                std::chrono::milliseconds warmup = std::chrono::milliseconds(300));
void ReportOpenLoop(benchmark::State& state, const OpenLoopResult& r);

// How long an open-loop run lasts: `variable` from the environment in
// milliseconds (e.g. GRIDLEDGER_BENCH_OPEN_LOOP_MS), else `fallback`.
std::chrono::milliseconds RunLengthFromEnv(const char* variable,
                                           std::chrono::milliseconds fallback);
// The open-loop benchmarks' run length: GRIDLEDGER_BENCH_OPEN_LOOP_MS, else 3 s.
std::chrono::milliseconds OpenLoopRunLength();

// ---- memory ------------------------------------------------------------------

// The process's resident set (VmRSS) and its peak (VmHWM), in bytes.
uint64_t ResidentBytes();
uint64_t PeakResidentBytes();
// Heap bytes allocated and not freed (glibc mallinfo2), for the cost of a
// structure independent of what the allocator keeps cached.
uint64_t HeapBytesInUse();

}  // namespace gridledger::bench
