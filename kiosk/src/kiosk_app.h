// KioskApp: the resident kiosk's state machine and UI, independent of any
// window system. A runner (GLFW, SDL2 or a headless test) owns the ImGui
// context and calls, once per frame:
//
//   if (app.PrepareFrame()) { <drop font texture>; app.RebuildFonts(); <upload> }
//   ImGui::NewFrame(); app.Draw(); ImGui::Render();
//
// Threading: every method is for the UI thread. Engine calls run on the
// app's CommandWorker; their results are applied in PrepareFrame().
//
// Privacy: ResetSession() (the idle countdown running out) wipes the
// session, the input methods' state including RIME's learned words, ImGui's
// text state, and returns language/size/contrast/voice to the defaults.
// StartOver() (done, start over, back from the first step) wipes the same
// but keeps the display settings: the same resident is still there; the
// idle reset returns them to the defaults for the next one.
#pragma once

#include <atomic>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "app/case_service.h"
#include "app/command_worker.h"
#include "app/idle_timer.h"
#include "app/kiosk_clock.h"
#include "app/screen.h"
#include "app/session.h"
#include "app/startup_progress.h"
#include "platform/qr_code.h"
#include "platform/speech.h"
#include "ui/fonts.h"
#include "ui/text_entry.h"
#include "ui/touch_targets.h"
#include "ui/ui_context.h"

namespace gridledger::kiosk {

struct KioskOptions {
  float px_per_mm = 4.0f;
  double idle_seconds = 90;           // without a touch before asking
  double receipt_idle_seconds = 180;  // on the receipt (time to photograph or copy it)
  // What the receipt's QR code holds: a link a phone can open, with
  // "{case}" replaced by the case id (e.g. the installation's Open311
  // request page or case lookup: "https://12345.example.cn/requests/{case}").
  // The query code is never put in the link. Empty: plain text with the
  // case number and query code, in the resident's language.
  // Default: empty
  std::string receipt_link;
  double countdown_seconds = 30;  // to answer "还在使用吗?" (>= 20)
};

struct KioskDeps {
  const KioskClock* clock = nullptr;                   // required
  PinyinIme* ime = nullptr;                            // optional
  const HandwritingRecognizer* handwriting = nullptr;  // optional
  Speech* speech = nullptr;                            // optional
};

class KioskApp {
 public:
  using ServiceOpener = std::function<Result<std::shared_ptr<CaseService>>()>;

  KioskApp(const KioskOptions& options, const KioskDeps& deps);
  ~KioskApp();  // finishes queued engine work first

  // Opens the service on the worker thread (the UI shows "getting ready"
  // where it is needed meanwhile).
  void OpenService(ServiceOpener opener);
  bool service_ready() const { return !catalogue_.empty(); }
  // Any thread (the opener, while it seeds the demo): `done` of `total`
  // steps of getting ready are finished. The journeys' "getting ready"
  // (the category step) shows the count and a bar; there the UI draws a
  // frame for each report and none in between; other screens draw none.
  void ReportPreparing(uint32_t done, uint32_t total);
  StartupProgress::Snapshot preparing() const { return progress_.Get(); }
  // A failure to open, in words for staff; empty when none.
  const std::string& service_error() const { return service_error_; }

  // Before ImGui::NewFrame(). Returns true when the font atlas must be
  // rebuilt (call RebuildFonts() and re-upload the texture).
  bool PrepareFrame();
  void RebuildFonts();
  void Draw();
  // After a frame: how long the runner may sleep waiting for input before
  // it must draw again. 0 = draw the next frame now (input is settling, an
  // animation runs, engine results or a font rebuild wait); infinity = only
  // on input or a worker wake-up (CommandWorker::SetWakeup). A static
  // screen thus costs no frames but the idle timer's (~1 per second during
  // the countdown).
  double SecondsUntilRedraw() const;

  // ---- state (tests, --screen) ----
  Screen screen() const { return screen_; }
  void GoTo(Screen s);
  void ResetSession();
  void StartOver();
  // A start-over confirmation is showing ("放弃已填写的内容吗？").
  bool confirm_home_visible() const { return confirm_home_; }
  Session& session() { return session_; }
  const TouchTargets& targets() const { return targets_; }
  CommandWorker& worker() { return *worker_; }
  const Metrics& metrics() const { return ui_.metrics; }
  FontLibrary& fonts() { return fonts_; }
  Lang lang() const { return ui_.lang; }
  bool idle_prompt_visible() const { return idle_prompt_; }
  // The last voice prompt asked for (spoken if voice is on; tests read it).
  // Wiped with the session.
  const std::string& last_prompt() const { return last_prompt_; }
  // What the receipt's QR code holds now (empty without a receipt).
  std::string ReceiptQrText() const;
  const TextEntryState& entry_state() const { return entry_; }
  // Fills the session with plausible data so that every screen can be
  // shown on its own (--screen NAME for screenshots and size tests).
  void FillSampleSession();
  // Presentation toggles (the top bar's buttons; also for screenshots).
  void SetLargeText(bool on);
  void SetHighContrast(bool on);
  void SetLang(Lang lang);
  // Opens the pinyin or handwriting pad on the text screens.
  void SetEntryMode(EntryMode mode) { entry_.mode = mode; }

 private:
  // Screens (one file each under ui/screens/).
  void DrawTopBar();
  void DrawStart();
  void DrawCategory();
  void DrawPlace();
  void DrawWhat();
  void DrawPhone();
  void DrawName();
  void DrawReview();
  void DrawSubmitting();
  void DrawReceipt();
  void DrawLookup();
  void DrawCaseView();
  void DrawIdlePrompt();
  void DrawEmergency();
  void DrawHomeConfirm();
  void DrawIdleBand();  // the idle question on the receipt
  // "Getting ready" with the start-up progress, at `y` in the content area.
  void DrawPreparing(float y);
  // Something typed or chosen that has not been submitted yet.
  bool HasUnsubmittedInput() const;
  // Wipes the session and every input trace; `keep_display` keeps language,
  // text size, contrast and voice.
  void WipeSession(bool keep_display);
  // Bottom bar with back / next; returns 1 for next, -1 for back, 0 none.
  // `hint` says why next is disabled (drawn beside it; only when disabled).
  int DrawNavBar(bool show_back, const char* next_label, bool next_enabled = true,
                 const char* hint = nullptr);
  float DrawTitle(const Text& title);  // returns the y below it
  float DrawTitle(const std::string& title);
  // A filing step's title: "第2步：在哪里？", numbered for this journey (a
  // micro-wish with one category starts at the place) and, for a
  // micro-wish, saying so ("许微心愿 · 第1步：您在哪里？").
  std::string StepTitle(Screen step) const;

  // Actions.
  void StartJourney(Journey j);
  void Submit();
  void StartLookup();
  void SendFeedback(uint8_t satisfaction, bool fixed);
  void ApplyLookupResult(Result<std::vector<CaseView>> r);
  void Speak(const Text& t);
  void Speak(const std::string& words);
  // A failed lookup in words: what is wrong, what is locked, tries left.
  std::string LookupErrorWords() const;
  std::vector<const ServiceCategory*> JourneyCategories() const;
  const ServiceCategory* CurrentCategory() const;
  std::shared_ptr<CaseService> service();
  Rect Content() const;  // the area between the top bar and the nav bar
  // The step after the current one: `next`, or review when review's 修改
  // opened this step.
  Screen NextStep(Screen next) const { return session_.back_to_review ? Screen::kReview : next; }
  // The untouched start screen: nothing to reset, so the idle timer waits.
  bool pristine() const;
  static constexpr int kSettleFrames = 6;

  KioskOptions options_;
  KioskDeps deps_;
  std::unique_ptr<CommandWorker> worker_;
  IdleTimer idle_;
  Ui ui_;
  FontLibrary fonts_;
  TouchTargets targets_;
  bool high_contrast_ = false;
  bool idle_prompt_ = false;
  bool confirm_home_ = false;
  bool font_rebuild_ = true;
  // Frames still to draw after input, a screen change or a font rebuild
  // (ImGui settles hover/active state; the runner's screenshot and target
  // file wait for a settled screen).
  int settle_frames_ = 6;
  ImVec2 last_pointer_{-1, -1};
  bool last_down_ = false;
  Screen last_drawn_screen_ = Screen::kStart;

  // The screen shows the start-up progress (the category step before the
  // catalogue has arrived).
  bool ShowsProgress() const { return screen_ == Screen::kCategory && !service_ready(); }
  StartupProgress progress_;
  uint64_t progress_drawn_ = 0;              // the StartupProgress version last drawn
  std::atomic<bool> progress_shown_{false};  // ShowsProgress() of the last frame
  std::mutex service_mu_;
  std::shared_ptr<CaseService> service_;
  std::string service_error_;
  std::vector<ServiceCategory> catalogue_;
  std::vector<PlaceChoice> places_;
  std::vector<std::string> area_names_;  // CaseService::AreaNames()
  std::string place_level_;              // the place whose parts the place screen shows; "" = top

  Screen screen_ = Screen::kStart;
  Session session_;
  TextEntryState entry_;
  QrMatrix receipt_qr_;
  std::string receipt_qr_text_;  // what receipt_qr_ encodes
  std::string last_prompt_;
};

}  // namespace gridledger::kiosk
