#include "gridledger/demo.h"

#include <gtest/gtest.h>

#include "gridledger/engine.h"
#include "testing/temp_dir.h"

namespace gridledger {
namespace {

using testing::TempDir;

Timestamp Noon() {
  return Timestamp(std::chrono::sys_days(std::chrono::year{2026} / 11 / 20).time_since_epoch() +
                   std::chrono::hours(4));
}

TEST(Demo, SeedsTheCommunityWithAWorkingClosedLoopAndADemoResident) {
  TempDir dir;
  DemoOptions options;
  options.days = 20;
  options.requests_per_day = 10;
  options.end = Noon();
  auto summary = SeedDemo(dir.path(), options);
  ASSERT_TRUE(summary.ok()) << summary.status().ToString();
  EXPECT_GT(summary->events, 1000u);
  EXPECT_GE(summary->cases, 200u);

  ManualClock clock(Noon());
  EngineOptions eo;
  eo.clock = &clock;
  auto engine = Engine::Open(dir.path(), eo);
  ASSERT_TRUE(engine.ok());
  // 8 grids under 文化社区, one of them the dedicated plaza grid.
  int grids = 0, dedicated = 0;
  for (const auto& g : (*engine)->Grids()) {
    grids += g.kind == GridKind::kGrid || g.kind == GridKind::kDedicated;
    dedicated += g.kind == GridKind::kDedicated;
  }
  EXPECT_EQ(grids, 8);
  EXPECT_EQ(dedicated, 1);
  auto mine = (*engine)->LookupByPhone(summary->sample_phone, summary->sample_query_code);
  ASSERT_TRUE(mine.ok()) << mine.status().ToString();
  EXPECT_EQ(mine->size(), 2u);
  auto stats = (*engine)->Stats(Actor::System("test"), "411302001001",
                                Noon() - std::chrono::days(30), Noon());
  ASSERT_TRUE(stats.ok()) << stats.status().ToString();
  EXPECT_GT(stats->closed_rate, 0.6);
  EXPECT_GT(stats->satisfaction_rate, 0.8);
  EXPECT_GT(stats->patrols, 100u);
  EXPECT_TRUE((*engine)->log().Verify()->ok());
}

TEST(Demo, SameSeedGivesTheSameCommunity) {
  TempDir a, b;
  DemoOptions options;
  options.days = 5;
  options.requests_per_day = 8;
  options.end = Noon();
  ASSERT_TRUE(SeedDemo(a.path(), options).ok());
  ASSERT_TRUE(SeedDemo(b.path(), options).ok());
  auto ea = Engine::Open(a.path());
  auto eb = Engine::Open(b.path());
  ASSERT_TRUE(ea.ok() && eb.ok());
  EXPECT_EQ((*ea)->log().Committed(), (*eb)->log().Committed());
  // Every read model matches, but for the person ids: they are keyed hashes
  // under each installation's own secret.
  auto without_person_ids = [](const std::string& dump) {
    std::string out;
    size_t start = 0;
    for (size_t nl; (nl = dump.find('\n', start)) != std::string::npos; start = nl + 1)
      if (dump.compare(start, 7, "person ") != 0) out.append(dump, start, nl - start + 1);
    return out;
  };
  EXPECT_EQ(without_person_ids((*ea)->DumpReadModels()),
            without_person_ids((*eb)->DumpReadModels()));
  auto qa = (*ea)->DeadlinesBefore(Noon() + std::chrono::days(30));
  auto qb = (*eb)->DeadlinesBefore(Noon() + std::chrono::days(30));
  ASSERT_TRUE(qa.ok() && qb.ok());
  ASSERT_EQ(qa->size(), qb->size());
  for (size_t i = 0; i < qa->size(); ++i) EXPECT_EQ((*qa)[i].case_id, (*qb)[i].case_id);
}

TEST(Demo, RefusesADirectoryThatHoldsEvents) {
  TempDir dir;
  DemoOptions options;
  options.days = 1;
  options.end = Noon();
  ASSERT_TRUE(SeedDemo(dir.path(), options).ok());
  EXPECT_EQ(SeedDemo(dir.path(), options).status().code(), StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace gridledger
