// The read models stored on disk, against what they promise: statistics
// from day buckets equal a plain fold of the whole log over any range and
// scope; opening reads no event it does not need (no replay); a store
// without stored models, or with models of another schema version, gets
// them built once; a read-only open of models behind the log recomputes; a
// rebuild while commands run switches generations without losing any.
#include <gtest/gtest.h>
#include <rocksdb/db.h>

#include <atomic>
#include <condition_variable>
#include <future>
#include <mutex>
#include <random>
#include <thread>

#include "domain/case_model.h"
#include "domain/registry.h"
#include "facade/model_build_seam.h"
#include "gridledger/demo.h"
#include "gridledger/engine.h"
#include "storage/keys.h"
#include "testing/store_surgery.h"
#include "testing/temp_dir.h"

namespace gridledger {
namespace {

Timestamp DemoEnd() {
  return Timestamp(std::chrono::sys_days(std::chrono::year{2026} / 11 / 20).time_since_epoch() +
                   std::chrono::hours(9) + std::chrono::minutes(17));
}

void SeedSmallDemo(const std::string& dir, uint32_t days = 40) {
  DemoOptions options;
  options.days = days;
  options.requests_per_day = 25;
  options.end = DemoEnd();
  auto seeded = SeedDemo(dir, options);
  ASSERT_TRUE(seeded.ok()) << seeded.status().ToString();
}

bool InScope(const std::string& scope, const std::string& grid) {
  return scope.empty() || domain::Covers(scope, grid);
}

// Statistics the plain way: fold every event of the log, then count what
// lies in [from, to) and in `scope` (the in-memory models' algorithm).
Statistics Reference(Engine& engine, const std::string& scope, Timestamp from, Timestamp to) {
  domain::Registry registry;
  std::map<std::string, domain::CaseModel> cases;
  struct Mediation {
    std::string grid;
    Timestamp opened{};
    bool concluded = false, agreed = false;
  };
  std::map<std::string, Mediation> mediations;
  std::map<std::string, std::pair<std::string, Timestamp>> wishes;
  struct Work {
    Timestamp at;
    std::string grid, type;
    uint32_t count;
  };
  std::vector<Work> work;
  EXPECT_TRUE(
      engine.log()
          .ScanAll(
              Position{1}, engine.log().Committed(),
              [&](const RecordedEvent& e) {
                const std::string& s = e.stream.value;
                if (s.rfind("case-", 0) == 0) {
                  domain::ApplyCaseEvent(cases[s], e, registry);
                  return Status::Ok();
                }
                std::visit(
                    [&](const auto& p) {
                      using T = std::decay_t<decltype(p)>;
                      if constexpr (std::is_same_v<T, GridDefined> ||
                                    std::is_same_v<T, PlaceRegistered> ||
                                    std::is_same_v<T, WorkerAssigned> ||
                                    std::is_same_v<T, WorkerReleased>) {
                        registry.Apply(e.payload);
                      } else if constexpr (std::is_same_v<T, PatrolRecorded>) {
                        work.push_back({e.recorded_at, p.grid_code, "patrol", 1});
                      } else if constexpr (std::is_same_v<T, InspectionRecorded>) {
                        uint32_t failed = 0;
                        for (const auto& item : p.items) failed += !item.passed;
                        work.push_back({e.recorded_at, e.grid_code, "inspection", 1});
                        if (failed) work.push_back({e.recorded_at, e.grid_code, "hazard", failed});
                      } else if constexpr (std::is_same_v<T, MediationOpened>) {
                        mediations[s] = {e.grid_code, e.recorded_at};
                      } else if constexpr (std::is_same_v<T, MediationConcluded>) {
                        mediations[s].concluded = true;
                        mediations[s].agreed = p.agreed;
                      } else if constexpr (std::is_same_v<T, MicroWishCollected>) {
                        wishes[s] = {e.grid_code, e.recorded_at};
                      } else if constexpr (std::is_same_v<T, CareVisitRecorded>) {
                        work.push_back({e.recorded_at, e.grid_code, "care", 1});
                      } else if constexpr (std::is_same_v<T, PolicyOutreachRecorded>) {
                        work.push_back({e.recorded_at, e.grid_code, "informed", p.people_informed});
                      }
                    },
                    e.payload);
                return Status::Ok();
              })
          .ok());
  Statistics s;
  double response = 0, resolution = 0;
  uint64_t responded = 0;
  for (const auto& [id, m] : cases) {
    const CaseView& v = m.view;
    if (!m.exists || !InScope(scope, v.location.grid_code) || v.filed_at < from || v.filed_at >= to)
      continue;
    ++s.filed;
    ++s.by_category[v.category];
    ++s.by_state[std::string(CaseStateName(v.state, false))];
    if (v.kind == "microWish") ++s.micro_wishes;
    if (v.state == CaseState::kClosed) {
      ++s.closed;
      s.closed_on_time += v.closed_on_time;
      resolution +=
          std::chrono::duration<double, std::ratio<3600>>(v.closed_at - v.filed_at).count();
    }
    s.rejected += v.state == CaseState::kRejected;
    s.overdue_open += domain::IsOpen(v.state) && v.overdue;
    if (v.first_response_at != Timestamp{}) {
      ++responded;
      response +=
          std::chrono::duration<double, std::ratio<3600>>(v.first_response_at - v.filed_at).count();
    }
    if (v.satisfaction) {
      ++s.rated;
      s.satisfied += *v.satisfaction >= 4;
    }
  }
  for (const auto& [id, m] : mediations) {
    if (!InScope(scope, m.grid) || m.opened < from || m.opened >= to) continue;
    ++s.mediations;
    s.mediations_concluded += m.concluded;
    s.mediations_agreed += m.concluded && m.agreed;
  }
  for (const auto& [id, w] : wishes)
    if (InScope(scope, w.first) && w.second >= from && w.second < to) ++s.micro_wishes;
  for (const auto& w : work) {
    if (!InScope(scope, w.grid) || w.at < from || w.at >= to) continue;
    if (w.type == "patrol") s.patrols += w.count;
    if (w.type == "inspection") s.inspections += w.count;
    if (w.type == "hazard") s.hazards_found += w.count;
    if (w.type == "care") s.care_visits += w.count;
    if (w.type == "informed") s.people_informed += w.count;
  }
  s.avg_response_hours = responded ? response / responded : 0;
  s.avg_resolution_hours = s.closed ? resolution / s.closed : 0;
  return s;
}

void ExpectSameStats(const Statistics& got, const Statistics& want, const std::string& what) {
  EXPECT_EQ(got.filed, want.filed) << what;
  EXPECT_EQ(got.closed, want.closed) << what;
  EXPECT_EQ(got.closed_on_time, want.closed_on_time) << what;
  EXPECT_EQ(got.rejected, want.rejected) << what;
  EXPECT_EQ(got.overdue_open, want.overdue_open) << what;
  EXPECT_EQ(got.rated, want.rated) << what;
  EXPECT_EQ(got.satisfied, want.satisfied) << what;
  EXPECT_EQ(got.mediations, want.mediations) << what;
  EXPECT_EQ(got.mediations_concluded, want.mediations_concluded) << what;
  EXPECT_EQ(got.mediations_agreed, want.mediations_agreed) << what;
  EXPECT_EQ(got.patrols, want.patrols) << what;
  EXPECT_EQ(got.inspections, want.inspections) << what;
  EXPECT_EQ(got.hazards_found, want.hazards_found) << what;
  EXPECT_EQ(got.micro_wishes, want.micro_wishes) << what;
  EXPECT_EQ(got.care_visits, want.care_visits) << what;
  EXPECT_EQ(got.people_informed, want.people_informed) << what;
  EXPECT_EQ(got.by_category, want.by_category) << what;
  EXPECT_EQ(got.by_state, want.by_state) << what;
  EXPECT_NEAR(got.avg_response_hours, want.avg_response_hours, 1e-6) << what;
  EXPECT_NEAR(got.avg_resolution_hours, want.avg_resolution_hours, 1e-6) << what;
}

TEST(StoredReadModels, StatisticsFromDayBucketsEqualAFoldOfTheLogForAnyRangeAndScope) {
  testing::TempDir dir;
  SeedSmallDemo(dir.path());
  auto engine = Engine::Open(dir.path());
  ASSERT_TRUE(engine.ok()) << engine.status().ToString();
  std::vector<std::string> scopes = {"", "411302", "411302001", "411302001001",
                                     // not a bucketed level: counted fact by fact
                                     "4113020010", "4113020010010"};
  for (const auto& g : (*engine)->Grids()) scopes.push_back(g.code);
  std::mt19937_64 rng(99);
  const Actor office = Actor::System("test");
  const auto span = std::chrono::microseconds(std::chrono::days(45));
  for (int i = 0; i < 60; ++i) {
    const std::string& scope = scopes[rng() % scopes.size()];
    Timestamp from = DemoEnd() - std::chrono::microseconds(rng() % span.count());
    Timestamp to = from + std::chrono::microseconds(rng() % span.count());
    if (i % 5 == 0) from = std::chrono::floor<std::chrono::days>(from) - std::chrono::hours(8);
    if (i % 7 == 0) to = from;  // empty
    auto got = (*engine)->Stats(office, scope, from, to);
    ASSERT_TRUE(got.ok()) << got.status().ToString();
    ExpectSameStats(*got, Reference(**engine, scope, from, to),
                    "scope '" + scope + "' range " + std::to_string(ToMicros(from)) + ".." +
                        std::to_string(ToMicros(to)));
  }
  // All of time, and the whole district.
  auto all = (*engine)->Stats(office, "", Timestamp{}, DemoEnd() + std::chrono::days(400));
  ASSERT_TRUE(all.ok());
  EXPECT_GT(all->filed, 500u);
  ExpectSameStats(*all, Reference(**engine, "", Timestamp{}, DemoEnd() + std::chrono::days(400)),
                  "all");
}

// Deletes the stored bytes of log position `p` behind the engine's back.
void DeleteLogRow(const std::string& dir, uint64_t p) {
  std::vector<rocksdb::ColumnFamilyDescriptor> families;
  std::vector<std::string> names;
  ASSERT_TRUE(rocksdb::DB::ListColumnFamilies(rocksdb::DBOptions(), dir, &names).ok());
  for (const auto& n : names) families.emplace_back(n, rocksdb::ColumnFamilyOptions());
  std::vector<rocksdb::ColumnFamilyHandle*> handles;
  rocksdb::DB* db = nullptr;
  ASSERT_TRUE(rocksdb::DB::Open(rocksdb::DBOptions(), dir, families, &handles, &db).ok());
  int log_index = -1;
  for (size_t i = 0; i < names.size(); ++i)
    if (names[i] == "default") log_index = static_cast<int>(i);
  ASSERT_GE(log_index, 0);
  ASSERT_TRUE(
      db->Delete(rocksdb::WriteOptions(), handles[log_index], keys::PositionKey(Position{p})).ok());
  for (auto* h : handles) (void)db->DestroyColumnFamilyHandle(h);
  delete db;
}

TEST(StoredReadModels, OpeningReadsNoEventAndQueriesAnswerAtOnce) {
  testing::TempDir dir;
  SeedSmallDemo(dir.path(), 10);
  uint64_t committed = 0;
  std::string dump;
  std::string case_id;
  {
    auto engine = Engine::Open(dir.path());
    ASSERT_TRUE(engine.ok());
    committed = (*engine)->log().Committed().value;
    dump = (*engine)->DumpReadModels();
    auto q =
        (*engine)->Ledger(Actor::System("t"), "", Timestamp{}, DemoEnd() + std::chrono::days(1));
    ASSERT_TRUE(q.ok() && !q->empty());
    case_id = q->back().case_id;
  }
  // A case event in the middle of the log is gone: a replay would stop at
  // it; an open that reads only the stored models never notices.
  auto first = Engine::Open(dir.path());
  ASSERT_TRUE(first.ok());
  auto stream =
      (*first)->log().ReadStream(StreamId{case_id}, StreamVersion{1}, ReadDirection::kForward, 1);
  ASSERT_TRUE(stream.ok() && !stream->empty());
  uint64_t victim = stream->front().position.value;
  first->reset();
  DeleteLogRow(dir.path(), victim);
  auto engine = Engine::Open(dir.path());
  ASSERT_TRUE(engine.ok()) << engine.status().ToString();
  EXPECT_EQ((*engine)->Metrics().read_models_position, committed);
  EXPECT_EQ((*engine)->DumpReadModels(), dump);
  auto stats =
      (*engine)->Stats(Actor::System("t"), "", Timestamp{}, DemoEnd() + std::chrono::days(1));
  ASSERT_TRUE(stats.ok());
  EXPECT_GT(stats->filed, 0u);
  // A recomputation does read the log, and says where it is damaged.
  EXPECT_FALSE((*engine)->Rebuild().ok());
}

// Makes the store look like one written before the read models were stored
// (no "readmodels/live" row), or like one of another schema version.
void SetLive(const std::string& dir, std::optional<std::string> value) {
  testing::SetMetaKey(dir, keys::kReadModelsLiveKey, std::move(value));
}

TEST(StoredReadModels, AStoreWithoutStoredModelsOrOfAnotherVersionGetsThemBuiltOnce) {
  testing::TempDir dir;
  SeedSmallDemo(dir.path(), 10);
  std::string dump;
  {
    auto engine = Engine::Open(dir.path());
    ASSERT_TRUE(engine.ok());
    dump = (*engine)->DumpReadModels();
    EXPECT_EQ((*engine)->Metrics().read_models_generation, 1u);
  }
  SetLive(dir.path(), std::nullopt);  // as written by an engine without stored models
  {
    // Built in the background (the default): ready once awaited.
    auto engine = Engine::Open(dir.path());
    ASSERT_TRUE(engine.ok());
    ASSERT_TRUE((*engine)->AwaitReadModels(std::chrono::seconds(60)).ok());
    EXPECT_EQ((*engine)->DumpReadModels(), dump);
    EXPECT_EQ((*engine)->Metrics().read_models_generation, 1u);
  }
  // Generation 1 of schema version 0 (an older layout).
  SetLive(dir.path(), std::string("\0\0\0\1\0\0\0\0", 8));
  {
    EngineOptions at_open;
    at_open.read_models_build = ReadModelsBuild::kAtOpen;
    auto engine = Engine::Open(dir.path(), at_open);
    ASSERT_TRUE(engine.ok());
    EXPECT_EQ((*engine)->DumpReadModels(), dump);
    EXPECT_EQ((*engine)->Metrics().read_models_generation, 2u);
  }
  auto engine = Engine::Open(dir.path());  // built once: opens as it is now
  ASSERT_TRUE(engine.ok());
  EXPECT_EQ((*engine)->Metrics().read_models_generation, 2u);
}

// Pauses the background build after chosen chunks (model_build_seam.h).
class PausedBuild {
 public:
  explicit PausedBuild(size_t events_per_chunk) {
    auto& seam = TestingModelBuildSeam();
    seam.events_per_chunk = events_per_chunk;
    seam.after_chunk = [this](uint64_t reached) {
      std::unique_lock lock(mu_);
      reached_.push_back(reached);
      if (stop_) return false;
      if (!pause_) return true;
      paused_ = true;
      cv_.notify_all();
      cv_.wait(lock, [&] { return !pause_; });
      paused_ = false;
      return true;
    };
  }
  ~PausedBuild() {
    Release();
    TestingModelBuildSeam() = {};
  }
  // Waits until the build stands after a chunk.
  void AwaitPause() {
    std::unique_lock lock(mu_);
    cv_.wait(lock, [&] { return paused_; });
  }
  void Release() {
    std::lock_guard lock(mu_);
    pause_ = false;
    cv_.notify_all();
  }
  // The build stops after its next chunk, as when the engine closes.
  void StopAtNextChunk() {
    std::lock_guard lock(mu_);
    stop_ = true;
  }
  std::vector<uint64_t> reached() {
    std::lock_guard lock(mu_);
    return reached_;
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  bool pause_ = true, paused_ = false, stop_ = false;
  std::vector<uint64_t> reached_;
};

TEST(StoredReadModels, ABackgroundBuildOpensAtOnceRefusesUntilLiveAndTakesAppendsMeanwhile) {
  testing::TempDir dir;
  SeedSmallDemo(dir.path(), 10);
  const Timestamp far = DemoEnd() + std::chrono::days(3650);
  std::string dump;
  uint64_t patrols_before = 0;
  {
    auto engine = Engine::Open(dir.path());
    ASSERT_TRUE(engine.ok());
    patrols_before = (*engine)->Stats(Actor::System("t"), "", Timestamp{}, far)->patrols;
  }
  SetLive(dir.path(), std::nullopt);  // a store from before the stored models
  PausedBuild paused(/*events_per_chunk=*/200);
  auto opened = Engine::Open(dir.path());
  ASSERT_TRUE(opened.ok()) << opened.status().ToString();
  Engine& engine = **opened;
  paused.AwaitPause();

  // While it builds: commands and queries say so; the log takes appends.
  FileCase f;
  f.category = "sanitation";
  f.description = "楼道堆放杂物";
  f.location.grid_code = "41130200100101";
  f.reporter_phone = "13900001234";
  auto filed = engine.File(Actor::Resident(), f);
  ASSERT_FALSE(filed.ok());
  EXPECT_EQ(filed.status().code(), StatusCode::kUnavailable);
  EXPECT_NE(filed.status().message().find("event 200 of"), std::string::npos)
      << filed.status().message();
  EXPECT_EQ(engine.Stats(Actor::System("t"), "", Timestamp{}, far).status().code(),
            StatusCode::kUnavailable);
  EXPECT_EQ(engine.LookupCase("x", "y").status().code(), StatusCode::kUnavailable);
  EXPECT_TRUE(engine.Grids().empty());
  EXPECT_EQ(engine.Rebuild().code(), StatusCode::kUnavailable);
  EXPECT_EQ(engine.AwaitReadModels(std::chrono::milliseconds(1)).code(), StatusCode::kUnavailable);
  EngineMetrics during = engine.Metrics();
  EXPECT_TRUE(during.read_models_building);
  EXPECT_EQ(during.read_models_position, 200u);
  EXPECT_EQ(during.read_models_build_target, engine.log().Committed().value);
  NewEvent e;
  e.id = EventId::Generate();
  e.payload = PatrolRecorded{"41130200100101", "巡查", {}};
  e.grid_code = "41130200100101";
  ASSERT_TRUE(engine.log().Append(StreamId{"patrol-extra"}, ExpectedVersion::Any(), {e}, {}).ok());

  paused.Release();
  std::vector<uint64_t> progress;
  ASSERT_TRUE(engine
                  .AwaitReadModels(std::chrono::seconds(60),
                                   [&](uint64_t built, uint64_t) { progress.push_back(built); })
                  .ok());
  EXPECT_FALSE(progress.empty());
  EXPECT_FALSE(engine.Metrics().read_models_building);
  EXPECT_EQ(engine.Metrics().read_models_generation, 1u);
  EXPECT_EQ(engine.Metrics().read_models_position, engine.log().Committed().value);
  EXPECT_EQ(engine.Stats(Actor::System("t"), "", Timestamp{}, far)->patrols, patrols_before + 1);
  ASSERT_TRUE(engine.File(Actor::Resident(), f).ok());
  EXPECT_FALSE(engine.Grids().empty());
  // What the build made equals a recomputation from the log.
  dump = engine.DumpReadModels();
  ASSERT_TRUE(engine.Rebuild().ok());
  EXPECT_EQ(engine.DumpReadModels(), dump);
}

TEST(StoredReadModels, ABackgroundBuildCutShortResumesWhereItStoppedAtTheNextOpen) {
  testing::TempDir dir;
  SeedSmallDemo(dir.path(), 10);
  std::string dump;
  {
    auto engine = Engine::Open(dir.path());
    ASSERT_TRUE(engine.ok());
    dump = engine.value()->DumpReadModels();
  }
  SetLive(dir.path(), std::nullopt);
  {
    PausedBuild paused(/*events_per_chunk=*/200);
    paused.StopAtNextChunk();
    auto engine = Engine::Open(dir.path());
    ASSERT_TRUE(engine.ok());
    // Stopped after its first chunk: still building, and it says so.
    EXPECT_EQ((*engine)->AwaitReadModels(std::chrono::milliseconds(1)).code(),
              StatusCode::kUnavailable);
    engine->reset();
    EXPECT_EQ(paused.reached(), std::vector<uint64_t>{200});
  }
  PausedBuild watched(/*events_per_chunk=*/200);
  watched.Release();  // only records the chunks
  auto engine = Engine::Open(dir.path());
  ASSERT_TRUE(engine.ok());
  ASSERT_TRUE((*engine)->AwaitReadModels(std::chrono::seconds(60)).ok());
  auto reached = watched.reached();
  ASSERT_FALSE(reached.empty());
  EXPECT_EQ(reached.front(), 400u) << "resumed after the 200 events built before the close";
  EXPECT_EQ((*engine)->Metrics().read_models_generation, 1u);
  EXPECT_EQ((*engine)->DumpReadModels(), dump);
}

// A group folds each case once, from its state before the group to its
// state after it (read_models_impl.h): the rows must not depend on how the
// log is cut into groups. A build one event at a time is the per-event
// fold; larger chunks put a case's whole life, grid moves, reopenings and
// rejections included, into one group.
TEST(StoredReadModels, BuiltInChunksOfAnySizeTheRowsAreTheSame) {
  testing::TempDir dir;
  SeedSmallDemo(dir.path(), 12);
  std::string committed;
  {
    auto engine = Engine::Open(dir.path());
    ASSERT_TRUE(engine.ok());
    committed = (*engine)->DumpReadModels();
  }
  for (size_t chunk : {size_t{1}, size_t{3}, size_t{97}, size_t{1000}, size_t{1} << 20}) {
    SetLive(dir.path(), std::nullopt);
    PausedBuild watched(chunk);
    watched.Release();
    auto engine = Engine::Open(dir.path());
    ASSERT_TRUE(engine.ok());
    ASSERT_TRUE((*engine)->AwaitReadModels(std::chrono::seconds(120)).ok());
    EXPECT_EQ((*engine)->DumpReadModels(), committed) << "chunks of " << chunk << " events";
  }
}

TEST(StoredReadModels, EventsAppendedThroughTheBareLogAreTakenInAtOpen) {
  testing::TempDir dir;
  SeedSmallDemo(dir.path(), 5);
  uint64_t patrols_before = 0;
  const Timestamp far = DemoEnd() + std::chrono::days(3650);
  {
    auto engine = Engine::Open(dir.path());
    ASSERT_TRUE(engine.ok());
    patrols_before = (*engine)->Stats(Actor::System("t"), "", Timestamp{}, far)->patrols;
  }
  {
    auto log = EventLog::Open(dir.path());
    ASSERT_TRUE(log.ok()) << log.status().ToString();
    NewEvent e;
    e.id = EventId::Generate();
    e.payload = PatrolRecorded{"41130200100101", "巡查", {}};
    e.grid_code = "41130200100101";
    ASSERT_TRUE((*log)->Append(StreamId{"patrol-extra"}, ExpectedVersion::Any(), {e}, {}).ok());
  }
  for (bool read_only : {true, false}) {
    EngineOptions options;
    options.log.read_only = read_only;
    auto engine = Engine::Open(dir.path(), options);
    ASSERT_TRUE(engine.ok()) << engine.status().ToString();
    EXPECT_EQ((*engine)->Stats(Actor::System("t"), "", Timestamp{}, far)->patrols,
              patrols_before + 1)
        << "read_only " << read_only;
    EXPECT_EQ((*engine)->Metrics().read_models_position, (*engine)->log().Committed().value);
  }
}

TEST(StoredReadModels, ASecondRebuildWhileOneRunsIsRefusedAndTheFirstFinishes) {
  testing::TempDir dir;
  SeedSmallDemo(dir.path(), 10);
  auto opened = Engine::Open(dir.path());
  ASSERT_TRUE(opened.ok());
  Engine& engine = **opened;
  const std::string live = engine.DumpReadModels();
  // The first rebuild stands inside its build until the second was tried.
  std::promise<void> building, tried;
  auto tried_future = tried.get_future().share();
  TestingModelBuildSeam().rebuild_building = [&] {
    building.set_value();
    tried_future.wait();
  };
  std::future<Status> first = std::async(std::launch::async, [&] { return engine.Rebuild(); });
  building.get_future().wait();
  Status second = engine.Rebuild();
  tried.set_value();
  EXPECT_EQ(second.code(), StatusCode::kUnavailable) << second.ToString();
  EXPECT_NE(second.message().find("already running"), std::string::npos) << second.ToString();
  Status done = first.get();
  TestingModelBuildSeam() = {};
  ASSERT_TRUE(done.ok()) << done.ToString();
  EXPECT_EQ(engine.Metrics().read_models_generation, 2u) << "one rebuild, one new generation";
  EXPECT_EQ(engine.DumpReadModels(), live);
  ASSERT_TRUE(engine.Rebuild().ok()) << "and the next is taken again";
  EXPECT_EQ(engine.Metrics().read_models_generation, 3u);
}

TEST(StoredReadModels, ARebuildWhileCommandsRunSwitchesGenerationsAndLosesNothing) {
  testing::TempDir dir;
  SeedSmallDemo(dir.path(), 10);
  auto opened = Engine::Open(dir.path());
  ASSERT_TRUE(opened.ok());
  Engine& engine = **opened;
  std::atomic<bool> stop{false};
  std::vector<std::string> filed;
  std::thread writer([&] {
    for (int i = 0; !stop || i < 20; ++i) {
      FileCase f;
      f.category = "sanitation";
      f.description = "楼道堆放杂物";
      f.location.grid_code = "41130200100101";
      f.reporter_phone = "1390000" + std::to_string(1000 + i);
      auto r = engine.File(Actor::Resident(), f);
      ASSERT_TRUE(r.ok()) << r.status().ToString();
      filed.push_back(r->case_id);
    }
  });
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(engine.Rebuild().ok());
  stop = true;
  writer.join();
  EXPECT_EQ(engine.Metrics().read_models_generation, 4u);
  EXPECT_EQ(engine.Metrics().read_models_position, engine.log().Committed().value);
  for (const auto& id : filed) EXPECT_TRUE(engine.GetCase(Actor::System("t"), id).ok()) << id;
  std::string live = engine.DumpReadModels();
  ASSERT_TRUE(engine.Rebuild().ok());
  EXPECT_EQ(engine.DumpReadModels(), live);
}

// Refuses the group while `refuse` is set: the engine's own models have
// staged the group's rows by then (they stage first), so the refusal
// exercises their discard.
class Refuser final : public Projection {
 public:
  std::string name() const override { return "refuser"; }
  Status Apply(const std::vector<RecordedEvent>&, ProjectionRows&) override {
    return refuse ? Status::Rejected("refused for the test") : Status::Ok();
  }
  std::atomic<bool> refuse{false};
};

// Every event of a small demo (8 days), read from its log.
std::vector<RecordedEvent> DemoHistory() {
  testing::TempDir source_dir;
  SeedSmallDemo(source_dir.path(), 8);
  auto source = Engine::Open(source_dir.path());
  EXPECT_TRUE(source.ok());
  if (!source.ok()) return {};
  auto all = (*source)->log().ReadAll(Position{1}, 1u << 20);
  EXPECT_TRUE(all.ok());
  return all.ok() ? std::move(all).value() : std::vector<RecordedEvent>{};
}

// `e` as an append that makes it again (same id: a retry is idempotent).
NewEvent AsNew(const RecordedEvent& e) {
  NewEvent n;
  n.id = e.id;
  n.payload = e.payload;
  n.actor = e.actor;
  n.grid_code = e.grid_code;
  n.occurred_at = e.occurred_at;
  return n;
}

// The writer's row cache (EngineOptions::read_model_cache_bytes) holds
// committed rows only: a group that failed after the models staged it
// leaves no trace, so its retry, and every later event of the same cases
// and statistics buckets, is applied to what the store holds. Without that
// the retried events would count twice and the live rows would differ from
// a recomputation from the log.
TEST(StoredReadModels, AFailedGroupLeavesNothingInTheWritersCaches) {
  testing::TempDir dir;
  const std::vector<RecordedEvent> history = DemoHistory();
  ASSERT_GT(history.size(), 200u);
  auto refuser = std::make_shared<Refuser>();
  EngineOptions options;
  options.projections.push_back(refuser);
  options.read_model_cache_bytes = 1u << 20;  // small enough to turn over too
  auto opened = Engine::Open(dir.path(), options);
  ASSERT_TRUE(opened.ok()) << opened.status().ToString();
  Engine& engine = **opened;
  size_t refused = 0;
  for (size_t i = 0; i < history.size(); ++i) {
    const RecordedEvent& e = history[i];
    const NewEvent n = AsNew(e);
    if (i % 5 == 3) {
      refuser->refuse = true;
      auto r = engine.log().Append(e.stream, ExpectedVersion::Any(), {n}, {});
      refuser->refuse = false;
      ASSERT_FALSE(r.ok()) << "event " << i;
      ++refused;
    }
    auto r = engine.log().Append(e.stream, ExpectedVersion::Any(), {n}, {});
    ASSERT_TRUE(r.ok()) << "event " << i << ": " << r.status().ToString();
  }
  EXPECT_GT(refused, 40u);
  EXPECT_EQ(engine.log().Committed().value, history.size());
  std::string live = engine.DumpReadModels();
  ASSERT_TRUE(engine.Rebuild().ok());
  EXPECT_EQ(engine.DumpReadModels(), live);
}

// The writer keeps statistics buckets decoded between groups, as many as
// its cache budget allows; with a budget smaller than the demo's days and
// scopes they turn over again and again, and every count still lands.
TEST(StoredReadModels, DecodedBucketsThatTurnOverLoseNoCount) {
  testing::TempDir dir;
  const std::vector<RecordedEvent> history = DemoHistory();
  // Recorded when they were, so that their cases fall on the demo's days.
  ManualClock clock(history.front().recorded_at);
  EngineOptions options;
  options.clock = &clock;
  options.read_model_cache_bytes = 512u << 10;  // 64 decoded buckets
  auto opened = Engine::Open(dir.path(), options);
  ASSERT_TRUE(opened.ok()) << opened.status().ToString();
  Engine& engine = **opened;
  for (const RecordedEvent& e : history) {
    clock.Set(e.recorded_at);
    const NewEvent n = AsNew(e);
    ASSERT_TRUE(engine.log().Append(e.stream, ExpectedVersion::Any(), {n}, {}).ok());
  }
  const Actor office = Actor::System("test");
  const Timestamp end = DemoEnd() + std::chrono::days(400);
  for (const std::string scope : {"", "411302", "411302001", "411302001001"}) {
    auto got = engine.Stats(office, scope, Timestamp{}, end);
    ASSERT_TRUE(got.ok()) << got.status().ToString();
    ExpectSameStats(*got, Reference(engine, scope, Timestamp{}, end), "scope '" + scope + "'");
  }
  std::string live = engine.DumpReadModels();
  ASSERT_TRUE(engine.Rebuild().ok());
  EXPECT_EQ(engine.DumpReadModels(), live);
}

}  // namespace
}  // namespace gridledger
