// "Getting ready" while the demo is seeded shows the real count and a bar,
// drawn once per report and not in between (the idle screen stays free).
#include <cmath>
#include <condition_variable>
#include <mutex>

#include "test_env.h"

namespace gridledger::kiosk::testing {
namespace {

std::string DrawnInOneFrame(Harness& ui) {
  FontLibrary::StartRecordingDrawnText();
  ui.Frame();
  std::string text = FontLibrary::DrawnText();
  FontLibrary::StopRecordingDrawnText();
  return text;
}

// An opener that reports progress in steps the test releases one by one.
class PreparingTest : public KioskTest {
 protected:
  void SetUp() override {
    KioskTest::SetUp();
    ui_.reset();
    app_.reset();
    KioskDeps deps{&clock_, &SharedIme(), &SharedHandwriting(), nullptr};
    app_ = std::make_unique<KioskApp>(KioskOptions{}, deps);
    app_->worker().SetWakeup([this] {
      std::lock_guard l(mu_);
      ++wakes_;
    });
    auto svc = service_;
    KioskApp* app = app_.get();
    app_->OpenService([this, app, svc]() -> Result<std::shared_ptr<CaseService>> {
      app->ReportPreparing(12, 60);
      Reached(1);
      app->ReportPreparing(60, 60);  // seeded; now the data opens
      Reached(2);
      return std::shared_ptr<CaseService>(svc);
    });
    ui_ = std::make_unique<Harness>(*app_);
  }
  void TearDown() override {
    Release(3);
    app_->worker().WaitIdle();
    app_->worker().SetWakeup(nullptr);
    KioskTest::TearDown();
  }
  // Opener side: step `n` is reached; waits until the test releases it.
  void Reached(int n) {
    std::unique_lock l(mu_);
    reached_ = n;
    cv_.notify_all();
    cv_.wait(l, [&] { return released_ >= n; });
  }
  void WaitReached(int n) {
    std::unique_lock l(mu_);
    cv_.wait(l, [&] { return reached_ >= n; });
  }
  void Release(int n) {
    std::lock_guard l(mu_);
    released_ = std::max(released_, n);
    cv_.notify_all();
  }
  int wakes() {
    std::lock_guard l(mu_);
    return wakes_;
  }
  // Frames until the app says it may sleep; -1 if it never does.
  int FramesUntilAsleep() {
    for (int i = 0; i < 30; ++i) {
      if (app_->SecondsUntilRedraw() > 0) return i;
      ui_->Frame();
    }
    return -1;
  }

  std::mutex mu_;
  std::condition_variable cv_;
  int reached_ = 0, released_ = 0, wakes_ = 0;
};

TEST_F(PreparingTest, SeedingShowsTheRealCountAndABarAndRedrawsOnlyOnNews) {
  ASSERT_TRUE(ui_->Tap("start/file"));
  ASSERT_EQ(app_->screen(), Screen::kCategory);
  WaitReached(1);
  std::string drawn = DrawnInOneFrame(*ui_);
  EXPECT_NE(drawn.find("正在准备示例数据 … 12/60 天"), std::string::npos) << drawn;
  EXPECT_NEAR(app_->targets().progress(), 0.2f, 0.001f);
  // Nothing new: the screen goes back to sleep within the settling frames.
  int frames = FramesUntilAsleep();
  EXPECT_GE(frames, 0);
  EXPECT_LE(frames, 10);
  EXPECT_GT(app_->SecondsUntilRedraw(), 1.0);

  int wakes_before = wakes();
  Release(1);  // seeding finished: the data opens
  WaitReached(2);
  EXPECT_EQ(wakes(), wakes_before + 1);      // the report woke the sleeping loop
  EXPECT_EQ(app_->SecondsUntilRedraw(), 0);  // and asks for a frame
  drawn = DrawnInOneFrame(*ui_);
  EXPECT_NE(drawn.find("正在打开数据"), std::string::npos) << drawn;
  EXPECT_NEAR(app_->targets().progress(), 1.0f, 0.001f);
  EXPECT_LE(FramesUntilAsleep(), 10);

  Release(2);
  ui_->Settle();
  EXPECT_TRUE(app_->service_ready());
  EXPECT_TRUE(ui_->Has("cat/sewer"));
  EXPECT_LT(app_->targets().progress(), 0);  // no bar once ready
  EXPECT_EQ(FontLibrary::missing_glyphs(), 0) << FontLibrary::missing_text();
}

TEST_F(PreparingTest, ScreensThatDoNotShowProgressDrawNoFrameForIt) {
  int frames = FramesUntilAsleep();  // the start screen settles
  ASSERT_GE(frames, 0);
  WaitReached(1);                                       // a report arrives
  EXPECT_EQ(wakes(), 0);                                // the runner is not woken for it
  EXPECT_TRUE(std::isinf(app_->SecondsUntilRedraw()));  // the start screen sleeps on
  ASSERT_TRUE(ui_->Tap("start/file"));                  // the step that shows it
  std::string drawn = DrawnInOneFrame(*ui_);
  EXPECT_NE(drawn.find("12/60"), std::string::npos) << drawn;
}

TEST_F(PreparingTest, EnglishSaysTheCountToo) {
  ASSERT_TRUE(ui_->Tap("top/lang/en"));
  ASSERT_TRUE(ui_->Tap("start/file"));
  WaitReached(1);
  std::string drawn = DrawnInOneFrame(*ui_);
  EXPECT_NE(drawn.find("Preparing the sample data … 12/60 days"), std::string::npos) << drawn;
}

}  // namespace
}  // namespace gridledger::kiosk::testing
