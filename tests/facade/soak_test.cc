// Soak: many threads appending, filing, reading, subscribing and querying
// at once, with invariants checked while it runs and at the end: no gaps,
// no duplicates, every acknowledged event readable, read models equal to a
// rebuild. Bounded by iteration counts, not by time.
#include <atomic>
#include <mutex>
#include <set>
#include <thread>

#include "facade/engine_fixture.h"

namespace gridledger {
namespace {

using testing::EngineFixture;

class Soak : public EngineFixture {};

TEST_F(Soak, ConcurrentAppendsFilingsReadsSubscriptionsAndQueriesKeepEveryInvariant) {
  EventLog& log = engine_->log();
  std::atomic<bool> failed{false};
  std::atomic<uint64_t> delivered{0};
  std::mutex acked_mu;
  std::vector<Position> acked;

  // A subscription checks order and contiguity as events arrive.
  Position last_seen{0};
  auto sub = log.Subscribe({}, [&](const RecordedEvent& e) {
    if (e.position.value != last_seen.value + 1) failed = true;
    last_seen = e.position;
    ++delivered;
    return Status::Ok();
  });
  ASSERT_TRUE(sub.ok());

  std::vector<std::thread> threads;
  for (int t = 0; t < 6; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 150; ++i) {
        NewEvent e;
        e.payload = OpaqueEvent{"soak", std::to_string(t) + ":" + std::to_string(i)};
        auto r = log.Append(StreamId{"soak-" + std::to_string(t % 3)}, ExpectedVersion::Any(),
                            {e, NewEvent{{}, OpaqueEvent{"soak", "pair"}}},
                            {i % 2 ? Durability::kBuffered : Durability::kDurable});
        if (!r.ok() || r->last_position.value != r->first_position.value + 1) {
          failed = true;
          return;
        }
        std::lock_guard lock(acked_mu);
        acked.push_back(r->first_position);
        acked.push_back(r->last_position);
      }
    });
  }
  for (int t = 0; t < 2; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 40; ++i) {
        auto r = FileSewer("1380000" + std::to_string(1000 + t * 100 + i), t ? "p1" : "p2");
        if (r.case_id.empty()) {
          failed = true;
          return;
        }
        // Visible to its resident the moment File returns.
        if (!engine_->LookupCase(r.case_id, r.query_code).ok()) {
          failed = true;
          return;
        }
        auto worker = t ? "w1" : "w2";
        if (!engine_->Execute(Actor::Worker(worker), cmd::Acknowledge{r.case_id}).ok())
          failed = true;
      }
    });
  }
  threads.emplace_back([&] {  // a reader: the global log never has holes
    for (int i = 0; i < 200 && !failed; ++i) {
      auto events = log.ReadAll(Position{1}, 100000);
      if (!events.ok()) {
        failed = true;
        return;
      }
      for (size_t k = 0; k < events->size(); ++k)
        if ((*events)[k].position.value != k + 1) {
          failed = true;
          return;
        }
    }
  });
  threads.emplace_back([&] {  // queries
    for (int i = 0; i < 300 && !failed; ++i) {
      if (!engine_->WorkQueue(Actor::Worker("l1"), kGrid1).ok()) failed = true;
      if (!engine_
               ->Stats(Actor::Worker("c1"), kCommunity, Timestamp{},
                       clock_.Now() + std::chrono::hours(1))
               .ok())
        failed = true;
    }
  });
  for (auto& th : threads) th.join();
  ASSERT_FALSE(failed.load());

  Position committed = log.Committed();
  ASSERT_TRUE((*sub)->WaitUntilHandled(committed, std::chrono::seconds(30)));
  (*sub)->Stop();
  EXPECT_EQ(delivered.load(), committed.value);
  std::set<uint64_t> unique;
  for (Position p : acked) {
    EXPECT_TRUE(unique.insert(p.value).second) << "position acknowledged twice: " << p.value;
    auto raw = log.ReadAll(p, 1);
    ASSERT_TRUE(raw.ok());
    ASSERT_EQ(raw->size(), 1u) << "acknowledged position missing: " << p.value;
  }
  std::string before = engine_->DumpReadModels();
  ASSERT_TRUE(engine_->Rebuild().ok());
  EXPECT_EQ(engine_->DumpReadModels(), before);
  auto report = log.Verify();
  ASSERT_TRUE(report.ok());
  EXPECT_TRUE(report->ok()) << report->problem;
}

}  // namespace
}  // namespace gridledger
