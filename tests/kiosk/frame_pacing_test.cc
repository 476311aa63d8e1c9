// The kiosk draws only when something changes: a static screen costs
// (almost) no frames, the idle countdown one per second, and engine results
// wake the loop. The runner's loop is simulated on the manual clock: when
// the app says "draw now" a frame takes 1/60 s (vsync); otherwise the clock
// jumps to the moment the app asked to be woken.
#include <cmath>
#include <mutex>

#include "test_env.h"

namespace gridledger::kiosk::testing {
namespace {

class FramePacingTest : public KioskTest {
 protected:
  // Frames the runner would draw in `seconds` without any input.
  int FramesOver(double seconds) {
    int frames = 0;
    double t = 0;
    while (t < seconds && frames < 100000) {
      double wait = app_->SecondsUntilRedraw();
      if (wait > 0) {
        double step = std::isinf(wait) ? seconds - t : std::min(wait, seconds - t);
        clock_.Advance(step);
        t += step;
        if (wait > step) break;  // still asleep at the end
      } else {
        clock_.Advance(1.0 / 60);
        t += 1.0 / 60;
      }
      ui_->Frame();
      ++frames;
    }
    return frames;
  }
};

TEST_F(FramePacingTest, StaticStartScreenDrawsNoFramesWhenIdle) {
  FramesOver(1);  // input settles
  int frames = FramesOver(10);
  EXPECT_LE(frames, 20) << "at most 2 frames per second on a static screen";
  EXPECT_EQ(frames, 0);
  EXPECT_TRUE(std::isinf(app_->SecondsUntilRedraw()));
}

TEST_F(FramePacingTest, StaticStepScreenWaitsForTheIdleTimerOnly) {
  ASSERT_TRUE(ui_->Tap("start/file"));
  ASSERT_EQ(app_->screen(), Screen::kCategory);
  FramesOver(1);
  EXPECT_LE(FramesOver(10), 20);
  EXPECT_GT(app_->SecondsUntilRedraw(), 60.0);  // next change: the question at 90 s
}

TEST_F(FramePacingTest, IdleQuestionStillComesAndCountsDownAboutOnceASecond) {
  ASSERT_TRUE(ui_->Tap("start/file"));
  FramesOver(1);
  FramesOver(89.5);
  EXPECT_TRUE(app_->idle_prompt_visible());
  int frames = FramesOver(20);
  EXPECT_TRUE(app_->idle_prompt_visible());
  EXPECT_GE(frames, 15);  // the seconds tick
  EXPECT_LE(frames, 2 * 20);
  FramesOver(15);  // the countdown ends: reset to the start screen
  EXPECT_EQ(app_->screen(), Screen::kStart);
  EXPECT_FALSE(app_->idle_prompt_visible());
}

TEST_F(FramePacingTest, InputDrawsAFewFramesThenStops) {
  FramesOver(1);
  ASSERT_TRUE(ui_->Tap("start/file"));
  EXPECT_EQ(app_->SecondsUntilRedraw(), 0);  // settling after the tap
  int frames = FramesOver(2);
  EXPECT_GT(frames, 0);
  EXPECT_LE(frames, 10);
  EXPECT_GT(app_->SecondsUntilRedraw(), 1.0);
}

TEST_F(FramePacingTest, EngineResultsWakeTheLoop) {
  int wakes = 0;
  std::mutex mu;
  app_->worker().SetWakeup([&] {
    std::lock_guard l(mu);
    ++wakes;
  });
  ASSERT_TRUE(ui_->Tap("start/lookup"));
  FramesOver(1);
  ASSERT_GT(app_->SecondsUntilRedraw(), 0);
  app_->session().lookup_case = "20261123-0001";
  app_->session().lookup_code = "000000";
  ASSERT_TRUE(ui_->Tap("nav/next"));
  app_->worker().WaitIdle();
  {
    std::lock_guard l(mu);
    EXPECT_EQ(wakes, 1);
  }
  EXPECT_EQ(app_->SecondsUntilRedraw(), 0);  // the result waits to be shown
  FramesOver(1);
  EXPECT_EQ(app_->session().lookup_error, Session::LookupError::kNotFound);
  app_->worker().SetWakeup(nullptr);
}

}  // namespace
}  // namespace gridledger::kiosk::testing
