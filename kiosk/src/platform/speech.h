// Spoken prompts through espeak-ng (voice "cmn" for Chinese, "en" for
// English). Optional and non-blocking: Say() queues the newest prompt for a
// background thread (older unspoken prompts are dropped) and returns at
// once; if espeak-ng or the audio device is missing, prompts are silently
// skipped. Off until enabled. ResetForNewUser() turns it off and restores
// the default volume (EN 301 549: volume resets after each user).
#pragma once

#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>

namespace gridledger::kiosk {

class Speech {
 public:
  Speech();
  ~Speech();
  Speech(const Speech&) = delete;
  Speech& operator=(const Speech&) = delete;

  void SetEnabled(bool on);
  bool enabled() const { return enabled_; }
  // Speaks `text` if enabled; `even_if_off` for what must be heard anyway
  // (the emergency screen).
  void Say(const std::string& text, bool chinese, bool even_if_off = false);
  void ResetForNewUser();

 private:
  void Loop();

  bool enabled_ = false;
  std::mutex mu_;
  std::condition_variable cv_;
  std::string pending_;
  bool pending_chinese_ = true;
  bool has_pending_ = false;
  bool reset_volume_ = false;
  bool stop_ = false;
  std::thread thread_;
};

}  // namespace gridledger::kiosk
