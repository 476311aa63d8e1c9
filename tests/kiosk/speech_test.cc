// Voice prompts are optional: with or without an audio device, Say()
// returns at once and the object shuts down cleanly.
#include "platform/speech.h"

#include <gtest/gtest.h>

#include <chrono>

namespace gridledger::kiosk {
namespace {

TEST(SpeechTest, SayNeverBlocksAndResetTurnsItOff) {
  Speech speech;
  auto t0 = std::chrono::steady_clock::now();
  speech.Say("不会说", true);  // off: ignored
  speech.SetEnabled(true);
  speech.Say("您好，请点击下面的按钮", true);
  speech.Say("Hello", false);
  double ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
  EXPECT_LT(ms, 50.0);
  speech.ResetForNewUser();
  EXPECT_FALSE(speech.enabled());
}

}  // namespace
}  // namespace gridledger::kiosk
