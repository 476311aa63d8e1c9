// The figures offices report, as docs/cli.md#stats defines them.
#include "facade/engine_fixture.h"

namespace gridledger::testing {
namespace {

class StatsTest : public EngineFixture {};

// Regression: open mediations counted as failures.
TEST_F(StatsTest, MediationSuccessRateCountsOnlyConcludedMediations) {
  const Actor w = Actor::Worker("w1");
  for (const char* id : {"m-1", "m-2", "m-3"})
    Ok(engine_->Record(w, cmd::OpenMediation{id, kGrid1, "噪音纠纷", {"甲", "乙"}, "dispute"}));
  Ok(engine_->Record(w, cmd::ConcludeMediation{"m-1", true, "达成协议"}));
  Ok(engine_->Record(w, cmd::ConcludeMediation{"m-2", false, "未达成"}));
  auto s = engine_->Stats(Actor::System("test"), "", Timestamp{}, FromMicros(INT64_MAX / 2));
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  EXPECT_EQ(s->mediations, 3u);
  EXPECT_EQ(s->mediations_concluded, 2u);
  EXPECT_EQ(s->mediations_agreed, 1u);
  EXPECT_DOUBLE_EQ(s->mediation_success_rate, 0.5) << "1 agreed of 2 concluded; m-3 is open";
}

}  // namespace
}  // namespace gridledger::testing
