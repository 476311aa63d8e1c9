// Growth: the same append and query figures as the log grows.
//
// One log is filled in steps to each level of GRIDLEDGER_BENCH_GROWTH
// (comma-separated event counts; default "1000000,10000000"; add 50000000
// when the machine has the time and ~40 GB of disk). At every level:
//
//   Growth/Fill/stored:L             bulk load up to L events: streams of 20
//                                    kiosk cases (64 different texts), appended
//                                    20 at a time, buffered
//   Growth/Storage/stored:L          full compaction, then bytes per event on
//                                    disk and the process's memory
//   Growth/ReadStream/stored:L       a whole 20-event stream, random stream
//   Growth/ReadStreamLast/stored:L   the last event of a random stream
//   Growth/ReadEvent/stored:L        one event by id, random id
//   Growth/Read…Recent/stored:L      the same over the latest 1 M events only
//   Growth/BufferedAppend/stored:L   batches of 100, buffered, one caller
//   Growth/DurableAppend/stored:L    one event per call, durable, 16 threads
//
// Reads and appends are measured after the compaction, so every level is
// compared in the same settled state: right after a bulk load, background
// compaction of the new data takes both cores of a small machine for a
// minute or more and would measure the load, not the store's size.
#include <benchmark/benchmark.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <memory>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "bench_support.h"

namespace gl = gridledger;
using namespace gridledger::bench;

namespace {

constexpr int kEventsPerStream = 20;

std::vector<int64_t> Levels() {
  const char* text = std::getenv("GRIDLEDGER_BENCH_GROWTH");
  std::vector<int64_t> levels;
  std::stringstream in(text && *text ? text : "1000000,10000000");
  std::string item;
  while (std::getline(in, item, ','))
    if (long long n = std::strtoll(item.c_str(), nullptr, 10); n > 0) levels.push_back(n);
  return levels;
}

uint64_t Mix(uint64_t x) {  // splitmix64
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

// The id of the k-th filled event (0-based): recomputable for reads by id.
gl::EventId FilledId(uint64_t k) { return gl::EventId{Mix(k) | 1, Mix(k ^ 0x5bd1e995ULL)}; }

// GRIDLEDGER_BENCH_BLOCK_CACHE_MB overrides LogOptions::block_cache_bytes
// for the growth log (to see how much of the read cost is cache misses).
gl::LogOptions GrowthOptions() {
  gl::LogOptions options;
  if (const char* mb = std::getenv("GRIDLEDGER_BENCH_BLOCK_CACHE_MB"); mb && std::atol(mb) > 0)
    options.block_cache_bytes = static_cast<size_t>(std::atol(mb)) << 20;
  return options;
}

std::unique_ptr<gl::EventLog> OpenGrowthLog(const std::string& dir) {
  auto log = gl::EventLog::Open(dir, GrowthOptions());
  if (!log.ok()) Die(log.status().ToString());
  return std::move(log).value();
}

struct GrowthLog {
  std::string dir = FreshDir("growth");
  std::unique_ptr<gl::EventLog> log = OpenGrowthLog(dir);
  uint64_t filled_streams = 0;  // streams "case-0" .. "case-<n-1>", 20 events each
  std::atomic<uint64_t> extra{0};
  ~GrowthLog() {
    log.reset();
    RemoveDir(dir);
  }
};

GrowthLog& Growth() { return RunShared<GrowthLog>(); }

void BM_Fill(benchmark::State& state) {
  GrowthLog& g = Growth();
  const uint64_t target_streams = static_cast<uint64_t>(state.range(0)) / kEventsPerStream;
  std::vector<std::vector<gl::NewEvent>> templates(64);
  for (int v = 0; v < 64; ++v) templates[v].assign(kEventsPerStream, SampleEvent(v));
  const gl::AppendOptions buffered{.durability = gl::Durability::kBuffered};
  uint64_t appended = 0;
  for (auto _ : state) {
    for (; g.filled_streams < target_streams; ++g.filled_streams) {
      const uint64_t s = g.filled_streams;
      auto& events = templates[s % 64];
      for (int j = 0; j < kEventsPerStream; ++j) events[j].id = FilledId(s * kEventsPerStream + j);
      auto r = g.log->Append(gl::StreamId{"case-" + std::to_string(s)},
                             gl::ExpectedVersion::NoStream(), events, buffered);
      if (!r.ok()) {
        state.SkipWithError(r.status().ToString().c_str());
        return;
      }
      appended += kEventsPerStream;
    }
  }
  state.SetItemsProcessed(static_cast<int64_t>(appended));
  state.counters["stored_events"] = static_cast<double>(g.log->Committed().value);
}

void BM_BufferedAppend(benchmark::State& state) {
  GrowthLog& g = Growth();
  const std::vector<gl::NewEvent> events(100, SampleEvent(7));
  const gl::AppendOptions buffered{.durability = gl::Durability::kBuffered};
  for (auto _ : state) {
    const uint64_t n = g.extra.fetch_add(1);
    auto r = g.log->Append(gl::StreamId{"extra-" + std::to_string(n % 1000)},
                           gl::ExpectedVersion::Any(), events, buffered);
    if (!r.ok()) state.SkipWithError(r.status().ToString().c_str());
  }
  state.SetItemsProcessed(state.iterations() * 100);
}

void BM_DurableAppend(benchmark::State& state) {
  GrowthLog& g = Growth();
  const gl::NewEvent event = SampleEvent(state.thread_index());
  const gl::StreamId stream{"durable-" + std::to_string(state.thread_index())};
  for (auto _ : state) {
    auto r = g.log->Append(stream, gl::ExpectedVersion::Any(), {event});
    if (!r.ok()) state.SkipWithError(r.status().ToString().c_str());
  }
  state.SetItemsProcessed(state.iterations());
}

// Times each call for the percentiles; items are events read.
// Reads pick a stream uniformly from the whole log (every read may miss
// the caches: the worst case), or from the most recent kRecentStreams
// streams (1 M events), the working set of a case system whose residents
// and workers mostly read open, recent cases: the same at every level.
constexpr uint64_t kRecentStreams = 50000;
enum class Pick { kUniform, kRecent };

template <typename Read>
void TimedReads(benchmark::State& state, int events_per_read, Read&& read,
                Pick from = Pick::kUniform) {
  GrowthLog& g = Growth();
  std::mt19937_64 rng(42);
  const uint64_t first = from == Pick::kRecent && g.filled_streams > kRecentStreams
                             ? g.filled_streams - kRecentStreams
                             : 0;
  std::uniform_int_distribution<uint64_t> pick(first, g.filled_streams - 1);
  std::vector<double> us;
  us.reserve(1 << 20);
  for (auto _ : state) {
    const uint64_t s = pick(rng);
    auto t0 = std::chrono::steady_clock::now();
    if (!read(g, s, rng)) {
      state.SkipWithError("read failed");
      break;
    }
    us.push_back(
        std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - t0).count());
  }
  state.SetItemsProcessed(state.iterations() * events_per_read);
  state.counters["reads_per_s"] =
      benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
  Percentiles p = ComputePercentiles(us);
  ReportPercentiles(state, p);
}

bool ReadWholeStream(GrowthLog& g, uint64_t s) {
  auto r = g.log->ReadStream(gl::StreamId{"case-" + std::to_string(s)}, gl::StreamVersion{1},
                             gl::ReadDirection::kForward, 1000);
  benchmark::DoNotOptimize(r);
  return r.ok() && r->size() == kEventsPerStream;
}

bool ReadOneEvent(GrowthLog& g, uint64_t s, std::mt19937_64& rng) {
  const uint64_t k = s * kEventsPerStream + rng() % kEventsPerStream;
  auto r = g.log->ReadEvent(FilledId(k));
  benchmark::DoNotOptimize(r);
  return r.ok();
}

void BM_ReadStream(benchmark::State& state) {
  TimedReads(state, kEventsPerStream,
             [](GrowthLog& g, uint64_t s, auto&) { return ReadWholeStream(g, s); });
}

void BM_ReadStreamRecent(benchmark::State& state) {
  TimedReads(
      state, kEventsPerStream,
      [](GrowthLog& g, uint64_t s, auto&) { return ReadWholeStream(g, s); }, Pick::kRecent);
}

void BM_ReadStreamLast(benchmark::State& state) {
  TimedReads(state, 1, [](GrowthLog& g, uint64_t s, auto&) {
    auto r = g.log->ReadStream(gl::StreamId{"case-" + std::to_string(s)},
                               gl::StreamVersion{UINT64_MAX}, gl::ReadDirection::kBackward, 1);
    benchmark::DoNotOptimize(r);
    return r.ok() && r->size() == 1;
  });
}

void BM_ReadEvent(benchmark::State& state) {
  TimedReads(state, 1, [](GrowthLog& g, uint64_t s, auto& rng) { return ReadOneEvent(g, s, rng); });
}

void BM_ReadEventRecent(benchmark::State& state) {
  TimedReads(
      state, 1, [](GrowthLog& g, uint64_t s, auto& rng) { return ReadOneEvent(g, s, rng); },
      Pick::kRecent);
}

void BM_Storage(benchmark::State& state) {
  GrowthLog& g = Growth();
  for (auto _ : state) {
    if (auto s = g.log->Compact(); !s.ok()) state.SkipWithError(s.ToString().c_str());
  }
  const double events = static_cast<double>(g.log->Committed().value);
  const double bytes = static_cast<double>(DirectoryBytes(g.dir));
  state.counters["stored_events"] = events;
  state.counters["disk_bytes"] = bytes;
  state.counters["bytes_per_event"] = bytes / events;
  state.counters["event_bytes"] = static_cast<double>(SampleBytes().size());
  state.counters["rss_mib"] = static_cast<double>(ResidentBytes()) / (1 << 20);
  state.counters["peak_rss_mib"] = static_cast<double>(PeakResidentBytes()) / (1 << 20);
  state.counters["block_cache_mib"] =
      static_cast<double>(GrowthOptions().block_cache_bytes) / (1 << 20);
}

[[maybe_unused]] const bool kRegistered = [] {
  for (int64_t level : Levels()) {
    auto named = [&](const char* group, void (*fn)(benchmark::State&)) {
      return benchmark::RegisterBenchmark(group, fn)->ArgName("stored")->Arg(level)->UseRealTime();
    };
    named("Growth/Fill", BM_Fill)->Iterations(1)->Unit(benchmark::kMillisecond);
    named("Growth/Storage", BM_Storage)->Iterations(1)->Unit(benchmark::kMillisecond);
    named("Growth/ReadStream", BM_ReadStream)->Unit(benchmark::kMicrosecond);
    named("Growth/ReadStreamLast", BM_ReadStreamLast)->Unit(benchmark::kMicrosecond);
    named("Growth/ReadEvent", BM_ReadEvent)->Unit(benchmark::kMicrosecond);
    named("Growth/ReadStreamRecent", BM_ReadStreamRecent)->Unit(benchmark::kMicrosecond);
    named("Growth/ReadEventRecent", BM_ReadEventRecent)->Unit(benchmark::kMicrosecond);
    named("Growth/BufferedAppend", BM_BufferedAppend);
    named("Growth/DurableAppend", BM_DurableAppend)->Threads(16);
  }
  return true;
}();

}  // namespace
