// Engine::Open's options: one clock for the engine and its log.
#include <gtest/gtest.h>

#include "gridledger/engine.h"
#include "testing/temp_dir.h"

namespace gridledger {
namespace {

Timestamp Noon() { return FromMicros(1'764'561'600'000'000); }  // 2025-12-01 04:00 UTC

TEST(EngineOptions, TwoDifferentClocksAreRefused) {
  testing::TempDir dir;
  ManualClock engine_clock(Noon()), log_clock(Noon());
  EngineOptions o;
  o.clock = &engine_clock;
  o.log.clock = &log_clock;
  auto opened = Engine::Open(dir.path(), o);
  ASSERT_FALSE(opened.ok());
  EXPECT_EQ(opened.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(opened.status().message().find("clock"), std::string::npos);
}

TEST(EngineOptions, TheEngineClockIsTheLogsToo) {
  testing::TempDir dir;
  ManualClock clock(Noon());
  EngineOptions o;
  o.clock = &clock;
  auto opened = Engine::Open(dir.path(), o);
  ASSERT_TRUE(opened.ok()) << opened.status().ToString();
  NewEvent e;
  e.payload = OpaqueEvent{"test.note", "x"};
  ASSERT_TRUE((*opened)->log().Append(StreamId{"notes"}, ExpectedVersion::Any(), {e}).ok());
  auto read = (*opened)->log().ReadAll(Position{1}, 1);
  ASSERT_TRUE(read.ok());
  EXPECT_EQ(read->front().recorded_at, Noon());
}

TEST(EngineOptions, ALogClockAloneServesBoth) {
  testing::TempDir dir;
  ManualClock clock(Noon());
  EngineOptions o;
  o.log.clock = &clock;
  auto opened = Engine::Open(dir.path(), o);
  ASSERT_TRUE(opened.ok()) << opened.status().ToString();
  NewEvent e;
  e.payload = OpaqueEvent{"test.note", "x"};
  ASSERT_TRUE((*opened)->log().Append(StreamId{"notes"}, ExpectedVersion::Any(), {e}).ok());
  EXPECT_EQ((*opened)->log().ReadAll(Position{1}, 1)->front().recorded_at, Noon());
}

}  // namespace
}  // namespace gridledger
