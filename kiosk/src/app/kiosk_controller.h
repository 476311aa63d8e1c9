// KioskController: one resident's visit, without any drawing. It holds the
// journey (the screen, the session, the display settings), runs the engine
// calls on its CommandWorker and applies their results, words and speaks
// the prompts, and resets the session when the resident has gone. The
// screens (ui/screens/) show it and call its actions; KioskApp joins the
// two and owns the ImGui side (fonts, touch targets, settling input).
//
// Threading: every method is for the UI thread but ReportPreparing().
// Engine calls run on the worker; their results are applied in
// ApplyResults().
//
// Privacy: ResetSession() (the idle countdown running out) wipes the
// session, the input method's state including RIME's learned words, what
// the UI keeps of it (KioskView::SessionWiped) and returns language, size,
// contrast and voice to the defaults. StartOver() (done, start over, back
// from the first step) wipes the same but keeps the display settings: the
// same resident is still there; the idle reset returns them to the
// defaults for the next one.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "app/case_service.h"
#include "app/command_worker.h"
#include "app/idle_timer.h"
#include "app/kiosk_clock.h"
#include "app/kiosk_view.h"
#include "app/place_tree.h"
#include "app/screen.h"
#include "app/session.h"
#include "app/startup_progress.h"
#include "app/text.h"

namespace gridledger::kiosk {

class HandwritingRecognizer;
class PinyinIme;
class Speech;

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

// The resident's display settings (the top bar's toggles).
struct DisplaySettings {
  Lang lang = Lang::kZh;
  bool large_text = false;
  bool high_contrast = false;
};

class KioskController {
 public:
  using ServiceOpener = std::function<Result<std::shared_ptr<CaseService>>()>;

  // `view` may be null (no UI); it must outlive the controller.
  KioskController(const KioskOptions& options, const KioskDeps& deps, KioskView* view = nullptr);
  ~KioskController();  // finishes queued engine work first
  KioskController(const KioskController&) = delete;
  KioskController& operator=(const KioskController&) = delete;

  // ---- the service ----
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
  const std::vector<ServiceCategory>& catalogue() const { return catalogue_; }
  // Built once, when the service opens.
  const PlaceTree& places() const { return *places_; }
  const std::vector<std::string>& area_names() const { return area_names_; }  // top to bottom
  CommandWorker& worker() { return *worker_; }
  const KioskClock& clock() const { return *deps_.clock; }
  const KioskDeps& deps() const { return deps_; }

  // ---- the frame ----
  // Applies finished engine work; true when some was applied.
  bool ApplyResults();
  // Before drawing: the start-up progress is being shown as it is now, the
  // pointer is down (a touch) or not; the idle timer is polled (it may
  // reset the session or start asking "还在使用吗?").
  void BeginFrame(bool pointer_down);
  // After drawing: whether the screen drawn shows the start-up progress.
  void EndFrame();
  // How long until the journey needs a frame by itself: 0 = now (engine
  // results wait, news of the start-up progress on the screen that shows
  // it, the submitting ring), infinity = never (the untouched start
  // screen), else when the idle timer shows something new.
  double SecondsUntilChange() const;

  // ---- state ----
  Screen screen() const { return screen_; }
  void GoTo(Screen s);
  void ResetSession();
  void StartOver();
  Session& session() { return session_; }
  const Session& session() const { return session_; }
  const DisplaySettings& display() const { return display_; }
  Lang lang() const { return display_.lang; }
  bool zh() const { return display_.lang == Lang::kZh; }
  // `t` in the resident's language.
  const char* Words(const Text& t) const { return t(display_.lang); }
  void SetLang(Lang lang);
  void SetLargeText(bool on);
  void SetHighContrast(bool on);
  bool has_voice() const { return deps_.speech != nullptr; }
  bool voice_on() const;
  void ToggleVoice();
  // A start-over confirmation is showing ("放弃已填写的内容吗？").
  bool confirm_home_visible() const { return confirm_home_; }
  bool idle_prompt_visible() const { return idle_prompt_; }
  int idle_seconds_left() const { return idle_.SecondsLeft(); }
  // The last voice prompt asked for (spoken if voice is on; tests read it).
  // Wiped with the session.
  const std::string& last_prompt() const { return last_prompt_; }
  // What the receipt's QR code holds now (empty without a receipt).
  std::string ReceiptQrText() const;
  // Fills the session with plausible data so that every screen can be
  // shown on its own (--screen NAME for screenshots and size tests).
  void FillSampleSession();

  // ---- words ----
  // A filing step's title: "第2步：在哪里？", numbered for this journey (a
  // micro-wish with one category starts at the place) and, for a
  // micro-wish, saying so ("许微心愿 · 第1步：您在哪里？"). "" for others.
  std::string StepTitle(Screen step) const;
  // A failed lookup in words: what is wrong, what is locked, tries left.
  std::string LookupErrorWords() const;

  // ---- the journey ----
  // The categories of this journey (requests or micro-wishes).
  std::vector<const ServiceCategory*> JourneyCategories() const;
  const ServiceCategory* CurrentCategory() const;
  const ServiceCategory* FindCategory(const std::string& code) const;
  // A micro-wish with one category has no category step.
  bool SkipsCategoryStep() const;
  // The step after the current one: `next`, or review when review's 修改
  // opened this step.
  Screen NextStep(Screen next) const { return session_.back_to_review ? Screen::kReview : next; }
  // The place whose parts the place step shows; nullptr = the top level.
  const PlaceChoice* place_level() const { return places_->Find(place_level_); }

  // ---- actions (the screens' buttons) ----
  void StartJourney(Journey j);
  // Emergencies go to "call now" first; from review, a new category asks
  // for new words and the same one goes straight back.
  void ChooseCategory(const ServiceCategory& category);
  void ChoosePlaceUnsure();
  void ChoosePlace(const PlaceChoice& place);
  // A place with parts (a compound's buildings, a building's units) shows
  // them; one without is chosen.
  void OpenPlace(const PlaceChoice& place);
  // The place step's back: up one level, else to the step before.
  void PlaceBack();
  // The phone step's next: on to the name, or the error said and shown.
  void PhoneDone();
  // Review's 修改 for one step.
  void EditFromReview(Screen step);
  void Submit();
  void StartLookup();
  void SendFeedback(uint8_t satisfaction, bool fixed);
  // 回首页: starts over at once (returns true) when nothing entered would
  // be lost, else asks first.
  bool AskToStartOver();
  void KeepFilling() { confirm_home_ = false; }
  // "继续使用" on the idle question.
  void KeepUsing();

 private:
  // Something typed or chosen that has not been submitted yet.
  bool HasUnsubmittedInput() const;
  // Wipes the session and every input trace; `keep_display` keeps language,
  // text size, contrast and voice.
  void WipeSession(bool keep_display);
  void ApplyLookupResult(Result<std::vector<CaseView>> r);
  void Speak(const Text& t);
  void Speak(const std::string& words);
  void WillShow(std::string_view text) { view_->WillShow(text); }
  std::shared_ptr<CaseService> service();
  // The screen shows the start-up progress (the category step before the
  // catalogue has arrived).
  bool ShowsProgress() const { return screen_ == Screen::kCategory && !service_ready(); }
  // The untouched start screen: nothing to reset, so the idle timer waits.
  bool pristine() const;

  KioskOptions options_;
  KioskDeps deps_;
  KioskView no_view_;
  KioskView* view_;
  IdleTimer idle_;
  DisplaySettings display_;
  bool idle_prompt_ = false;
  bool confirm_home_ = false;

  StartupProgress progress_;
  uint64_t progress_drawn_ = 0;              // the StartupProgress version last drawn
  std::atomic<bool> progress_shown_{false};  // ShowsProgress() of the last frame
  std::mutex service_mu_;
  std::shared_ptr<CaseService> service_;
  std::string service_error_;
  std::vector<ServiceCategory> catalogue_;
  std::shared_ptr<const PlaceTree> places_;
  std::vector<std::string> area_names_;  // CaseService::AreaNames()
  std::string place_level_;              // the place whose parts the place step shows; "" = top

  Screen screen_ = Screen::kStart;
  Session session_;
  std::string last_prompt_;
  // Last: destroyed first, so that no engine work outlives what it uses.
  std::unique_ptr<CommandWorker> worker_;
};

}  // namespace gridledger::kiosk
