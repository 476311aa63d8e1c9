// gridledger-bench: GridLedger's event log against raw RocksDB and SQLite,
// on the same machine, in one run (Google Benchmark).
//
// Groups (run in this order; baselines first so that ratios can be
// computed in the same process):
//   Raw/WriteBatch/B          raw RocksDB WriteBatch of B values, no sync: the
//                             engine's exact encoded event bytes, key BE64(pos)
//   Raw/WriteBatchIndexed/B   the same plus every index row the engine writes
//   Log/BufferedAppend/B      EventLog::Append of B events, Durability::kBuffered
//   Raw/DurablePut            raw RocksDB sync=true Put of one value, N threads
//   SQLite/DurableInsert      SQLite WAL + synchronous=FULL, one row per commit
//   Log/DurableAppend         EventLog::Append of one event, kDurable, N threads
//   Raw/Scan, Codec/Decode    raw iteration and in-memory decoding baselines
//   Log/ScanAll, Log/ReadStream, Log/SubscriptionCatchUp
//
// Every benchmark reports items_per_second (events). Engine benchmarks add
// the counter `x_raw`: their events/s over the matching raw RocksDB figure
// measured earlier in the same run (wall clock, all threads). The report
// script (bench/report.py) recomputes ratios from the JSON.
//
// Data directories live under one temporary directory ($TMPDIR or /tmp),
// removed at exit.
#include <benchmark/benchmark.h>
#include <rocksdb/db.h>
#include <rocksdb/table.h>
#include <rocksdb/write_batch.h>
#include <sqlite3.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <random>
#include <string>
#include <vector>

#include "codec/event_codec.h"
#include "gridledger/event_log.h"
#include "storage/keys.h"

namespace gl = gridledger;

namespace {

// ---- shared state ----------------------------------------------------------

std::string& Root() {
  static std::string root = [] {
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

// A new, not yet existing directory under the run's temporary root.
std::string FreshDir(const std::string& name) {
  static std::atomic<int> counter{0};
  return Root() + "/" + name + "-" + std::to_string(counter++);
}

void RemoveDir(const std::string& dir) {
  std::error_code ec;
  std::filesystem::remove_all(dir, ec);
}

void Die(const std::string& what) {
  std::fprintf(stderr, "gridledger-bench: %s\n", what.c_str());
  std::exit(1);
}

// A realistic event: a resident's case as the kiosk files it.
gl::NewEvent SampleEvent() {
  gl::CaseFiled filed;
  filed.category = "环境卫生/楼道堆物";
  filed.source = gl::CaseSource::kKiosk;
  filed.description = "3号楼2单元楼道堆放大量纸箱和旧家具，已经堵住消防通道，请尽快处理。";
  filed.location = {"411302001001", "bldg-3", "幸福路 12 号 3 号楼", 32990001, 112528002};
  filed.reporter = {"person-5f2c", std::string(24, '\x11'), std::string(40, '\x22')};
  filed.resident_key = std::string(32, 'k');
  filed.query_code_hash = std::string(32, 'q');
  gl::NewEvent e;
  e.payload = std::move(filed);
  e.actor = "resident";
  e.grid_code = "411302001001";
  e.correlation_id = gl::EventId::Generate();
  return e;
}

// The engine's stored bytes for SampleEvent(): what the raw baselines write.
const std::string& SampleBytes() {
  static const std::string bytes = [] {
    auto enc = gl::codec::Encode(gl::StreamId{"case-20261123-000001"}, SampleEvent(),
                                 gl::EventId::Generate());
    if (!enc.ok()) Die(enc.status().ToString());
    gl::codec::Seal(*enc, gl::StreamVersion{1}, gl::Position{1}, gl::FromMicros(1795000000000000),
                    gl::Hash256{});
    return enc->bytes;
  }();
  return bytes;
}

// RocksDB options mirroring the engine's log family (storage/rocks_store.cc).
rocksdb::Options RawOptions() {
  rocksdb::Options o;
  o.create_if_missing = true;
  o.max_background_jobs = 2;
  o.bytes_per_sync = 1 << 20;
  o.write_buffer_size = 64u << 20;
  o.compression = rocksdb::kLZ4Compression;
  o.bottommost_compression = rocksdb::kZSTD;
  o.level_compaction_dynamic_level_bytes = true;
  rocksdb::BlockBasedTableOptions t;
  t.format_version = 5;
  o.table_factory.reset(rocksdb::NewBlockBasedTableFactory(t));
  return o;
}

std::unique_ptr<rocksdb::DB> OpenRaw(const std::string& dir) {
  rocksdb::DB* db = nullptr;
  auto s = rocksdb::DB::Open(RawOptions(), dir, &db);
  if (!s.ok()) Die("raw open: " + s.ToString());
  return std::unique_ptr<rocksdb::DB>(db);
}

std::unique_ptr<gl::EventLog> OpenLog(const std::string& dir) {
  auto log = gl::EventLog::Open(dir);
  if (!log.ok()) Die(log.status().ToString());
  return std::move(log).value();
}

// Raw events/s by benchmark key ("buffered/10", "durable/64", "scan").
std::mutex g_raw_mu;
std::map<std::string, double> g_raw;

void SetRaw(const std::string& key, double events_per_second) {
  std::lock_guard lock(g_raw_mu);
  g_raw[key] = events_per_second;
}
double GetRaw(const std::string& key) {
  std::lock_guard lock(g_raw_mu);
  auto it = g_raw.find(key);
  return it == g_raw.end() ? 0 : it->second;
}

// Wall-clock throughput of one benchmark run, measured by thread 0 between
// the start and end of its timing loop; all threads run the same number of
// iterations.
class WallTimer {
 public:
  void Start() { start_ = std::chrono::steady_clock::now(); }
  double EventsPerSecond(const benchmark::State& state, double events_per_iteration) const {
    double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
    return static_cast<double>(state.iterations()) * state.threads() * events_per_iteration /
           seconds;
  }

 private:
  std::chrono::steady_clock::time_point start_;
};

// Adds x_raw = measured / raw[key] (thread 0 only; counters sum over threads).
void ReportRatio(benchmark::State& state, double measured, const std::string& raw_key) {
  double raw = GetRaw(raw_key);
  if (raw > 0) state.counters["x_raw"] = measured / raw;
}

// ---- buffered writes -------------------------------------------------------

void BM_RawWriteBatch(benchmark::State& state) {
  const int batch = static_cast<int>(state.range(0));
  const std::string dir = FreshDir("raw-batch");
  auto db = OpenRaw(dir);
  const std::string& value = SampleBytes();
  rocksdb::WriteOptions wo;  // no sync: the WAL in the page cache
  uint64_t position = 0;
  WallTimer timer;
  timer.Start();
  for (auto _ : state) {
    rocksdb::WriteBatch wb;
    for (int i = 0; i < batch; ++i) wb.Put(gl::keys::PositionKey(gl::Position{++position}), value);
    auto s = db->Write(wo, &wb);
    if (!s.ok()) state.SkipWithError(s.ToString().c_str());
  }
  double eps = timer.EventsPerSecond(state, batch);
  SetRaw("buffered/" + std::to_string(batch), eps);
  state.SetItemsProcessed(state.iterations() * batch);
  state.SetBytesProcessed(state.iterations() * batch * static_cast<int64_t>(value.size()));
  state.counters["value_bytes"] = static_cast<double>(value.size());
  db.reset();
  RemoveDir(dir);
}

// The raw write plus every row the engine writes per event (stream index,
// id index) and per batch (stream head, tail record): storage cost without
// the engine's CPU work.
void BM_RawWriteBatchIndexed(benchmark::State& state) {
  const int batch = static_cast<int>(state.range(0));
  const std::string dir = FreshDir("raw-indexed");
  auto db = OpenRaw(dir);
  const std::string& value = SampleBytes();
  rocksdb::WriteOptions wo;
  uint64_t position = 0, round = 0;
  WallTimer timer;
  timer.Start();
  for (auto _ : state) {
    rocksdb::WriteBatch wb;
    gl::StreamId stream{"case-20261123-" + std::to_string(round++ % 1000)};
    for (int i = 0; i < batch; ++i) {
      std::string key = gl::keys::PositionKey(gl::Position{++position});
      wb.Put(key, value);
      wb.Put(gl::keys::StreamIndexKey(stream, gl::StreamVersion{position}), key);
      wb.Put(gl::keys::IdKey(gl::EventId{position, position}), key);
    }
    wb.Put(stream.value, gl::keys::HeadValue(gl::StreamVersion{position}, gl::Position{position}));
    wb.Put("tail", std::string(40, 't'));
    auto s = db->Write(wo, &wb);
    if (!s.ok()) state.SkipWithError(s.ToString().c_str());
  }
  double eps = timer.EventsPerSecond(state, batch);
  SetRaw("indexed/" + std::to_string(batch), eps);
  ReportRatio(state, eps, "buffered/" + std::to_string(batch));
  state.SetItemsProcessed(state.iterations() * batch);
  db.reset();
  RemoveDir(dir);
}

void BM_BufferedAppend(benchmark::State& state) {
  const int batch = static_cast<int>(state.range(0));
  const std::string dir = FreshDir("log-buffered");
  auto log = OpenLog(dir);
  const std::vector<gl::NewEvent> events(batch, SampleEvent());
  std::vector<gl::StreamId> streams;
  for (int i = 0; i < 1000; ++i) streams.push_back({"case-20261123-" + std::to_string(i)});
  const gl::AppendOptions buffered{.durability = gl::Durability::kBuffered};
  uint64_t round = 0;
  WallTimer timer;
  timer.Start();
  for (auto _ : state) {
    auto r = log->Append(streams[round++ % streams.size()], gl::ExpectedVersion::Any(), events,
                         buffered);
    if (!r.ok()) state.SkipWithError(r.status().ToString().c_str());
  }
  double eps = timer.EventsPerSecond(state, batch);
  ReportRatio(state, eps, "buffered/" + std::to_string(batch));
  state.SetItemsProcessed(state.iterations() * batch);
  log.reset();
  RemoveDir(dir);
}

// ---- durable writes from N threads ------------------------------------------

// One store shared by all threads of a run: Setup() opens it before the
// threads start and Teardown() closes it after they all finished (Google
// Benchmark runs both once per run, on the main thread).
struct SharedRaw {
  std::unique_ptr<rocksdb::DB> db;
  std::string dir;
  std::atomic<uint64_t> position{0};
} g_shared_raw;

void RawDurableSetup(const benchmark::State&) {
  g_shared_raw.dir = FreshDir("raw-durable");
  g_shared_raw.db = OpenRaw(g_shared_raw.dir);
  g_shared_raw.position = 0;
}

void BM_RawDurablePut(benchmark::State& state) {
  WallTimer timer;
  const std::string& value = SampleBytes();
  rocksdb::WriteOptions wo;
  wo.sync = true;
  for (auto _ : state) {
    if (state.iterations() == 0 && state.thread_index() == 0) timer.Start();
    rocksdb::WriteBatch wb;
    wb.Put(gl::keys::PositionKey(gl::Position{++g_shared_raw.position}), value);
    auto s = g_shared_raw.db->Write(wo, &wb);
    if (!s.ok()) state.SkipWithError(s.ToString().c_str());
  }
  state.SetItemsProcessed(state.iterations());
  if (state.thread_index() == 0) {
    SetRaw("durable/" + std::to_string(state.threads()), timer.EventsPerSecond(state, 1));
  }
}

void RawDurableTeardown(const benchmark::State&) {
  g_shared_raw.db.reset();
  RemoveDir(g_shared_raw.dir);
}

struct SharedSqlite {
  sqlite3* db = nullptr;
  sqlite3_stmt* insert = nullptr;
  std::string dir;
  std::mutex mu;  // SQLite has one writer; a mutex is its best case
} g_sqlite;

void SqliteExec(const char* sql) {
  char* error = nullptr;
  if (sqlite3_exec(g_sqlite.db, sql, nullptr, nullptr, &error) != SQLITE_OK)
    Die(std::string("sqlite: ") + sql + ": " + (error ? error : "?"));
}

void SqliteSetup(const benchmark::State&) {
  g_sqlite.dir = FreshDir("sqlite");
  std::filesystem::create_directories(g_sqlite.dir);
  if (sqlite3_open((g_sqlite.dir + "/events.db").c_str(), &g_sqlite.db) != SQLITE_OK)
    Die("sqlite open");
  SqliteExec("PRAGMA journal_mode=WAL");
  SqliteExec("PRAGMA synchronous=FULL");
  SqliteExec(
      "CREATE TABLE events(position INTEGER PRIMARY KEY, stream TEXT NOT NULL,"
      " version INTEGER NOT NULL, data BLOB NOT NULL, UNIQUE(stream, version))");
  // The next version of the stream is assigned in the same statement, like
  // the engine's expected-version check.
  const char* sql =
      "INSERT INTO events(stream, version, data) VALUES(?1,"
      " (SELECT IFNULL(MAX(version), 0) + 1 FROM events WHERE stream = ?1), ?2)";
  if (sqlite3_prepare_v2(g_sqlite.db, sql, -1, &g_sqlite.insert, nullptr) != SQLITE_OK)
    Die(std::string("sqlite prepare: ") + sqlite3_errmsg(g_sqlite.db));
}

void SqliteTeardown(const benchmark::State&) {
  sqlite3_finalize(g_sqlite.insert);
  sqlite3_close(g_sqlite.db);
  g_sqlite.insert = nullptr;
  g_sqlite.db = nullptr;
  RemoveDir(g_sqlite.dir);
}

void BM_SqliteDurableInsert(benchmark::State& state) {
  WallTimer timer;
  const std::string& value = SampleBytes();
  const std::string stream = "case-" + std::to_string(state.thread_index());
  for (auto _ : state) {
    if (state.iterations() == 0 && state.thread_index() == 0) timer.Start();
    std::lock_guard lock(g_sqlite.mu);
    sqlite3_bind_text(g_sqlite.insert, 1, stream.data(), static_cast<int>(stream.size()),
                      SQLITE_STATIC);
    sqlite3_bind_blob(g_sqlite.insert, 2, value.data(), static_cast<int>(value.size()),
                      SQLITE_STATIC);
    if (sqlite3_step(g_sqlite.insert) != SQLITE_DONE)
      state.SkipWithError(sqlite3_errmsg(g_sqlite.db));
    sqlite3_reset(g_sqlite.insert);
  }
  state.SetItemsProcessed(state.iterations());
  if (state.thread_index() == 0) {
    double eps = timer.EventsPerSecond(state, 1);
    SetRaw("sqlite/" + std::to_string(state.threads()), eps);
    ReportRatio(state, eps, "durable/" + std::to_string(state.threads()));
  }
}

struct SharedLog {
  std::unique_ptr<gl::EventLog> log;
  std::string dir;
} g_shared_log;

void LogDurableSetup(const benchmark::State&) {
  g_shared_log.dir = FreshDir("log-durable");
  g_shared_log.log = OpenLog(g_shared_log.dir);
}

void LogDurableTeardown(const benchmark::State&) {
  g_shared_log.log.reset();
  RemoveDir(g_shared_log.dir);
}

void BM_DurableAppend(benchmark::State& state) {
  WallTimer timer;
  const gl::StreamId stream{"case-t" + std::to_string(state.thread_index())};
  const gl::NewEvent event = SampleEvent();
  for (auto _ : state) {
    if (state.iterations() == 0 && state.thread_index() == 0) timer.Start();
    auto r = g_shared_log.log->Append(stream, gl::ExpectedVersion::Any(), {event});
    if (!r.ok()) state.SkipWithError(r.status().ToString().c_str());
  }
  state.SetItemsProcessed(state.iterations());
  if (state.thread_index() == 0) {
    double eps = timer.EventsPerSecond(state, 1);
    ReportRatio(state, eps, "durable/" + std::to_string(state.threads()));
    double sqlite = GetRaw("sqlite/" + std::to_string(state.threads()));
    if (sqlite > 0) state.counters["x_sqlite"] = eps / sqlite;
  }
}

// ---- reads -----------------------------------------------------------------

constexpr int kReadStreams = 10000;
constexpr int kEventsPerStream = 20;
constexpr int kChunk = 10;  // each stream is written in two separate appends

// A log of kReadStreams * kEventsPerStream events, compacted, plus a raw
// RocksDB with the same values under the same keys. Built on first use.
struct ReadFixture {
  std::string log_dir, raw_dir;
  std::unique_ptr<gl::EventLog> log;
  std::unique_ptr<rocksdb::DB> raw;
  uint64_t events = 0;
};
ReadFixture* g_read = nullptr;

ReadFixture& Read() {
  if (g_read) return *g_read;
  g_read = new ReadFixture();
  g_read->log_dir = FreshDir("log-read");
  g_read->log = OpenLog(g_read->log_dir);
  const gl::AppendOptions buffered{.durability = gl::Durability::kBuffered};
  const std::vector<gl::NewEvent> events(kChunk, SampleEvent());
  for (int round = 0; round < kEventsPerStream / kChunk; ++round)
    for (int s = 0; s < kReadStreams; ++s) {
      auto r = g_read->log->Append(gl::StreamId{"case-" + std::to_string(s)},
                                   gl::ExpectedVersion::Any(), events, buffered);
      if (!r.ok()) Die(r.status().ToString());
    }
  if (auto s = g_read->log->Compact(); !s.ok()) Die(s.ToString());
  g_read->events = g_read->log->Committed().value;

  g_read->raw_dir = FreshDir("raw-read");
  g_read->raw = OpenRaw(g_read->raw_dir);
  uint64_t position = 0;
  while (position < g_read->events) {
    rocksdb::WriteBatch wb;
    for (int i = 0; i < 1000 && position < g_read->events; ++i)
      wb.Put(gl::keys::PositionKey(gl::Position{++position}), SampleBytes());
    if (auto s = g_read->raw->Write(rocksdb::WriteOptions(), &wb); !s.ok()) Die(s.ToString());
  }
  if (auto s = g_read->raw->CompactRange(rocksdb::CompactRangeOptions(), nullptr, nullptr); !s.ok())
    Die(s.ToString());
  return *g_read;
}

void DestroyReadFixture() {
  if (!g_read) return;
  g_read->log.reset();
  g_read->raw.reset();
  RemoveDir(g_read->log_dir);
  RemoveDir(g_read->raw_dir);
  delete g_read;
  g_read = nullptr;
}

// Raw RocksDB forward iteration over the same values, touching every byte
// count but decoding nothing: the ceiling for a global read.
void BM_RawScan(benchmark::State& state) {
  ReadFixture& f = Read();
  WallTimer timer;
  timer.Start();
  for (auto _ : state) {
    rocksdb::ReadOptions ro;
    ro.readahead_size = 2u << 20;
    std::unique_ptr<rocksdb::Iterator> it(f.raw->NewIterator(ro));
    size_t bytes = 0;
    for (it->SeekToFirst(); it->Valid(); it->Next()) bytes += it->value().size();
    benchmark::DoNotOptimize(bytes);
  }
  double eps = timer.EventsPerSecond(state, static_cast<double>(f.events));
  SetRaw("scan", eps);
  state.SetItemsProcessed(state.iterations() * f.events);
}

// The codec alone: decoding one stored value held in memory.
void BM_Decode(benchmark::State& state) {
  const std::string& bytes = SampleBytes();
  for (auto _ : state) {
    auto e = gl::codec::Decode(bytes);
    benchmark::DoNotOptimize(e);
  }
  state.SetItemsProcessed(state.iterations());
}

void BM_ScanAll(benchmark::State& state) {
  ReadFixture& f = Read();
  WallTimer timer;
  timer.Start();
  for (auto _ : state) {
    uint64_t seen = 0;
    auto s = f.log->ScanAll(gl::Position{1}, gl::Position{0}, [&](const gl::RecordedEvent& e) {
      seen += e.position.value;
      return gl::Status::Ok();
    });
    if (!s.ok()) state.SkipWithError(s.ToString().c_str());
    benchmark::DoNotOptimize(seen);
  }
  double eps = timer.EventsPerSecond(state, static_cast<double>(f.events));
  ReportRatio(state, eps, "scan");
  state.SetItemsProcessed(state.iterations() * f.events);
}

// Loading one aggregate: a whole 20-event stream, forwards, from a random
// stream; the time per iteration is the latency.
void BM_ReadStream(benchmark::State& state) {
  ReadFixture& f = Read();
  std::mt19937 rng(42 + state.thread_index());
  std::uniform_int_distribution<int> pick(0, kReadStreams - 1);
  for (auto _ : state) {
    auto r = f.log->ReadStream(gl::StreamId{"case-" + std::to_string(pick(rng))},
                               gl::StreamVersion{1}, gl::ReadDirection::kForward, 1000);
    if (!r.ok() || r->size() != kEventsPerStream) state.SkipWithError("bad stream read");
    benchmark::DoNotOptimize(r);
  }
  state.SetItemsProcessed(state.iterations() * kEventsPerStream);
}

// The last event of a random stream (reading backwards from the end).
void BM_ReadStreamLast(benchmark::State& state) {
  ReadFixture& f = Read();
  std::mt19937 rng(7);
  std::uniform_int_distribution<int> pick(0, kReadStreams - 1);
  for (auto _ : state) {
    auto r = f.log->ReadStream(gl::StreamId{"case-" + std::to_string(pick(rng))},
                               gl::StreamVersion{UINT64_MAX}, gl::ReadDirection::kBackward, 1);
    if (!r.ok() || r->size() != 1) state.SkipWithError("bad stream read");
    benchmark::DoNotOptimize(r);
  }
  state.SetItemsProcessed(state.iterations());
}

// A new subscription catching up on the whole log, from position 1 until
// its handler has seen the last event.
void BM_SubscriptionCatchUp(benchmark::State& state) {
  ReadFixture& f = Read();
  WallTimer timer;
  timer.Start();
  for (auto _ : state) {
    std::atomic<uint64_t> handled{0};
    auto sub = f.log->Subscribe({}, [&](const gl::RecordedEvent&) {
      handled.fetch_add(1, std::memory_order_relaxed);
      return gl::Status::Ok();
    });
    if (!sub.ok()) {
      state.SkipWithError(sub.status().ToString().c_str());
      break;
    }
    if (!(*sub)->WaitUntilHandled(gl::Position{f.events}, std::chrono::minutes(1)))
      state.SkipWithError("subscription did not catch up");
    (*sub)->Stop();
  }
  double eps = timer.EventsPerSecond(state, static_cast<double>(f.events));
  ReportRatio(state, eps, "scan");
  state.SetItemsProcessed(state.iterations() * f.events);
}

// ---- registration (order matters: baselines first) --------------------------

// Real (wall) time everywhere: the engine's work happens on its writer
// thread, which the caller's CPU time would not count.
BENCHMARK(BM_RawWriteBatch)
    ->Name("Raw/WriteBatch")
    ->ArgName("batch")
    ->Arg(1)
    ->Arg(10)
    ->Arg(100)
    ->UseRealTime();
BENCHMARK(BM_RawWriteBatchIndexed)
    ->Name("Raw/WriteBatchIndexed")
    ->ArgName("batch")
    ->Arg(1)
    ->Arg(10)
    ->Arg(100)
    ->UseRealTime();
BENCHMARK(BM_BufferedAppend)
    ->Name("Log/BufferedAppend")
    ->ArgName("batch")
    ->Arg(1)
    ->Arg(10)
    ->Arg(100)
    ->UseRealTime();

BENCHMARK(BM_RawDurablePut)
    ->Name("Raw/DurablePut")
    ->Threads(1)
    ->Threads(16)
    ->Threads(64)
    ->UseRealTime()
    ->Setup(RawDurableSetup)
    ->Teardown(RawDurableTeardown);
BENCHMARK(BM_SqliteDurableInsert)
    ->Name("SQLite/DurableInsert")
    ->Threads(1)
    ->Threads(16)
    ->Threads(64)
    ->UseRealTime()
    ->Setup(SqliteSetup)
    ->Teardown(SqliteTeardown);
BENCHMARK(BM_DurableAppend)
    ->Name("Log/DurableAppend")
    ->Threads(1)
    ->Threads(16)
    ->Threads(64)
    ->UseRealTime()
    ->Setup(LogDurableSetup)
    ->Teardown(LogDurableTeardown);

BENCHMARK(BM_RawScan)
    ->Name("Raw/Scan")
    ->Unit(benchmark::kMillisecond)
    ->Iterations(5)
    ->UseRealTime();
BENCHMARK(BM_Decode)->Name("Codec/Decode")->UseRealTime();
BENCHMARK(BM_ScanAll)
    ->Name("Log/ScanAll")
    ->Unit(benchmark::kMillisecond)
    ->Iterations(5)
    ->UseRealTime();
BENCHMARK(BM_ReadStream)->Name("Log/ReadStream")->Unit(benchmark::kMicrosecond)->UseRealTime();
BENCHMARK(BM_ReadStreamLast)
    ->Name("Log/ReadStreamLast")
    ->Unit(benchmark::kMicrosecond)
    ->UseRealTime();
BENCHMARK(BM_SubscriptionCatchUp)
    ->Name("Log/SubscriptionCatchUp")
    ->Unit(benchmark::kMillisecond)
    ->Iterations(3)
    ->UseRealTime();

}  // namespace

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  DestroyReadFixture();
  RemoveDir(Root());
  return 0;
}
