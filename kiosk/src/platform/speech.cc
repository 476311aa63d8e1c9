#include "platform/speech.h"

#include <espeak-ng/speak_lib.h>

namespace gridledger::kiosk {
namespace {
constexpr int kDefaultVolume = 100;
}

Speech::Speech() = default;

Speech::~Speech() {
  {
    std::lock_guard lock(mu_);
    stop_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void Speech::SetEnabled(bool on) {
  enabled_ = on;
  if (on && !thread_.joinable()) thread_ = std::thread([this] { Loop(); });
}

void Speech::Say(const std::string& text, bool chinese, bool even_if_off) {
  if ((!enabled_ && !even_if_off) || text.empty()) return;
  {
    std::lock_guard lock(mu_);
    pending_ = text;
    pending_chinese_ = chinese;
    has_pending_ = true;
  }
  cv_.notify_one();
}

void Speech::ResetForNewUser() {
  enabled_ = false;
  std::lock_guard lock(mu_);
  has_pending_ = false;
  pending_.clear();
  reset_volume_ = true;
}

void Speech::Loop() {
  bool ok = espeak_Initialize(AUDIO_OUTPUT_PLAYBACK, 0, nullptr, 0) > 0;
  std::unique_lock lock(mu_);
  for (;;) {
    cv_.wait(lock, [this] { return stop_ || has_pending_ || reset_volume_; });
    if (stop_) break;
    std::string text = std::move(pending_);
    bool chinese = pending_chinese_;
    bool speak = has_pending_;
    bool reset = reset_volume_;
    has_pending_ = false;
    reset_volume_ = false;
    lock.unlock();
    if (ok) {
      if (reset) {
        espeak_Cancel();
        espeak_SetParameter(espeakVOLUME, kDefaultVolume, 0);
      }
      if (speak) {
        espeak_Cancel();
        espeak_SetVoiceByName(chinese ? "cmn" : "en");
        espeak_Synth(text.data(), text.size() + 1, 0, POS_CHARACTER, 0, espeakCHARS_UTF8, nullptr,
                     nullptr);
      }
    }
    lock.lock();
  }
  lock.unlock();
  if (ok) {
    espeak_Cancel();
    espeak_Terminate();
  }
}

}  // namespace gridledger::kiosk
