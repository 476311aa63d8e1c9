// Filtered reads and subscriptions (gridledger/event_filter.h): over a mixed
// log, the log's in-place evaluation gives exactly what filtering a full
// read gives; a filtered subscription's progress advances over skipped
// events (checkpoint, on_checkpoint) and resumes there.
#include <atomic>
#include <mutex>
#include <random>
#include <thread>

#include "log/log_test_util.h"
#include "log/raw_store.h"

namespace gridledger {
namespace {

using testing::OpenLog;
using testing::TempDir;

const char* kGrids[] = {"41130200100101", "41130200100102",   "41130200100201",
                        "411302001001",   "4113020010010101", ""};

NewEvent Mixed(std::mt19937& rng, std::string* stream) {
  NewEvent e;
  e.actor = "w-1";
  e.grid_code = kGrids[rng() % std::size(kGrids)];
  switch (rng() % 5) {
    case 0:
      e.payload = CaseFiled{.category = "rubbish", .description = "d"};
      *stream = "case-" + std::to_string(rng() % 40);
      break;
    case 1:
      e.payload = CaseClosed{true, "ok"};
      *stream = "case-" + std::to_string(rng() % 40);
      break;
    case 2:
      e.payload = PatrolRecorded{e.grid_code, "walk", {}, {}, 1};
      *stream = "patrol-" + e.grid_code;
      break;
    case 3:
      e.payload = OpaqueEvent{"sensor.reading", "42"};
      *stream = "sensor-" + std::to_string(rng() % 5);
      break;
    default:
      e.payload = GridDefined{};
      *stream = "grid-" + e.grid_code;
      break;
  }
  return e;
}

// A log of `n` mixed events in appends of 1..3.
void FillMixed(EventLog& log, int n) {
  std::mt19937 rng(7);
  int written = 0;
  while (written < n) {
    std::string stream;
    NewEvent first = Mixed(rng, &stream);
    std::vector<NewEvent> events{first};
    for (int k = 1 + static_cast<int>(rng() % 3);
         k > 1 && written + events.size() < static_cast<size_t>(n); --k) {
      std::string ignored;
      NewEvent more = Mixed(rng, &ignored);
      events.push_back(more);
    }
    written += static_cast<int>(events.size());
    ASSERT_TRUE(log.Append(StreamId{stream}, ExpectedVersion::Any(), std::move(events),
                           {.durability = Durability::kBuffered})
                    .ok());
  }
}

std::vector<EventFilter> Filters() {
  std::vector<EventFilter> f;
  f.push_back({});
  f.push_back({.types = {"caseFiled"}});
  f.push_back({.types = {"caseFiled", "caseClosed"}});
  f.push_back({.types = {"sensor.reading"}});  // an opaque event's own type name
  f.push_back({.stream_prefixes = {"case-"}});
  f.push_back({.stream_prefixes = {"grid-4113020010010", "sensor-3"}});
  f.push_back({.grid_codes = {"41130200100101"}});  // a grid and its micro-grids
  f.push_back({.grid_codes = {"411302001001"}});    // a community: its grids too
  f.push_back({.grid_codes = {"41130200100102", "41130200100201"}});
  f.push_back({.types = {"caseFiled"}, .grid_codes = {"411302001001"}});
  f.push_back({.types = {"patrolRecorded"},
               .stream_prefixes = {"patrol-"},
               .grid_codes = {"41130200100101"}});
  f.push_back({.types = {"noSuchType"}});
  return f;
}

std::vector<uint64_t> Positions(const std::vector<RecordedEvent>& events) {
  std::vector<uint64_t> out;
  for (const auto& e : events) out.push_back(e.position.value);
  return out;
}

TEST(Filter, ReadFilteredEqualsFilteringAFullRead) {
  TempDir dir;
  auto log = OpenLog(dir.path());
  FillMixed(*log, 3000);
  auto all = log->ReadAll(Position{1}, 10000);
  ASSERT_TRUE(all.ok());
  ASSERT_EQ(all->size(), 3000u);
  for (const EventFilter& filter : Filters()) {
    std::vector<RecordedEvent> expected;
    for (const auto& e : *all)
      if (filter.Matches(e)) expected.push_back(e);
    // In one read, and paged with small limits and scan bounds.
    auto one = log->ReadFiltered(Position{1}, 10000, filter);
    ASSERT_TRUE(one.ok()) << one.status().ToString();
    EXPECT_EQ(Positions(one->events), Positions(expected));
    EXPECT_EQ(one->examined_to, Position{3000});
    std::vector<RecordedEvent> paged;
    Position from{1};
    for (int guard = 0; guard < 100000 && from.value <= 3000; ++guard) {
      auto page = log->ReadFiltered(from, 7, filter, 101);
      ASSERT_TRUE(page.ok());
      ASSERT_GE(page->examined_to.value + 1, from.value);
      for (auto& e : page->events) paged.push_back(e);
      from = Position{page->examined_to.value + 1};
    }
    EXPECT_EQ(Positions(paged), Positions(expected));
    // The decoded events are the same as the full read's.
    for (size_t i = 0; i < paged.size(); ++i) {
      EXPECT_EQ(paged[i].hash, expected[i].hash);
      EXPECT_EQ(paged[i].payload, expected[i].payload);
    }
    std::vector<RecordedEvent> scanned;
    Position examined;
    ASSERT_TRUE(log->ScanFiltered(
                       Position{1}, Position{0}, filter,
                       [&](const RecordedEvent& e) {
                         scanned.push_back(e);
                         return Status::Ok();
                       },
                       &examined)
                    .ok());
    EXPECT_EQ(Positions(scanned), Positions(expected));
    EXPECT_EQ(examined, Position{3000});
    auto stored = log->ReadStoredFiltered(Position{1}, 10000, filter);
    ASSERT_TRUE(stored.ok());
    ASSERT_EQ(stored->events.size(), expected.size());
    for (size_t i = 0; i < expected.size(); ++i)
      EXPECT_EQ(stored->events[i].position, expected[i].position);
  }
}

// A store from before the summaries: filtered by reading the events'
// heads when opened read-only, summarised once when opened for writing.
TEST(Filter, AStoreWithoutSummariesFiltersTheSameWay) {
  TempDir dir;
  std::vector<RecordedEvent> all;
  {
    auto log = OpenLog(dir.path());
    FillMixed(*log, 1500);
    all = *log->ReadAll(Position{1}, 10000);
  }
  {
    testing::RawStore raw(dir.path());
    raw.DropFamily("summaries");
    raw.Delete("meta", "summary_index");
  }
  auto check = [&](EventLog& log) {
    for (const EventFilter& filter : Filters()) {
      std::vector<uint64_t> expected;
      for (const auto& e : all)
        if (filter.Matches(e)) expected.push_back(e.position.value);
      auto r = log.ReadFiltered(Position{1}, 10000, filter);
      ASSERT_TRUE(r.ok()) << r.status().ToString();
      EXPECT_EQ(Positions(r->events), expected);
    }
  };
  {
    LogOptions ro;
    ro.read_only = true;
    auto log = OpenLog(dir.path(), ro);
    check(*log);
  }
  {
    auto log = OpenLog(dir.path());  // summarises the 1500 events
    check(*log);
  }
  testing::RawStore raw(dir.path());
  ASSERT_NE(raw.Family("summaries"), nullptr);
}

TEST(Filter, ALimitStopsAtTheLastMatch) {
  TempDir dir;
  auto log = OpenLog(dir.path());
  FillMixed(*log, 500);
  EventFilter filter{.stream_prefixes = {"case-"}};
  auto r = log->ReadFiltered(Position{1}, 3, filter);
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r->events.size(), 3u);
  EXPECT_EQ(r->examined_to, r->events.back().position);
}

TEST(Filter, InvalidFiltersAreRefused) {
  TempDir dir;
  auto log = OpenLog(dir.path());
  EXPECT_EQ(log->ReadFiltered(Position{1}, 10, EventFilter{.types = {""}}).status().code(),
            StatusCode::kInvalidArgument);
  SubscriptionOptions options;
  options.filter.grid_codes = {""};
  EXPECT_FALSE(log->Subscribe(options, [](const RecordedEvent&) { return Status::Ok(); }).ok());
}

TEST(FilteredSubscription, DeliversOnlyMatchesAndItsCheckpointAdvancesOverSkippedEvents) {
  TempDir dir;
  std::vector<uint64_t> expected;
  {
    auto log = OpenLog(dir.path());
    FillMixed(*log, 5000);
    auto all = log->ReadAll(Position{1}, 10000);
    ASSERT_TRUE(all.ok());
    EventFilter filter{.types = {"caseClosed"}, .grid_codes = {"41130200100102"}};
    for (const auto& e : *all)
      if (filter.Matches(e)) expected.push_back(e.position.value);
    ASSERT_FALSE(expected.empty());
    ASSERT_LT(expected.size(), 500u);  // rare: the checkpoint must move without matches

    std::mutex mu;
    std::vector<uint64_t> got, checkpoints;
    SubscriptionOptions options;
    options.filter = filter;
    options.checkpoint_name = "rare";
    options.checkpoint_every = 1000;
    options.read_batch = 256;
    options.on_checkpoint = [&](Position p) {
      std::lock_guard lock(mu);
      checkpoints.push_back(p.value);
    };
    auto sub = log->Subscribe(options, [&](const RecordedEvent& e) {
      std::lock_guard lock(mu);
      got.push_back(e.position.value);
      return Status::Ok();
    });
    ASSERT_TRUE(sub.ok());
    ASSERT_TRUE((*sub)->WaitUntilHandled(Position{5000}, std::chrono::seconds(30)));
    EXPECT_EQ((*sub)->Processed(), Position{5000});
    EXPECT_EQ((*sub)->LastHandled(), Position{expected.back()});
    // The stored checkpoint moved while running, past the last match.
    auto stored = log->LoadCheckpoint("rare");
    ASSERT_TRUE(stored.ok());
    EXPECT_GE(stored->value, 4000u);
    // Caught up: on_checkpoint reports 5000 on the subscription's thread,
    // which may come just after WaitUntilHandled returned.
    const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    for (;;) {
      {
        std::lock_guard lock(mu);
        if (!checkpoints.empty() && checkpoints.back() == 5000u) break;
      }
      ASSERT_LT(std::chrono::steady_clock::now(), until) << "no caught-up checkpoint report";
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    (*sub)->Stop();
    stored = log->LoadCheckpoint("rare");
    EXPECT_EQ(*stored, Position{5000});
    std::lock_guard lock(mu);
    EXPECT_EQ(got, expected);
    // on_checkpoint after each read batch that passed a 1000-event mark, and
    // when caught up (how batches fall depends on the machine's speed: a
    // batch may pass two marks at once).
    ASSERT_GE(checkpoints.size(), 2u);
    EXPECT_EQ(checkpoints.back(), 5000u);
    for (size_t i = 1; i < checkpoints.size(); ++i) EXPECT_GT(checkpoints[i], checkpoints[i - 1]);
  }
  // After a restart the subscription resumes after 5000, re-reading
  // nothing: new matches only.
  auto log = OpenLog(dir.path());
  NewEvent closed;
  closed.payload = CaseClosed{true, "late"};
  closed.grid_code = "41130200100102";
  NewEvent other;
  other.payload = CaseClosed{true, "elsewhere"};
  other.grid_code = "41130200100201";
  ASSERT_TRUE(log->Append(StreamId{"case-x"}, ExpectedVersion::Any(), {other, closed, other}).ok());
  std::atomic<int> delivered{0};
  std::atomic<uint64_t> at{0};
  SubscriptionOptions options;
  options.filter = {.types = {"caseClosed"}, .grid_codes = {"41130200100102"}};
  options.checkpoint_name = "rare";
  auto sub = log->Subscribe(options, [&](const RecordedEvent& e) {
    ++delivered;
    at = e.position.value;
    return Status::Ok();
  });
  ASSERT_TRUE(sub.ok());
  ASSERT_TRUE((*sub)->WaitUntilHandled(Position{5003}, std::chrono::seconds(10)));
  EXPECT_EQ(delivered.load(), 1);
  EXPECT_EQ(at.load(), 5002u);
}

TEST(FilteredSubscription, LiveEventsAreFilteredToo) {
  TempDir dir;
  auto log = OpenLog(dir.path());
  std::mutex mu;
  std::vector<std::string> got;
  SubscriptionOptions options;
  options.filter = {.stream_prefixes = {"case-"}};
  auto sub = log->Subscribe(options, [&](const RecordedEvent& e) {
    std::lock_guard lock(mu);
    got.push_back(e.stream.value);
    return Status::Ok();
  });
  ASSERT_TRUE(sub.ok());
  for (int i = 0; i < 20; ++i) {
    NewEvent e;
    e.payload = OpaqueEvent{"t", "x"};
    std::string stream = (i % 4 == 0 ? "case-" : "patrol-") + std::to_string(i);
    ASSERT_TRUE(log->Append(StreamId{stream}, ExpectedVersion::Any(), {e}).ok());
  }
  ASSERT_TRUE((*sub)->WaitUntilHandled(Position{20}, std::chrono::seconds(10)));
  std::lock_guard lock(mu);
  EXPECT_EQ(got, (std::vector<std::string>{"case-0", "case-4", "case-8", "case-12", "case-16"}));
}

}  // namespace
}  // namespace gridledger
