// gridledger-bench: GridLedger's event log against raw RocksDB and SQLite,
// on the same machine, in one run (Google Benchmark).
//
// Groups (run in this order; baselines first so that ratios can be
// computed in the same process):
//   Raw/WriteBatch/B          raw RocksDB WriteBatch of B values, no sync: the
//                             engine's exact encoded event bytes, key BE64(pos)
//   Raw/WriteBatchIndexed/B   the same plus every index row the engine writes
//   Log/BufferedAppend/B      EventLog::Append of B events, Durability::kBuffered
//   SQLite/BufferedInsertBatch, Raw/DurableWriteBatch, SQLite/DurableInsertBatch,
//   Log/DurableAppendBatch    the batch sweep's other baselines and durable mode
//   Raw/DurablePut            raw RocksDB sync=true Put of one value, N threads
//   SQLite/DurableInsert      SQLite WAL + synchronous=FULL, one row per commit
//   Log/DurableAppend         EventLog::Append of one event, kDurable, N threads;
//                             x_ceiling: against Raw/DurableWriteBatch of N (1, 64)
//   Raw/Scan, Codec/Decode    raw iteration and in-memory decoding baselines
//   Codec/View                the envelope read in place (no payload)
//   Log/ScanAll, Log/ScanViews, Log/Verify, Log/ReadStream,
//   Log/SubscriptionCatchUp, Log/SubscriptionViewCatchUp
//                             decoded events against envelope views
//
// Every benchmark reports items_per_second (events). Engine benchmarks add
// the counter `x_raw`: their events/s over the matching raw RocksDB figure
// measured earlier in the same run (wall clock, all threads); the whole-log
// scans also add `x_raw_paired`, against a raw pass run right before each
// of their passes (PairedWithRaw). The report
// script (bench/report.py) recomputes ratios from the JSON.
//
// Data directories live under one temporary directory ($TMPDIR or /tmp),
// removed at exit.
#include <benchmark/benchmark.h>
#include <rocksdb/db.h>
#include <rocksdb/write_batch.h>
#include <sqlite3.h>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <random>
#include <string>
#include <vector>

#include "bench_support.h"
#include "codec/event_codec.h"
#include "gridledger/event_log.h"
#include "storage/keys.h"

namespace gl = gridledger;
using namespace gridledger::bench;

namespace {

// ---- event sizes ------------------------------------------------------------

// Events and their stored bytes by target size; 0 is SampleEvent(), the
// kiosk's 752-byte case. Filled before the timed loops, read-only after.
struct SizedSample {
  gl::NewEvent event;
  std::string bytes;
};
const SizedSample& SampleOfSize(int64_t bytes) {
  static std::mutex mu;
  static std::map<int64_t, std::unique_ptr<SizedSample>> cache;
  std::lock_guard lock(mu);
  auto& slot = cache[bytes];
  if (!slot) {
    gl::NewEvent e = bytes == 0 ? SampleEvent() : SizedEvent(static_cast<size_t>(bytes));
    std::string stored = EncodedBytes(e);
    slot = std::make_unique<SizedSample>(SizedSample{std::move(e), std::move(stored)});
  }
  return *slot;
}

std::string Key(const char* kind, int64_t n) { return std::string(kind) + "/" + std::to_string(n); }

// ---- buffered writes -------------------------------------------------------

// Raw RocksDB WriteBatch of `batch` values, no sync (the WAL in the page
// cache) or sync=true: the engine's exact encoded bytes under key
// BE64(position).
void RawWriteBatch(benchmark::State& state, int batch, const std::string& value,
                   const std::string& baseline_key, bool sync = false) {
  const std::string dir = FreshDir("raw-batch");
  auto db = OpenRaw(dir);
  rocksdb::WriteOptions wo;
  wo.sync = sync;
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
  SetBaseline(baseline_key, eps);
  state.SetItemsProcessed(state.iterations() * batch);
  state.SetBytesProcessed(state.iterations() * batch * static_cast<int64_t>(value.size()));
  state.counters["event_bytes"] = static_cast<double>(value.size());
  db.reset();
  RemoveDir(dir);
}

void BM_RawWriteBatch(benchmark::State& state) {
  const int batch = static_cast<int>(state.range(0));
  RawWriteBatch(state, batch, SampleBytes(), Key("buffered", batch));
}

void BM_RawDurableWriteBatch(benchmark::State& state) {
  const int batch = static_cast<int>(state.range(0));
  RawWriteBatch(state, batch, SampleBytes(), Key("durable_batch", batch), /*sync=*/true);
}

void BM_RawWriteBatchSized(benchmark::State& state) {
  RawWriteBatch(state, 10, SampleOfSize(state.range(0)).bytes,
                Key("buffered_bytes", state.range(0)));
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
  SetBaseline(Key("indexed", batch), eps);
  ReportRatio(state, eps, Key("buffered", batch));
  state.SetItemsProcessed(state.iterations() * batch);
  db.reset();
  RemoveDir(dir);
}

// EventLog::Append of `batch` copies of `event`, one caller, rotating over
// 1,000 streams, Durability::kBuffered unless `durability` says otherwise.
void BufferedAppend(benchmark::State& state, int batch, const gl::NewEvent& event,
                    const std::string& baseline_key,
                    gl::Durability durability = gl::Durability::kBuffered) {
  const std::string dir = FreshDir("log-buffered");
  auto log = OpenLog(dir);
  const std::vector<gl::NewEvent> events(batch, event);
  std::vector<gl::StreamId> streams;
  for (int i = 0; i < 1000; ++i) streams.push_back({"case-20261123-" + std::to_string(i)});
  const gl::AppendOptions options{.durability = durability};
  uint64_t round = 0;
  WallTimer timer;
  timer.Start();
  WriterCpu writer_cpu;
  writer_cpu.Start(*log);
  for (auto _ : state) {
    auto r =
        log->Append(streams[round++ % streams.size()], gl::ExpectedVersion::Any(), events, options);
    if (!r.ok()) state.SkipWithError(r.status().ToString().c_str());
  }
  writer_cpu.Report(state, *log);
  double eps = timer.EventsPerSecond(state, batch);
  ReportRatio(state, eps, baseline_key);
  state.SetItemsProcessed(state.iterations() * batch);
  log.reset();
  RemoveDir(dir);
}

void BM_BufferedAppend(benchmark::State& state) {
  const int batch = static_cast<int>(state.range(0));
  BufferedAppend(state, batch, SampleEvent(), Key("buffered", batch));
}

void BM_DurableAppendBatch(benchmark::State& state) {
  const int batch = static_cast<int>(state.range(0));
  BufferedAppend(state, batch, SampleEvent(), Key("durable_batch", batch),
                 gl::Durability::kDurable);
}

void BM_BufferedAppendSized(benchmark::State& state) {
  const SizedSample& sample = SampleOfSize(state.range(0));
  BufferedAppend(state, 10, sample.event, Key("buffered_bytes", state.range(0)));
  state.counters["event_bytes"] = static_cast<double>(sample.bytes.size());
}

// ---- writes from N threads ----------------------------------------------------

// One store shared by all threads of a run: Setup() opens it before the
// threads start and Teardown() closes it after they all finished (Google
// Benchmark runs both once per run, on the main thread).
struct SharedRaw {
  std::unique_ptr<rocksdb::DB> db;
  std::string dir;
  std::atomic<uint64_t> position{0};
} g_shared_raw;

void RawSharedSetup(const benchmark::State&) {
  g_shared_raw.dir = FreshDir("raw-shared");
  g_shared_raw.db = OpenRaw(g_shared_raw.dir);
  g_shared_raw.position = 0;
}

void RawSharedTeardown(const benchmark::State&) {
  g_shared_raw.db.reset();
  RemoveDir(g_shared_raw.dir);
}

// One raw Put per call from every thread (RocksDB groups concurrent writers
// itself): with sync=true the durable ceiling, without it the buffered one.
void RawPut(benchmark::State& state, bool sync, const std::string& value,
            const std::string& baseline_key) {
  WallTimer timer;
  bool started = false;
  rocksdb::WriteOptions wo;
  wo.sync = sync;
  for (auto _ : state) {
    // iterations() stays 0 inside the loop in Google Benchmark 1.7: a flag.
    if (!started && state.thread_index() == 0) timer.Start();
    started = true;
    rocksdb::WriteBatch wb;
    wb.Put(gl::keys::PositionKey(gl::Position{++g_shared_raw.position}), value);
    auto s = g_shared_raw.db->Write(wo, &wb);
    if (!s.ok()) state.SkipWithError(s.ToString().c_str());
  }
  state.SetItemsProcessed(state.iterations());
  if (state.thread_index() == 0) SetBaseline(baseline_key, timer.EventsPerSecond(state, 1));
}

void BM_RawDurablePut(benchmark::State& state) {
  RawPut(state, true, SampleBytes(), Key("durable", state.threads()));
}
void BM_RawBufferedPut(benchmark::State& state) {
  RawPut(state, false, SampleBytes(), Key("buffered_put", state.threads()));
}
void BM_RawDurablePutSized(benchmark::State& state) {
  const SizedSample& sample = SampleOfSize(state.range(0));
  RawPut(state, true, sample.bytes, Key("durable_bytes", state.range(0)));
  if (state.thread_index() == 0)
    state.counters["event_bytes"] = static_cast<double>(sample.bytes.size());
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

// SQLite, WAL, one transaction of `batch` rows per call, one caller:
// synchronous=FULL (durable at COMMIT) or OFF (the WAL in the page cache,
// like Durability::kBuffered).
void SqliteBatch(benchmark::State& state, int batch, bool durable, const std::string& key) {
  const std::string dir = FreshDir("sqlite-batch");
  std::filesystem::create_directories(dir);
  sqlite3* db = nullptr;
  if (sqlite3_open((dir + "/events.db").c_str(), &db) != SQLITE_OK) Die("sqlite open");
  auto exec = [&](const char* sql) {
    char* error = nullptr;
    if (sqlite3_exec(db, sql, nullptr, nullptr, &error) != SQLITE_OK)
      Die(std::string("sqlite: ") + sql + ": " + (error ? error : "?"));
  };
  exec("PRAGMA journal_mode=WAL");
  exec(durable ? "PRAGMA synchronous=FULL" : "PRAGMA synchronous=OFF");
  exec(
      "CREATE TABLE events(position INTEGER PRIMARY KEY, stream TEXT NOT NULL,"
      " version INTEGER NOT NULL, data BLOB NOT NULL, UNIQUE(stream, version))");
  sqlite3_stmt* insert = nullptr;
  if (sqlite3_prepare_v2(db,
                         "INSERT INTO events(stream, version, data) VALUES(?1,"
                         " (SELECT IFNULL(MAX(version), 0) + 1 FROM events WHERE stream = ?1), ?2)",
                         -1, &insert, nullptr) != SQLITE_OK)
    Die(std::string("sqlite prepare: ") + sqlite3_errmsg(db));
  const std::string& value = SampleBytes();
  uint64_t round = 0;
  WallTimer timer;
  timer.Start();
  for (auto _ : state) {
    const std::string stream = "case-20261123-" + std::to_string(round++ % 1000);
    exec("BEGIN");
    for (int i = 0; i < batch; ++i) {
      sqlite3_bind_text(insert, 1, stream.data(), static_cast<int>(stream.size()), SQLITE_STATIC);
      sqlite3_bind_blob(insert, 2, value.data(), static_cast<int>(value.size()), SQLITE_STATIC);
      if (sqlite3_step(insert) != SQLITE_DONE) state.SkipWithError(sqlite3_errmsg(db));
      sqlite3_reset(insert);
    }
    exec("COMMIT");
  }
  SetBaseline(key, timer.EventsPerSecond(state, batch));
  state.SetItemsProcessed(state.iterations() * batch);
  sqlite3_finalize(insert);
  sqlite3_close(db);
  RemoveDir(dir);
}

void BM_SqliteBufferedBatch(benchmark::State& state) {
  const int batch = static_cast<int>(state.range(0));
  SqliteBatch(state, batch, false, Key("sqlite_buffered_batch", batch));
}

void BM_SqliteDurableBatch(benchmark::State& state) {
  const int batch = static_cast<int>(state.range(0));
  SqliteBatch(state, batch, true, Key("sqlite_batch", batch));
}

// SQLite, WAL + synchronous=FULL: one row per durable commit.
void SqliteInsert(benchmark::State& state, const std::string& value, const std::string& key,
                  const std::string& raw_key) {
  WallTimer timer;
  bool started = false;
  const std::string stream = "case-" + std::to_string(state.thread_index());
  for (auto _ : state) {
    // iterations() stays 0 inside the loop in Google Benchmark 1.7: a flag.
    if (!started && state.thread_index() == 0) timer.Start();
    started = true;
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
    SetBaseline(key, eps);
    ReportRatio(state, eps, raw_key);
  }
}

void BM_SqliteDurableInsert(benchmark::State& state) {
  SqliteInsert(state, SampleBytes(), Key("sqlite", state.threads()),
               Key("durable", state.threads()));
}
void BM_SqliteDurableInsertSized(benchmark::State& state) {
  SqliteInsert(state, SampleOfSize(state.range(0)).bytes, Key("sqlite_bytes", state.range(0)),
               Key("durable_bytes", state.range(0)));
}

struct SharedLog {
  std::unique_ptr<gl::EventLog> log;
  std::string dir;
} g_shared_log;

void LogSharedSetup(const benchmark::State&) {
  g_shared_log.dir = FreshDir("log-shared");
  g_shared_log.log = OpenLog(g_shared_log.dir);
}

void LogSharedTeardown(const benchmark::State&) {
  g_shared_log.log.reset();
  RemoveDir(g_shared_log.dir);
}

// EventLog::Append of one event per call from every thread, each thread its
// own stream, one shared log.
void LogAppend(benchmark::State& state, gl::Durability durability, const gl::NewEvent& event,
               const std::string& raw_key, const std::string& sqlite_key) {
  WallTimer timer;
  bool started = false;
  const gl::StreamId stream{"case-t" + std::to_string(state.thread_index())};
  const gl::AppendOptions options{.durability = durability};
  WriterCpu writer_cpu;
  for (auto _ : state) {
    // iterations() stays 0 inside the loop in Google Benchmark 1.7: a flag.
    if (!started && state.thread_index() == 0) {
      timer.Start();
      writer_cpu.Start(*g_shared_log.log);
    }
    started = true;
    auto r = g_shared_log.log->Append(stream, gl::ExpectedVersion::Any(), {event}, options);
    if (!r.ok()) state.SkipWithError(r.status().ToString().c_str());
  }
  state.SetItemsProcessed(state.iterations());
  if (state.thread_index() == 0) {
    writer_cpu.Report(state, *g_shared_log.log);
    double eps = timer.EventsPerSecond(state, 1);
    ReportRatio(state, eps, raw_key);
    if (!sqlite_key.empty()) ReportRatio(state, eps, sqlite_key, "x_sqlite");
    // Durable: against one thread's raw groups of as many events as there
    // are appenders (what one fsync per such group allows), when measured.
    if (durability == gl::Durability::kDurable)
      ReportRatio(state, eps, Key("durable_batch", state.threads()), "x_ceiling");
  }
}

void BM_DurableAppend(benchmark::State& state) {
  LogAppend(state, gl::Durability::kDurable, SampleEvent(), Key("durable", state.threads()),
            Key("sqlite", state.threads()));
}
void BM_BufferedAppendConcurrent(benchmark::State& state) {
  LogAppend(state, gl::Durability::kBuffered, SampleEvent(), Key("buffered_put", state.threads()),
            "");
}
void BM_DurableAppendSized(benchmark::State& state) {
  const SizedSample& sample = SampleOfSize(state.range(0));
  LogAppend(state, gl::Durability::kDurable, sample.event, Key("durable_bytes", state.range(0)),
            Key("sqlite_bytes", state.range(0)));
  if (state.thread_index() == 0)
    state.counters["event_bytes"] = static_cast<double>(sample.bytes.size());
}

// ---- reads -----------------------------------------------------------------

constexpr int kReadStreams = 10000;
constexpr int kEventsPerStream = 20;
constexpr int kChunk = 10;  // each stream is written in two separate appends

// A log of kReadStreams * kEventsPerStream events, compacted, plus a raw
// RocksDB with the same stored bytes under the same keys. Built on first use.
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

  // The raw store holds the log's own stored bytes under the same keys, so
  // that both compress alike (until 2026-12-03 it held one sample value
  // under every key, which compressed far better than a real log).
  g_read->raw_dir = FreshDir("raw-read");
  g_read->raw = OpenRaw(g_read->raw_dir);
  for (gl::Position next{1}; next.value <= g_read->events;) {
    auto stored = g_read->log->ReadAllStored(next, 1000);
    if (!stored.ok()) Die(stored.status().ToString());
    rocksdb::WriteBatch wb;
    for (const auto& e : *stored) wb.Put(gl::keys::PositionKey(e.position), e.bytes);
    if (auto s = g_read->raw->Write(rocksdb::WriteOptions(), &wb); !s.ok()) Die(s.ToString());
    next = gl::Position{stored->back().position.value + 1};
  }
  // Rewritten into the last level as the log's Compact() does (kForce):
  // by default RocksDB would move the one flushed file down as it is,
  // keeping its upper-level compression, and the raw scan would read a
  // file shaped and compressed unlike the log's (until 2026-12-03 it did).
  rocksdb::CompactRangeOptions compact;
  compact.bottommost_level_compaction = rocksdb::BottommostLevelCompaction::kForce;
  if (auto s = g_read->raw->CompactRange(compact, nullptr, nullptr); !s.ok()) Die(s.ToString());
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

// One raw RocksDB forward pass over the fixture's values, touching every
// byte count but decoding nothing; returns its wall seconds.
double RawScanPass(ReadFixture& f) {
  auto begin = std::chrono::steady_clock::now();
  rocksdb::ReadOptions ro;
  ro.readahead_size = 2u << 20;
  ro.fill_cache = false;  // as the log's scans read (RocksDB's advice for bulk scans)
  std::unique_ptr<rocksdb::Iterator> it(f.raw->NewIterator(ro));
  size_t bytes = 0;
  for (it->SeekToFirst(); it->Valid(); it->Next()) bytes += it->value().size();
  benchmark::DoNotOptimize(bytes);
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - begin).count();
}

// Raw RocksDB forward iteration over the same values: the ceiling for a
// global read.
void BM_RawScan(benchmark::State& state) {
  ReadFixture& f = Read();
  double seconds = 0;
  for (auto _ : state) seconds += RawScanPass(f);
  SetBaseline("scan", static_cast<double>(state.iterations() * f.events) / seconds);
  state.SetItemsProcessed(state.iterations() * f.events);
}

// Each timed pass of a whole-log benchmark is preceded by an untimed raw
// pass, and `x_raw_paired` is the median of (raw pass seconds / pass
// seconds): the two measured within the same second, so that the virtual
// machine's slower and faster minutes cancel out of the ratio.
class PairedWithRaw {
 public:
  explicit PairedWithRaw(ReadFixture& f) : f_(f) {}
  // Untimed: the raw pass before the next timed one.
  void BeforePass(benchmark::State& state) {
    state.PauseTiming();
    raw_seconds_ = RawScanPass(f_);
    state.ResumeTiming();
    begin_ = std::chrono::steady_clock::now();
  }
  void AfterPass() {
    double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - begin_).count();
    pass_seconds_ += seconds;
    ++passes_;
    if (seconds > 0) ratios_.push_back(raw_seconds_ / seconds);
  }
  // The timed passes' events per second (the raw passes left out).
  double EventsPerSecond(double events_per_pass) const {
    return pass_seconds_ > 0 ? passes_ * events_per_pass / pass_seconds_ : 0;
  }
  void Report(benchmark::State& state) {
    if (ratios_.empty()) return;
    std::sort(ratios_.begin(), ratios_.end());
    state.counters["x_raw_paired"] = ratios_[ratios_.size() / 2];
  }

 private:
  ReadFixture& f_;
  double raw_seconds_ = 0;
  double pass_seconds_ = 0;
  uint64_t passes_ = 0;
  std::chrono::steady_clock::time_point begin_;
  std::vector<double> ratios_;
};

// The codec alone: decoding one stored value held in memory.
void BM_Decode(benchmark::State& state) {
  const std::string& bytes = SampleBytes();
  for (auto _ : state) {
    auto e = gl::codec::Decode(bytes);
    benchmark::DoNotOptimize(e);
  }
  state.SetItemsProcessed(state.iterations());
}

// The envelope read in place (gridledger/event_view.h), no payload.
void BM_View(benchmark::State& state) {
  const std::string& bytes = SampleBytes();
  for (auto _ : state) {
    auto v = gl::ViewStoredEvent(bytes);
    benchmark::DoNotOptimize(v);
  }
  state.SetItemsProcessed(state.iterations());
}

// Times `pass` (one pass over the whole read fixture, an error ends the
// benchmark) and reports events/s against the raw scan.
void WholeLog(benchmark::State& state, const std::function<gl::Status(ReadFixture&)>& pass) {
  ReadFixture& f = Read();
  PairedWithRaw paired(f);
  for (auto _ : state) {
    paired.BeforePass(state);
    gl::Status s = pass(f);
    if (!s.ok()) state.SkipWithError(s.ToString().c_str());
    paired.AfterPass();
  }
  ReportRatio(state, paired.EventsPerSecond(static_cast<double>(f.events)), "scan");
  paired.Report(state);
  state.SetItemsProcessed(state.iterations() * f.events);
}

// The global log through views: what forwarding, indexing and Verify read.
void BM_ScanViews(benchmark::State& state) {
  WholeLog(state, [](ReadFixture& f) {
    uint64_t seen = 0;
    auto s = f.log->ScanViews(gl::Position{1}, gl::Position{0}, [&](const gl::EventView& v) {
      seen += v.position.value + v.stream.size();
      return gl::Status::Ok();
    });
    benchmark::DoNotOptimize(seen);
    return s;
  });
}

// The whole chain checked: views and one BLAKE2b per event.
void BM_Verify(benchmark::State& state) {
  WholeLog(state, [](ReadFixture& f) -> gl::Status {
    auto report = f.log->Verify();
    if (!report.ok()) return report.error();
    if (!report->ok()) return gl::Status::Corruption(report->problem);
    return gl::Status::Ok();
  });
}

void BM_ScanAll(benchmark::State& state) {
  WholeLog(state, [](ReadFixture& f) {
    uint64_t seen = 0;
    auto s = f.log->ScanAll(gl::Position{1}, gl::Position{0}, [&](const gl::RecordedEvent& e) {
      seen += e.position.value;
      return gl::Status::Ok();
    });
    benchmark::DoNotOptimize(seen);
    return s;
  });
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
// its handler has seen the last event; `views`: through SubscribeViews.
void SubscriptionCatchUp(benchmark::State& state, bool views) {
  ReadFixture& f = Read();
  PairedWithRaw paired(f);
  for (auto _ : state) {
    paired.BeforePass(state);
    // The handlers look at each event as Log/ScanViews and Log/ScanAll do
    // (their sums are read after Stop(), which joins the thread).
    uint64_t seen = 0;
    auto sub = views ? f.log->SubscribeViews({},
                                             [&](const gl::EventView& v) {
                                               seen += v.position.value + v.stream.size();
                                               return gl::Status::Ok();
                                             })
                     : f.log->Subscribe({}, [&](const gl::RecordedEvent& e) {
                         seen += e.position.value;
                         return gl::Status::Ok();
                       });
    if (!sub.ok()) {
      state.SkipWithError(sub.status().ToString().c_str());
      break;
    }
    if (!(*sub)->WaitUntilHandled(gl::Position{f.events}, std::chrono::minutes(1)))
      state.SkipWithError("subscription did not catch up");
    (*sub)->Stop();
    paired.AfterPass();
    benchmark::DoNotOptimize(seen);
  }
  ReportRatio(state, paired.EventsPerSecond(static_cast<double>(f.events)), "scan");
  paired.Report(state);
  state.SetItemsProcessed(state.iterations() * f.events);
}
void BM_SubscriptionCatchUp(benchmark::State& state) { SubscriptionCatchUp(state, false); }
void BM_SubscriptionViewCatchUp(benchmark::State& state) { SubscriptionCatchUp(state, true); }

// ---- registration (order matters: baselines first) --------------------------

constexpr int kThreadCounts[] = {1, 4, 16, 64, 256};
constexpr int64_t kEventSizes[] = {100, 1024, 4096, 16384};

void Batches(benchmark::internal::Benchmark* b) {
  b->ArgName("batch")->Arg(1)->Arg(10)->Arg(100)->Arg(1000)->UseRealTime();
}
void ThreadSweep(benchmark::internal::Benchmark* b) {
  for (int n : kThreadCounts) b->Threads(n);
  b->UseRealTime();
}
// Event-size sweeps: batches of 10 for buffered, 16 threads for durable.
void Sizes(benchmark::internal::Benchmark* b) {
  b->ArgName("bytes");
  for (int64_t s : kEventSizes) b->Arg(s);
  b->UseRealTime();
}

// Real (wall) time everywhere: the engine's work happens on its writer
// thread, which the caller's CPU time would not count.
BENCHMARK(BM_RawWriteBatch)->Name("Raw/WriteBatch")->Apply(Batches);
BENCHMARK(BM_RawWriteBatchIndexed)->Name("Raw/WriteBatchIndexed")->Apply(Batches);
BENCHMARK(BM_BufferedAppend)->Name("Log/BufferedAppend")->Apply(Batches);
BENCHMARK(BM_SqliteBufferedBatch)->Name("SQLite/BufferedInsertBatch")->Apply(Batches);
BENCHMARK(BM_RawDurableWriteBatch)->Name("Raw/DurableWriteBatch")->Apply(Batches);
// The fsync ceiling of 64 appenders: one group of 64 per fsync, from one
// thread (Log/DurableAppend/threads:64 reports x_ceiling against it).
BENCHMARK(BM_RawDurableWriteBatch)
    ->Name("Raw/DurableWriteBatch")
    ->ArgName("batch")
    ->Arg(64)
    ->UseRealTime();
BENCHMARK(BM_SqliteDurableBatch)->Name("SQLite/DurableInsertBatch")->Apply(Batches);
BENCHMARK(BM_DurableAppendBatch)->Name("Log/DurableAppendBatch")->Apply(Batches);

BENCHMARK(BM_RawBufferedPut)
    ->Name("Raw/BufferedPut")
    ->Apply(ThreadSweep)
    ->Setup(RawSharedSetup)
    ->Teardown(RawSharedTeardown);
BENCHMARK(BM_BufferedAppendConcurrent)
    ->Name("Log/BufferedAppendConcurrent")
    ->Apply(ThreadSweep)
    ->Setup(LogSharedSetup)
    ->Teardown(LogSharedTeardown);

BENCHMARK(BM_RawDurablePut)
    ->Name("Raw/DurablePut")
    ->Apply(ThreadSweep)
    ->Setup(RawSharedSetup)
    ->Teardown(RawSharedTeardown);
BENCHMARK(BM_SqliteDurableInsert)
    ->Name("SQLite/DurableInsert")
    ->Apply(ThreadSweep)
    ->Setup(SqliteSetup)
    ->Teardown(SqliteTeardown);
BENCHMARK(BM_DurableAppend)
    ->Name("Log/DurableAppend")
    ->Apply(ThreadSweep)
    ->Setup(LogSharedSetup)
    ->Teardown(LogSharedTeardown);

BENCHMARK(BM_RawWriteBatchSized)->Name("Raw/WriteBatchSized")->Apply(Sizes);
BENCHMARK(BM_BufferedAppendSized)->Name("Log/BufferedAppendSized")->Apply(Sizes);
BENCHMARK(BM_RawDurablePutSized)
    ->Name("Raw/DurablePutSized")
    ->Apply(Sizes)
    ->Threads(16)
    ->Setup(RawSharedSetup)
    ->Teardown(RawSharedTeardown);
BENCHMARK(BM_SqliteDurableInsertSized)
    ->Name("SQLite/DurableInsertSized")
    ->Apply(Sizes)
    ->Threads(16)
    ->Setup(SqliteSetup)
    ->Teardown(SqliteTeardown);
BENCHMARK(BM_DurableAppendSized)
    ->Name("Log/DurableAppendSized")
    ->Apply(Sizes)
    ->Threads(16)
    ->Setup(LogSharedSetup)
    ->Teardown(LogSharedTeardown);

BENCHMARK(BM_RawScan)
    ->Name("Raw/Scan")
    ->Unit(benchmark::kMillisecond)
    ->Iterations(5)
    ->UseRealTime();
BENCHMARK(BM_Decode)->Name("Codec/Decode")->UseRealTime();
BENCHMARK(BM_View)->Name("Codec/View")->UseRealTime();
BENCHMARK(BM_ScanAll)
    ->Name("Log/ScanAll")
    ->Unit(benchmark::kMillisecond)
    ->Iterations(15)
    ->UseRealTime();
BENCHMARK(BM_ScanViews)
    ->Name("Log/ScanViews")
    ->Unit(benchmark::kMillisecond)
    ->Iterations(15)
    ->UseRealTime();
BENCHMARK(BM_Verify)
    ->Name("Log/Verify")
    ->Unit(benchmark::kMillisecond)
    ->Iterations(3)
    ->UseRealTime();
BENCHMARK(BM_ReadStream)->Name("Log/ReadStream")->Unit(benchmark::kMicrosecond)->UseRealTime();
BENCHMARK(BM_ReadStreamLast)
    ->Name("Log/ReadStreamLast")
    ->Unit(benchmark::kMicrosecond)
    ->UseRealTime();
BENCHMARK(BM_SubscriptionCatchUp)
    ->Name("Log/SubscriptionCatchUp")
    ->Unit(benchmark::kMillisecond)
    ->Iterations(15)
    ->UseRealTime();
BENCHMARK(BM_SubscriptionViewCatchUp)
    ->Name("Log/SubscriptionViewCatchUp")
    ->Unit(benchmark::kMillisecond)
    ->Iterations(15)
    ->UseRealTime();

}  // namespace

namespace gridledger::bench {
int MeasureOpen(const std::string& dir);  // read_models_bench.cc
}

int main(int argc, char** argv) {
  // A child of ReadModels/Open: open the store, report, exit.
  constexpr std::string_view kMeasureOpen = "--measure-open=";
  if (argc == 2 && std::string_view(argv[1]).substr(0, kMeasureOpen.size()) == kMeasureOpen)
    return gridledger::bench::MeasureOpen(std::string(argv[1] + kMeasureOpen.size()));
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  DestroyReadFixture();
  FinishRun();
  return 0;
}
