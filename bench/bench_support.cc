#include "bench_support.h"

#include <malloc.h>
#include <rocksdb/cache.h>
#include <rocksdb/table.h>
#include <sys/prctl.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <random>
#include <thread>

#include "codec/event_codec.h"
#include "process_cpu.h"
#include "storage/rocks_options.h"

namespace gridledger::bench {

// ---- scratch space -----------------------------------------------------------

const std::string& Root() {
  static const std::string root = [] {
    const char* base = std::getenv("TMPDIR");
    std::string tmpl = std::string(base && *base ? base : "/tmp") + "/gridledger-bench-XXXXXX";
    if (!::mkdtemp(tmpl.data())) {
      std::perror("mkdtemp");
      std::exit(1);
    }
    return tmpl;
  }();
  return root;
}

std::string FreshDir(const std::string& name) {
  static std::atomic<int> counter{0};
  return Root() + "/" + name + "-" + std::to_string(counter++);
}

void RemoveDir(const std::string& dir) {
  // GRIDLEDGER_BENCH_KEEP=1 keeps the stores (e.g. to read RocksDB's LOG).
  static const bool keep = [] {
    const char* v = std::getenv("GRIDLEDGER_BENCH_KEEP");
    return v && *v == '1';
  }();
  if (keep) return;
  std::error_code ec;
  std::filesystem::remove_all(dir, ec);
}

void RemoveRoot() { RemoveDir(Root()); }

namespace {
std::vector<std::function<void()>>& RunEndHooks() {
  static std::vector<std::function<void()>> hooks;
  return hooks;
}
}  // namespace

void AtRunEnd(std::function<void()> hook) { RunEndHooks().push_back(std::move(hook)); }

void FinishRun() {
  auto& hooks = RunEndHooks();
  for (auto it = hooks.rbegin(); it != hooks.rend(); ++it) (*it)();
  hooks.clear();
  RemoveRoot();
}

uint64_t DirectoryBytes(const std::string& dir) {
  uint64_t total = 0;
  std::error_code ec;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(dir, ec))
    if (entry.is_regular_file(ec)) total += entry.file_size(ec);
  return total;
}

void Die(const std::string& what) {
  std::fprintf(stderr, "gridledger-bench: %s\n", what.c_str());
  std::exit(1);
}

// ---- events ------------------------------------------------------------------

namespace {

const char* const kPlaces[] = {"3号楼2单元",   "5号楼1单元",    "幸福路12号", "新华城市广场东门",
                               "文化小区北门", "7号楼地下车库", "菜市场西侧", "12号楼楼顶"};
const char* const kProblems[] = {"楼道堆放大量纸箱和旧家具，已经堵住消防通道",
                                 "路灯不亮已经三天，晚上出行很不方便",
                                 "下水道堵塞，污水漫到路面",
                                 "电动车在楼道充电，存在火灾隐患",
                                 "垃圾桶满了没有清运，气味很大",
                                 "夜间施工噪音扰民，影响老人休息",
                                 "井盖松动，行人容易绊倒",
                                 "墙面广告乱贴乱画，影响小区环境"};

std::string RandomText(size_t bytes, uint64_t seed) {
  static const char kAlphabet[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
  std::mt19937_64 rng(seed);
  std::string s(bytes, ' ');
  for (char& c : s) c = kAlphabet[rng() % (sizeof kAlphabet - 1)];
  return s;
}

}  // namespace

NewEvent SampleEvent(int variant) {
  variant = ((variant % 64) + 64) % 64;
  CaseFiled filed;
  filed.category = "环境卫生/楼道堆物";
  filed.source = CaseSource::kKiosk;
  filed.description = std::string(kPlaces[variant % 8]) + kProblems[variant / 8] + "，请尽快处理。";
  filed.location = {"411302001001", "bldg-3", "幸福路 12 号 3 号楼", 32990001, 112528002};
  filed.reporter = {"person-5f2c", std::string(24, '\x11'), std::string(40, '\x22')};
  filed.resident_key = std::string(32, 'k');
  filed.query_code_hash = std::string(32, 'q');
  NewEvent e;
  e.payload = std::move(filed);
  e.actor = "resident";
  e.grid_code = "411302001001";
  e.correlation_id = EventId::Generate();
  return e;
}

std::string EncodedBytes(const NewEvent& event) {
  auto enc = codec::Encode(StreamId{"case-20261123-000001"}, event, EventId::Generate());
  if (!enc.ok()) Die(enc.status().ToString());
  codec::Seal(*enc, StreamVersion{1}, Position{1}, FromMicros(1795000000000000), Hash256{});
  return enc->bytes;
}

const std::string& SampleBytes() {
  static const std::string bytes = EncodedBytes(SampleEvent());
  return bytes;
}

NewEvent SizedEvent(size_t target_bytes) {
  auto make = [](size_t note_bytes) {
    NewEvent e;
    e.payload = CaseHandled{RandomText(note_bytes, note_bytes), {}};
    e.actor = "w-01";
    e.grid_code = "41130200100101";
    return e;
  };
  const size_t base = EncodedBytes(make(0)).size();
  if (target_bytes <= base) return make(0);
  // Cap'n Proto pads text to 8 bytes: one correction step lands within 8.
  size_t note = target_bytes - base;
  const size_t got = EncodedBytes(make(note)).size();
  if (got > target_bytes && note > got - target_bytes) note -= got - target_bytes;
  return make(note);
}

// ---- raw RocksDB -------------------------------------------------------------

rocksdb::Options RawOptions() {
  // The options of the log's own family (storage/rocks_options.h), so that
  // the raw baseline differs from the log only in what the log does.
  rocksdb::Options o(rocksdb::DBOptions(), LogFamilyOptions(rocksdb::NewLRUCache(64u << 20)));
  ApplySharedDbOptions(o);
  o.create_if_missing = true;
  return o;
}

std::chrono::milliseconds RunLengthFromEnv(const char* variable,
                                           std::chrono::milliseconds fallback) {
  const char* text = std::getenv(variable);
  long ms = text ? std::strtol(text, nullptr, 10) : 0;
  return ms > 0 ? std::chrono::milliseconds(ms) : fallback;
}

std::chrono::milliseconds OpenLoopRunLength() {
  return RunLengthFromEnv("GRIDLEDGER_BENCH_OPEN_LOOP_MS", std::chrono::milliseconds(3000));
}

std::unique_ptr<rocksdb::DB> OpenRaw(const std::string& dir) {
  rocksdb::DB* db = nullptr;
  auto s = rocksdb::DB::Open(RawOptions(), dir, &db);
  if (!s.ok()) Die("raw open: " + s.ToString());
  return std::unique_ptr<rocksdb::DB>(db);
}

std::unique_ptr<EventLog> OpenLog(const std::string& dir, const LogOptions& options) {
  auto log = EventLog::Open(dir, options);
  if (!log.ok()) Die(log.status().ToString());
  return std::move(log).value();
}

// ---- baselines ---------------------------------------------------------------

namespace {
std::mutex g_baseline_mu;
std::map<std::string, double> g_baselines;
}  // namespace

void SetBaseline(const std::string& key, double events_per_second) {
  std::lock_guard lock(g_baseline_mu);
  g_baselines[key] = events_per_second;
}

double GetBaseline(const std::string& key) {
  std::lock_guard lock(g_baseline_mu);
  auto it = g_baselines.find(key);
  return it == g_baselines.end() ? 0 : it->second;
}

void ReportRatio(benchmark::State& state, double measured, const std::string& key,
                 const char* name) {
  double base = GetBaseline(key);
  if (base > 0) state.counters[name] = measured / base;
}

double WallTimer::EventsPerSecond(const benchmark::State& state,
                                  double events_per_iteration) const {
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  return static_cast<double>(state.iterations()) * state.threads() * events_per_iteration / seconds;
}

// ---- latency -----------------------------------------------------------------

Percentiles ComputePercentiles(std::vector<double>& us) {
  Percentiles p;
  if (us.empty()) return p;
  std::sort(us.begin(), us.end());
  auto at = [&](double q) {
    return us[std::min(us.size() - 1, static_cast<size_t>(q * static_cast<double>(us.size())))];
  };
  p.p50_us = at(0.50);
  p.p90_us = at(0.90);
  p.p99_us = at(0.99);
  p.p999_us = at(0.999);
  p.max_us = us.back();
  return p;
}

void ReportPercentiles(benchmark::State& state, const Percentiles& p, bool all) {
  state.counters["p50_us"] = p.p50_us;
  state.counters["p99_us"] = p.p99_us;
  state.counters["p999_us"] = p.p999_us;
  if (all) {
    state.counters["p90_us"] = p.p90_us;
    state.counters["max_us"] = p.max_us;
  }
}

namespace {

// The open-loop schedule both drivers share: `total` requests, request i
// due at start + i / rate, the first `first_measured` a warm-up.
struct Schedule {
  using Clock = std::chrono::steady_clock;
  Schedule(double rate, std::chrono::milliseconds duration, std::chrono::milliseconds warmup)
      : rate(rate),
        total(static_cast<uint64_t>(rate * std::chrono::duration<double>(duration).count())),
        first_measured(static_cast<uint64_t>(rate * std::chrono::duration<double>(warmup).count())),
        // A little in the future so that every issuer is waiting when it begins.
        start(Clock::now() + std::chrono::milliseconds(20)) {}

  Clock::time_point Due(uint64_t i) const {
    return start +
           std::chrono::nanoseconds(static_cast<int64_t>(static_cast<double>(i) * 1e9 / rate));
  }

  OpenLoopResult Result(uint64_t errors, Clock::time_point last_done,
                        std::vector<double>& measured_us) const {
    OpenLoopResult r;
    r.offered_per_s = rate;
    r.requests = total;
    r.errors = errors;
    const double seconds = std::chrono::duration<double>(last_done - start).count();
    r.achieved_per_s = seconds > 0 ? static_cast<double>(total) / seconds : 0;
    r.latency = ComputePercentiles(measured_us);
    return r;
  }

  const double rate;
  const uint64_t total;
  const uint64_t first_measured;
  const Clock::time_point start;
};

}  // namespace

OpenLoopResult RunOpenLoop(double rate, std::chrono::milliseconds duration, int workers,
                           const std::function<bool(uint64_t)>& request,
                           std::chrono::milliseconds warmup) {
  using Clock = Schedule::Clock;
  const Schedule schedule(rate, duration, warmup);
  std::atomic<uint64_t> next{0}, errors{0};
  std::vector<std::vector<double>> latencies(workers);
  std::vector<Clock::time_point> last_done(workers);

  auto work = [&](int w) {
    // A 1 µs timer slack (default 50 µs) makes sleep_until() punctual.
    ::prctl(PR_SET_TIMERSLACK, 1000UL, 0, 0, 0);
    auto& mine = latencies[w];
    mine.reserve(schedule.total / workers + 16);
    for (;;) {
      const uint64_t i = next.fetch_add(1, std::memory_order_relaxed);
      if (i >= schedule.total) break;
      const Clock::time_point due = schedule.Due(i);
      // No spinning: on a small machine spinning workers would steal the
      // CPU the store needs. Wake-up lateness counts as latency.
      std::this_thread::sleep_until(due);
      if (!request(i)) errors.fetch_add(1, std::memory_order_relaxed);
      const Clock::time_point done = Clock::now();
      last_done[w] = std::max(last_done[w], done);
      if (i >= schedule.first_measured)
        mine.push_back(std::chrono::duration<double, std::micro>(done - due).count());
    }
  };
  std::vector<std::thread> threads;
  threads.reserve(workers);
  for (int w = 0; w < workers; ++w) threads.emplace_back(work, w);
  for (auto& t : threads) t.join();

  std::vector<double> all;
  for (auto& v : latencies) all.insert(all.end(), v.begin(), v.end());
  return schedule.Result(errors.load(), *std::max_element(last_done.begin(), last_done.end()), all);
}

namespace {

// GRIDLEDGER_BENCH_TRACE_SLOW_MS=N prints every 10 ms window of the schedule
// whose slowest request took over N ms, with its wall-clock time, so stalls
// can be matched against RocksDB's LOG (flushes, compactions).
void TraceSlowWindows(const std::vector<double>& latency_us, double rate,
                      std::chrono::steady_clock::time_point start) {
  const char* text = std::getenv("GRIDLEDGER_BENCH_TRACE_SLOW_MS");
  const double threshold_us = text ? std::strtod(text, nullptr) * 1000 : 0;
  if (threshold_us <= 0) return;
  const auto wall_start = std::chrono::system_clock::now() -
                          std::chrono::duration_cast<std::chrono::system_clock::duration>(
                              std::chrono::steady_clock::now() - start);
  const uint64_t window = std::max<uint64_t>(1, static_cast<uint64_t>(rate / 100));
  for (uint64_t i = 0; i < latency_us.size(); i += window) {
    double slowest = 0;
    for (uint64_t j = i; j < std::min<uint64_t>(latency_us.size(), i + window); ++j)
      slowest = std::max(slowest, latency_us[j]);
    if (slowest <= threshold_us) continue;
    const auto at = wall_start + std::chrono::duration_cast<std::chrono::system_clock::duration>(
                                     std::chrono::duration<double>(static_cast<double>(i) / rate));
    const std::time_t seconds = std::chrono::system_clock::to_time_t(at);
    const long long micros =
        std::chrono::duration_cast<std::chrono::microseconds>(at.time_since_epoch()).count() %
        1000000;
    char hms[16];
    std::strftime(hms, sizeof hms, "%H:%M:%S", std::gmtime(&seconds));
    std::fprintf(stderr, "slow window at %s.%06lld UTC: slowest request %.1f ms\n", hms, micros,
                 slowest / 1000);
  }
}

}  // namespace

OpenLoopResult RunOpenLoopAsync(double rate, std::chrono::milliseconds duration,
                                const std::function<void(uint64_t, AsyncDone)>& issue,
                                std::chrono::milliseconds warmup) {
  using Clock = Schedule::Clock;
  const Schedule schedule(rate, duration, warmup);
  const uint64_t total = schedule.total;
  std::vector<double> latency_us(total, 0);
  std::atomic<uint64_t> completed{0}, errors{0};
  std::mutex mu;
  std::condition_variable all_done;
  Clock::time_point last_done{};
  ::prctl(PR_SET_TIMERSLACK, 1000UL, 0, 0, 0);
  for (uint64_t i = 0; i < total; ++i) {
    const Clock::time_point due = schedule.Due(i);
    // Wake at most every 100 us and issue everything due by then: a wake-up
    // per request would take the CPU the engine needs. Requests issued late
    // count the delay as latency (at most ~0.1 ms), never early.
    if (Clock::now() < due) std::this_thread::sleep_until(due + std::chrono::microseconds(100));
    issue(i, [&, i, due](bool ok) {
      const Clock::time_point done = Clock::now();
      latency_us[i] = std::chrono::duration<double, std::micro>(done - due).count();
      if (!ok) errors.fetch_add(1, std::memory_order_relaxed);
      std::lock_guard lock(mu);
      last_done = std::max(last_done, done);
      if (completed.fetch_add(1, std::memory_order_acq_rel) + 1 == total) all_done.notify_all();
    });
  }
  {
    std::unique_lock lock(mu);
    all_done.wait(lock, [&] { return completed.load(std::memory_order_acquire) == total; });
  }
  TraceSlowWindows(latency_us, rate, schedule.start);
  std::vector<double> measured(
      latency_us.begin() + static_cast<std::ptrdiff_t>(std::min(schedule.first_measured, total)),
      latency_us.end());
  return schedule.Result(errors.load(), last_done, measured);
}

void ReportOpenLoop(benchmark::State& state, const OpenLoopResult& r) {
  state.counters["offered_per_s"] = r.offered_per_s;
  state.counters["achieved_per_s"] = r.achieved_per_s;
  state.counters["errors"] = static_cast<double>(r.errors);
  ReportPercentiles(state, r.latency, /*all=*/true);
}

// ---- memory ------------------------------------------------------------------

namespace {
uint64_t StatusField(const char* field) {
  std::ifstream in("/proc/self/status");
  std::string line;
  const std::string prefix = std::string(field) + ":";
  while (std::getline(in, line))
    if (line.rfind(prefix, 0) == 0)
      return std::strtoull(line.c_str() + prefix.size(), nullptr, 10) * 1024;
  return 0;
}
}  // namespace

uint64_t ResidentBytes() { return StatusField("VmRSS"); }
uint64_t PeakResidentBytes() { return StatusField("VmHWM"); }

uint64_t HeapBytesInUse() {
  const struct mallinfo2 info = ::mallinfo2();
  return static_cast<uint64_t>(info.uordblks) + static_cast<uint64_t>(info.hblkhd);
}

namespace {
uint64_t EventsWritten(const gridledger::LogMetrics& m) {
  return m.events_durable + m.events_buffered;
}
}  // namespace

void WriterCpu::Start(const gridledger::EventLog& log) {
  const gridledger::LogMetrics m = log.Metrics();
  cpu_seconds_ = m.writer_cpu_seconds;
  process_cpu_seconds_ = tools::ProcessCpuSeconds();
  events_ = EventsWritten(m);
  groups_ = m.groups;
}

void WriterCpu::Report(benchmark::State& state, const gridledger::EventLog& log) const {
  const gridledger::LogMetrics m = log.Metrics();
  const uint64_t events = EventsWritten(m) - events_;
  if (events == 0) return;
  state.counters["writer_us_per_event"] =
      (m.writer_cpu_seconds - cpu_seconds_) * 1e6 / static_cast<double>(events);
  state.counters["process_us_per_event"] =
      (tools::ProcessCpuSeconds() - process_cpu_seconds_) * 1e6 / static_cast<double>(events);
  if (m.groups > groups_)
    state.counters["events_per_group"] =
        static_cast<double>(events) / static_cast<double>(m.groups - groups_);
}

}  // namespace gridledger::bench
