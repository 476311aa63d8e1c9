// Pinyin input backed by librime with Debian's pinyin_simp schema.
//
// librime is process-global: create at most one PinyinIme per process.
// Start() sets RIME up on a background thread: it writes a default.yaml
// limited to pinyin_simp into `user_dir` and deploys (about 1 s the first
// time, ~0.04 s when `user_dir` already holds a deploy); Ready() turns true
// when done, WaitReady() blocks (tests). Until then keys are ignored.
//
// Privacy: RIME learns from what is committed (its user dictionary). Reset()
// drops the composition AND deletes the learned data (finalize, remove the
// *.userdb directories, initialize again: ~10 ms), so one resident's words
// never surface as the next one's candidates. Start() wipes it too.
//
// All other methods are for the UI thread only.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <thread>
#include <vector>

namespace gridledger::kiosk {

class PinyinIme {
 public:
  PinyinIme(std::string shared_dir, std::string user_dir);
  ~PinyinIme();
  PinyinIme(const PinyinIme&) = delete;
  PinyinIme& operator=(const PinyinIme&) = delete;

  void Start();
  bool Ready() const { return ready_.load(); }
  bool Failed() const { return failed_.load(); }
  void WaitReady();

  // A letter a-z. Ignored when not ready.
  void Key(char letter);
  // Removes the last pinyin letter of the composition.
  void Backspace();
  bool Composing() const { return !preedit_.empty(); }
  const std::string& Preedit() const { return preedit_; }
  // Candidates on the current page.
  const std::vector<std::string>& Candidates() const { return candidates_; }
  void NextPage();
  void PrevPage();
  // Picks candidate `index` of the page. Returns the committed text ("" when
  // the pick only converted part of the pinyin; the rest stays composing).
  std::string Select(int index);
  // Drops the composition and every learned word (see above).
  void Reset();

 private:
  void Deploy();
  void Refresh();
  void OpenSession();
  void WipeUserDictionary();

  std::string shared_dir_, user_dir_;
  std::atomic<bool> ready_{false};
  std::atomic<bool> failed_{false};
  std::thread starter_;
  uintptr_t session_ = 0;
  std::string preedit_;
  std::vector<std::string> candidates_;
};

}  // namespace gridledger::kiosk
