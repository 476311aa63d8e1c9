// PostgreSQL baseline (optional): the same durable single-event appends as
// SQLite/DurableInsert and Log/DurableAppend, against a PostgreSQL server.
//
// Registered only when GRIDLEDGER_BENCH_PG holds a libpq conninfo string
// (bench/with_postgres.sh starts a throw-away server and sets it); without
// it nothing is registered, and the file is only compiled when libpq is
// found (bench/CMakeLists.txt). When GRIDLEDGER_BENCH_PG_VERSION is set, it
// is added to the run's context as `postgresql`.
//
//   PostgreSQL/DurableInsert/real_time/threads:N
//       N threads (1..256), each its own connection and its own stream; one
//       event (SampleBytes(), the engine's 752 stored bytes, binary bytea)
//       per transaction, synchronous_commit=on: one durable commit each.
//   PostgreSQL/DurableInsertSized/bytes:S/real_time/threads:16
//       the same with SizedEvent(S)'s encoded bytes, 16 threads.
//   OpenLoop/PostgreSQL/DurableInsert/rate:R/iterations:1/real_time
//       open-loop latency at R offered inserts/s (bench_support.h,
//       RunOpenLoop: 256 workers, latency from the due time), 10,000
//       streams like OpenLoop/Log/DurableAppend.
//
// The table is gridledger_bench.events(position bigserial primary key,
// stream text, version bigint, data bytea, unique(stream, version)), in its
// own schema so that a conninfo pointing at a real database cannot touch
// an `events` table of its own; it is created by each run's Setup and
// dropped by its Teardown. The insert assigns the stream's next version in
// the statement itself (MAX(version) + 1), like the SQLite baseline: the
// expected-version check.
//
// Counters: items_per_second everywhere; thread 0 of the closed-loop runs
// records its wall-clock events/s as the baseline "pg/N" (sized:
// "pg_bytes/S") and adds x_raw = that / raw RocksDB's "durable/N"
// ("durable_bytes/S") when measured earlier in the run; the sized runs add
// event_bytes. The open-loop runs report what OpenLoop/Log reports
// (offered_per_s, achieved_per_s, p50/p90/p99/p999/max_us, errors) plus
// retries (inserts repeated after a unique-violation race on a stream) and
// schedule_ms.
//
// Open loop: the 256 connections are opened before the schedule starts
// (connection set-up is not request latency); each worker thread lazily
// binds one of them to itself through a thread_local on its first request.
// Each run lasts GRIDLEDGER_BENCH_OPEN_LOOP_MS (default 3000) ms of
// schedule, but at most ~22 s of wall time (plus ~2-3 s to open the
// connections and calibrate): a 0.5 s closed-loop calibration with the same
// 256 connections measures what the server sustains, and when the schedule
// would take longer than the budget at that speed it is shortened (down to
// 1 s, of which 300 ms warm-up); schedule_ms shows the length used. With
// the default 3 s it is shortened only when the server sustains less than
// ~7,000 inserts/s at 50,000/s offered.
//
// Connection or SQL failures end the benchmark with SkipWithError and
// PostgreSQL's message; nothing aborts the run.
#include <benchmark/benchmark.h>
#include <libpq-fe.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "bench_support.h"

using namespace gridledger::bench;

namespace {

constexpr const char* kConnInfoEnv = "GRIDLEDGER_BENCH_PG";
constexpr Oid kTextOid = 25, kByteaOid = 17;  // TEXTOID, BYTEAOID (catalog/pg_type_d.h)
constexpr int kOpenLoopWorkers = 256;
constexpr int kOpenLoopStreams = 10000;
constexpr int kMaxConflictRetries = 10;

const char* ConnInfo() {
  const char* c = std::getenv(kConnInfoEnv);
  return c && *c ? c : nullptr;
}

std::string Trimmed(const char* message) {
  std::string s = message ? message : "";
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
  return s.empty() ? "unknown PostgreSQL error" : s;
}

// One libpq connection with the insert prepared.
class PgConn {
 public:
  // nullptr and `error` set when the connection or its preparation fails.
  static std::unique_ptr<PgConn> Open(bool prepare_insert, std::string* error) {
    const char* conninfo = ConnInfo();
    if (!conninfo) {
      *error = std::string(kConnInfoEnv) + " is not set";
      return nullptr;
    }
    std::unique_ptr<PgConn> c(new PgConn(PQconnectdb(conninfo)));
    if (!c->conn_) {
      *error = "PostgreSQL: out of memory connecting";
      return nullptr;
    }
    if (PQstatus(c->conn_) != CONNECTION_OK) {
      *error = "PostgreSQL connection: " + Trimmed(PQerrorMessage(c->conn_));
      return nullptr;
    }
    // NOTICEs (e.g. "table does not exist, skipping") would go to stderr.
    PQsetNoticeProcessor(
        c->conn_, [](void*, const char*) {}, nullptr);
    // The default, but a server may be configured otherwise: every commit
    // waits for its WAL flush.
    if (!c->Exec("SET synchronous_commit = on", error)) return nullptr;
    if (prepare_insert) {
      const Oid types[2] = {kTextOid, kByteaOid};
      PGresult* r = PQprepare(c->conn_, "insert",
                              "INSERT INTO gridledger_bench.events(stream, version, data)"
                              " VALUES($1, (SELECT COALESCE(MAX(version), 0) + 1"
                              " FROM gridledger_bench.events WHERE stream = $1), $2)",
                              2, types);
      const bool ok = PQresultStatus(r) == PGRES_COMMAND_OK;
      if (!ok) *error = "PostgreSQL prepare: " + Trimmed(PQresultErrorMessage(r));
      PQclear(r);
      if (!ok) return nullptr;
    }
    return c;
  }

  ~PgConn() {
    if (conn_) PQfinish(conn_);
  }
  PgConn(const PgConn&) = delete;
  PgConn& operator=(const PgConn&) = delete;

  // Runs `sql` (one or more statements); false and `error` on failure.
  bool Exec(const char* sql, std::string* error) {
    PGresult* r = PQexec(conn_, sql);
    const ExecStatusType status = PQresultStatus(r);
    const bool ok = status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK;
    if (!ok) *error = std::string("PostgreSQL: ") + sql + ": " + Trimmed(PQresultErrorMessage(r));
    PQclear(r);
    return ok;
  }

  // The first column of the first row of `sql`'s result ("" on failure).
  std::string Query(const char* sql) {
    PGresult* r = PQexec(conn_, sql);
    std::string value;
    if (PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) > 0) value = PQgetvalue(r, 0, 0);
    PQclear(r);
    return value;
  }

  enum class Insert { kOk, kConflict, kError };
  // One event in its own (autocommit) transaction: the prepared insert with
  // `data` as a binary bytea parameter.
  Insert InsertEvent(const std::string& stream, const std::string& data, std::string* error) {
    const char* values[2] = {stream.c_str(), data.data()};
    const int lengths[2] = {0, static_cast<int>(data.size())};
    const int formats[2] = {0, 1};
    PGresult* r = PQexecPrepared(conn_, "insert", 2, values, lengths, formats, 0);
    Insert result = Insert::kOk;
    if (PQresultStatus(r) != PGRES_COMMAND_OK) {
      const char* state = PQresultErrorField(r, PG_DIAG_SQLSTATE);
      if (state && std::strcmp(state, "23505") == 0) {  // unique_violation
        result = Insert::kConflict;
      } else {
        result = Insert::kError;
        *error = "PostgreSQL insert: " + Trimmed(PQresultErrorMessage(r));
      }
    }
    PQclear(r);
    return result;
  }

  // Inserts, retrying when a concurrent insert on the same stream took the
  // version first (READ COMMITTED sees it only after that commit).
  bool InsertRetrying(const std::string& stream, const std::string& data, std::string* error,
                      uint64_t* retries) {
    for (int attempt = 0;; ++attempt) {
      switch (InsertEvent(stream, data, error)) {
        case Insert::kOk:
          return true;
        case Insert::kError:
          return false;
        case Insert::kConflict:
          if (attempt == kMaxConflictRetries) {
            *error = "PostgreSQL insert: unique violation on " + stream + " after retries";
            return false;
          }
          ++*retries;
      }
    }
  }

 private:
  explicit PgConn(PGconn* conn) : conn_(conn) {}
  PGconn* conn_;
};

// ---- the table, per run --------------------------------------------------------

// Setup() and Teardown() run on the main thread, before and after the
// run's threads; Setup() cannot fail the run, so it leaves its error here
// for the benchmark body to report.
struct PgRun {
  std::unique_ptr<PgConn> admin;
  std::string error;
  int max_connections = 0;
} g_pg;

void PgSetup(const benchmark::State&) {
  g_pg.error.clear();
  g_pg.admin = PgConn::Open(/*prepare_insert=*/false, &g_pg.error);
  if (!g_pg.admin) return;
  if (!g_pg.admin->Exec("CREATE SCHEMA IF NOT EXISTS gridledger_bench;"
                        " DROP TABLE IF EXISTS gridledger_bench.events;"
                        " CREATE TABLE gridledger_bench.events("
                        "position bigserial PRIMARY KEY, stream text NOT NULL,"
                        " version bigint NOT NULL, data bytea NOT NULL, UNIQUE(stream, version))",
                        &g_pg.error)) {
    g_pg.admin.reset();
    return;
  }
  g_pg.max_connections = std::atoi(g_pg.admin->Query("SHOW max_connections").c_str());
  static std::once_flag warned;
  std::call_once(warned, [] {
    if (g_pg.admin->Query("SHOW fsync") != "on")
      std::fprintf(stderr,
                   "gridledger-bench: PostgreSQL runs with fsync=off: its figures are not "
                   "durable commits\n");
  });
}

void PgTeardown(const benchmark::State&) {
  if (!g_pg.admin) return;
  std::string ignored;
  g_pg.admin->Exec("DROP TABLE IF EXISTS gridledger_bench.events", &ignored);
  g_pg.admin->Exec("DROP SCHEMA IF EXISTS gridledger_bench", &ignored);  // only if empty
  g_pg.admin.reset();
}

std::string Key(const char* kind, int64_t n) { return std::string(kind) + "/" + std::to_string(n); }

const std::string& BytesOfSize(int64_t bytes) {
  static std::mutex mu;
  static std::map<int64_t, std::string> cache;
  std::lock_guard lock(mu);
  auto& slot = cache[bytes];
  if (slot.empty()) slot = EncodedBytes(SizedEvent(static_cast<size_t>(bytes)));
  return slot;
}

// ---- closed loop: N threads, one durable insert per call ------------------------

void PgInsert(benchmark::State& state, const std::string& value, const std::string& key,
              const std::string& raw_key) {
  std::string error = g_pg.error;
  std::unique_ptr<PgConn> conn;
  if (error.empty()) conn = PgConn::Open(/*prepare_insert=*/true, &error);
  if (!conn) state.SkipWithError(error.c_str());  // the loop below then does not run
  const std::string stream = "case-" + std::to_string(state.thread_index());
  // Thread 0 starts the wall clock on its first iteration, after the start
  // barrier. (Not `state.iterations() == 0`: in Google Benchmark 1.7 that
  // stays 0 for the whole range-for loop, which would restart the timer at
  // every iteration.)
  WallTimer timer;
  bool start_timer = state.thread_index() == 0;
  for (auto _ : state) {
    if (start_timer) {
      timer.Start();
      start_timer = false;
    }
    if (conn->InsertEvent(stream, value, &error) != PgConn::Insert::kOk) {
      if (error.empty()) error = "PostgreSQL insert: unexpected unique violation";
      state.SkipWithError(error.c_str());
      break;
    }
  }
  state.SetItemsProcessed(state.iterations());
  if (state.thread_index() == 0 && !state.error_occurred()) {
    const double eps = timer.EventsPerSecond(state, 1);
    SetBaseline(key, eps);
    ReportRatio(state, eps, raw_key);
  }
}

void BM_PgDurableInsert(benchmark::State& state) {
  PgInsert(state, SampleBytes(), Key("pg", state.threads()), Key("durable", state.threads()));
}

void BM_PgDurableInsertSized(benchmark::State& state) {
  const std::string& bytes = BytesOfSize(state.range(0));
  PgInsert(state, bytes, Key("pg_bytes", state.range(0)), Key("durable_bytes", state.range(0)));
  if (state.thread_index() == 0) state.counters["event_bytes"] = static_cast<double>(bytes.size());
}

// ---- open loop ------------------------------------------------------------------

// Connections opened before a run; worker threads claim one each.
struct Pool {
  std::vector<std::unique_ptr<PgConn>> conns;
  std::atomic<size_t> next{0};
  uint64_t generation = 0;  // unique per run: claims from earlier runs are dropped
  std::mutex mu;            // guards `extra` and `first_error`
  std::vector<std::unique_ptr<PgConn>> extra;
  std::string first_error;

  void Reset() {
    static std::atomic<uint64_t> runs{0};
    next = 0;
    generation = ++runs;
  }
  void NoteError(const std::string& e) {
    std::lock_guard lock(mu);
    if (first_error.empty()) first_error = e;
  }
  // The calling thread's connection: claimed from `conns` on its first
  // request in this generation (opened here only if there are more worker
  // threads than pooled connections).
  PgConn* Mine() {
    thread_local PgConn* conn = nullptr;
    thread_local uint64_t claimed_in = 0;
    if (conn && claimed_in == generation) return conn;
    conn = nullptr;
    claimed_in = generation;
    const size_t i = next.fetch_add(1);
    if (i < conns.size()) return conn = conns[i].get();
    std::string error;
    auto opened = PgConn::Open(/*prepare_insert=*/true, &error);
    if (!opened) {
      NoteError(error);
      return nullptr;
    }
    std::lock_guard lock(mu);
    extra.push_back(std::move(opened));
    return conn = extra.back().get();
  }
};

// Closed-loop inserts from every pooled connection for `length`: the
// events/s the server sustains at that concurrency.
double Calibrate(Pool& pool, const std::vector<std::string>& streams, const std::string& value,
                 std::chrono::milliseconds length) {
  std::atomic<uint64_t> done{0}, counter{0};
  const auto start = std::chrono::steady_clock::now();
  const auto until = start + length;
  std::vector<std::thread> threads;
  for (size_t w = 0; w < pool.conns.size(); ++w)
    threads.emplace_back([&, w] {
      std::string error;
      uint64_t retries = 0;
      while (std::chrono::steady_clock::now() < until) {
        const uint64_t i = counter.fetch_add(1);
        if (!pool.conns[w]->InsertRetrying(streams[i % streams.size()], value, &error, &retries))
          break;
        done.fetch_add(1);
      }
    });
  for (auto& t : threads) t.join();
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return static_cast<double>(done.load()) / seconds;
}

void BM_OpenLoopPgDurable(benchmark::State& state) {
  using std::chrono::milliseconds;
  const double rate = static_cast<double>(state.range(0));
  // Wall-time budget of one rate's schedule, and the shortest schedule.
  constexpr double kBudgetSeconds = 22;
  constexpr milliseconds kMinSchedule{1000};

  std::string error = g_pg.error;
  if (error.empty() && g_pg.max_connections < kOpenLoopWorkers + 2)
    error = "PostgreSQL max_connections=" + std::to_string(g_pg.max_connections) + " < " +
            std::to_string(kOpenLoopWorkers + 2) +
            " needed (one per worker): raise it or use bench/with_postgres.sh";
  Pool pool;
  if (error.empty()) {
    // Opened a few at a time: each connection waits for a backend to start.
    constexpr int kOpeners = 8;
    pool.conns.resize(kOpenLoopWorkers);
    std::vector<std::string> errors(kOpeners);
    std::vector<std::thread> openers;
    for (int t = 0; t < kOpeners; ++t)
      openers.emplace_back([&, t] {
        for (int w = t; w < kOpenLoopWorkers; w += kOpeners)
          if (!(pool.conns[w] = PgConn::Open(/*prepare_insert=*/true, &errors[t]))) break;
      });
    for (auto& t : openers) t.join();
    for (const std::string& e : errors)
      if (error.empty()) error = e;
  }
  if (!error.empty()) {
    state.SkipWithError(error.c_str());
    pool.conns.clear();
  }

  std::vector<std::string> streams;
  streams.reserve(kOpenLoopStreams);
  for (int s = 0; s < kOpenLoopStreams; ++s) streams.push_back("case-" + std::to_string(s));
  const std::string& value = SampleBytes();

  milliseconds schedule = OpenLoopRunLength();
  if (error.empty()) {
    const double sustained = Calibrate(pool, streams, value, milliseconds(500));
    const double seconds_needed =
        rate * std::chrono::duration<double>(schedule).count() / std::min(rate, sustained);
    if (sustained > 0 && seconds_needed > kBudgetSeconds)
      schedule =
          std::max(kMinSchedule,
                   milliseconds(static_cast<int64_t>(kBudgetSeconds * 1000 * sustained / rate)));
  }

  std::atomic<uint64_t> retries{0};
  OpenLoopResult result;
  for (auto _ : state) {
    pool.Reset();
    result = RunOpenLoop(rate, schedule, kOpenLoopWorkers, [&](uint64_t i) {
      PgConn* conn = pool.Mine();
      if (!conn) return false;
      std::string e;
      uint64_t mine = 0;
      const bool ok = conn->InsertRetrying(streams[i % kOpenLoopStreams], value, &e, &mine);
      if (mine) retries.fetch_add(mine, std::memory_order_relaxed);
      if (!ok) pool.NoteError(e);
      return ok;
    });
  }
  if (!error.empty()) return;  // skipped before the loop
  if (result.errors > 0 && result.errors == result.requests) {
    state.SkipWithError(pool.first_error.c_str());
    return;
  }
  if (result.errors > 0)
    std::fprintf(stderr,
                 "gridledger-bench: OpenLoop/PostgreSQL rate %lld: %llu errors, the first: %s\n",
                 static_cast<long long>(state.range(0)),
                 static_cast<unsigned long long>(result.errors), pool.first_error.c_str());
  state.SetItemsProcessed(static_cast<int64_t>(result.requests));
  ReportOpenLoop(state, result);
  state.counters["retries"] = static_cast<double>(retries.load());
  state.counters["schedule_ms"] = static_cast<double>(schedule.count());
}

// ---- registration -----------------------------------------------------------------

bool RegisterPostgres() {
  if (!ConnInfo()) return false;
  if (const char* version = std::getenv("GRIDLEDGER_BENCH_PG_VERSION"); version && *version)
    benchmark::AddCustomContext("postgresql", version);

  auto* insert = benchmark::RegisterBenchmark("PostgreSQL/DurableInsert", BM_PgDurableInsert);
  for (int n : {1, 4, 16, 64, 256}) insert->Threads(n);
  insert->UseRealTime()->Setup(PgSetup)->Teardown(PgTeardown);

  auto* sized =
      benchmark::RegisterBenchmark("PostgreSQL/DurableInsertSized", BM_PgDurableInsertSized);
  sized->ArgName("bytes");
  for (int64_t s : {100, 1024, 4096, 16384}) sized->Arg(s);
  sized->UseRealTime()->Threads(16)->Setup(PgSetup)->Teardown(PgTeardown);

  auto* open_loop =
      benchmark::RegisterBenchmark("OpenLoop/PostgreSQL/DurableInsert", BM_OpenLoopPgDurable);
  open_loop->ArgName("rate");
  for (int r : {5000, 10000, 25000, 50000}) open_loop->Arg(r);
  open_loop->Iterations(1)
      ->UseRealTime()
      ->Unit(benchmark::kMillisecond)
      ->Setup(PgSetup)
      ->Teardown(PgTeardown);
  return true;
}

[[maybe_unused]] const bool g_registered = RegisterPostgres();

}  // namespace
