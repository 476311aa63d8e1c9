#include "kiosk_app.h"

#include <imgui.h>
#include <imgui_internal.h>

#include <algorithm>
#include <limits>

#include "app/case_number.h"
#include "app/phone_number.h"
#include "app/plain_words.h"
#include "app/secure_string.h"
#include "ui/imgui_privacy.h"

namespace gridledger::kiosk {

namespace {
// "246810" -> "2 4 6 8 1 0": a voice reads digits one by one, as on paper.
std::string SpokenDigits(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (!out.empty()) out += ' ';
    out += c;
  }
  return out;
}
}  // namespace

KioskApp::KioskApp(const KioskOptions& options, const KioskDeps& deps)
    : options_(options),
      deps_(deps),
      worker_(std::make_unique<CommandWorker>()),
      idle_(deps.clock, options.idle_seconds, options.countdown_seconds) {
  ui_.metrics.px_per_mm = options.px_per_mm;
  ui_.palette = NormalPalette();
  ui_.targets = &targets_;
}

KioskApp::~KioskApp() {
  worker_->WaitIdle();
  worker_.reset();
}

void KioskApp::OpenService(ServiceOpener opener) {
  worker_->Post([this, opener = std::move(opener)]() -> std::function<void()> {
    auto r = opener();
    if (!r.ok()) {
      std::string err = r.status().ToString();
      return [this, err] {
        service_error_ = err;
        fonts_.AddText(err);
      };
    }
    std::shared_ptr<CaseService> svc = std::move(r).value();
    auto cats = svc->Catalogue();
    auto places = svc->Places();
    auto area = svc->AreaNames();
    {
      std::lock_guard lock(service_mu_);
      service_ = svc;
    }
    return [this, cats = std::move(cats), places = std::move(places),
            area = std::move(area)]() mutable {
      catalogue_ = std::move(cats);
      places_ = std::move(places);
      area_names_ = std::move(area);
      for (const auto& a : area_names_) fonts_.AddText(a);
      for (const auto& c : catalogue_) {
        fonts_.AddText(c.name_zh + c.name_en);
        for (const auto& p : c.phrases_zh) fonts_.AddText(p);
        for (const auto& p : c.phrases_en) fonts_.AddText(p);
      }
      for (const auto& p : places_) fonts_.AddText(p.name);
    };
  });
}

void KioskApp::ReportPreparing(uint32_t done, uint32_t total) {
  progress_.Report(done, total);
  // Only a screen that shows it is woken (the runner draws a frame for
  // every wake-up).
  if (progress_shown_.load()) worker_->Wake();
}

std::shared_ptr<CaseService> KioskApp::service() {
  std::lock_guard lock(service_mu_);
  return service_;
}

bool KioskApp::PrepareFrame() {
  worker_->RunCompletions();
  return font_rebuild_ || fonts_.rebuild_needed();
}

void KioskApp::RebuildFonts() {
  ImGuiIO& io = ImGui::GetIO();
  fonts_.Build(io.Fonts, ui_.metrics);
  ui_.fonts = fonts_.fonts();
  io.FontDefault = ui_.fonts.body;
  ApplyStyle(ui_.palette, ui_.metrics.px_per_mm);
  font_rebuild_ = false;
  settle_frames_ = std::max(settle_frames_, kSettleFrames);
}

double KioskApp::SecondsUntilRedraw() const {
  if (settle_frames_ > 0 || font_rebuild_ || fonts_.rebuild_needed() || worker_->HasCompletions())
    return 0;
  // News of the start-up progress, on the screen that shows it.
  if (ShowsProgress() && progress_.Get().version != progress_drawn_) return 0;
  if (screen_ == Screen::kSubmitting && session_.submitting) return 0;  // the progress ring
  if (entry_.mode == EntryMode::kPinyin && deps_.ime && !deps_.ime->Ready())
    return 0.1;  // RIME deploys on its own thread: look again shortly
  if (pristine()) return std::numeric_limits<double>::infinity();  // never asks
  return idle_.SecondsUntilChange();
}

bool KioskApp::pristine() const {
  return screen_ == Screen::kStart && session_.journey == Journey::kNone && ui_.lang == Lang::kZh &&
         !ui_.metrics.large_text && !high_contrast_ && !(deps_.speech && deps_.speech->enabled());
}

Rect KioskApp::Content() const {
  float top = ui_.metrics.MinTarget() + 2 * ui_.metrics.Mm(3);
  float bottom = ui_.display.y - (ui_.metrics.PrimaryHeight() + 2 * ui_.metrics.Mm(4));
  return {ImVec2(ui_.metrics.Margin(), top + ui_.metrics.Mm(2)),
          ImVec2(ui_.display.x - ui_.metrics.Margin(), bottom - ui_.metrics.Mm(2))};
}

void KioskApp::GoTo(Screen s) {
  screen_ = s;
  idle_.SetIdleSeconds(s == Screen::kReceipt
                           ? std::max(options_.receipt_idle_seconds, options_.idle_seconds)
                           : options_.idle_seconds);
  if (ImGui::GetCurrentContext()) ImGui::ClearActiveID();
  switch (s) {
    case Screen::kStart:
      Speak(txt::kWelcome);
      break;
    case Screen::kCategory:
      Speak(StepTitle(s));
      break;
    case Screen::kPlace:
      Speak(StepTitle(s));
      break;
    case Screen::kWhat:
      Speak(StepTitle(s));
      break;
    case Screen::kPhone:
      Speak(StepTitle(s));
      break;
    case Screen::kName:
      Speak(StepTitle(s));
      break;
    case Screen::kReview:
      session_.back_to_review = false;
      Speak(txt::kStepReview);
      break;
    case Screen::kSubmitting:
      Speak(txt::kSubmitting);
      break;
    case Screen::kReceipt:
      if (session_.receipt) {  // the number and the code, digit by digit
        Speak(std::string(ui_.Words(txt::kReceiptTitle)) + " " + ui_.Words(txt::kCaseNumber) + " " +
              SpokenDigits(DisplayCaseNumber(session_.receipt->case_id)) + "，" +
              ui_.Words(txt::kQueryCode) + " " + SpokenDigits(session_.receipt->query_code));
      } else {
        Speak(txt::kReceiptTitle);
      }
      break;
    case Screen::kLookup:
      Speak(txt::kLookupTitle);
      break;
    case Screen::kCaseView:
      Speak(txt::kProgress);
      break;
    case Screen::kEmergency:
      // Heard even with voice off: a resident may not read the screen.
      if (deps_.speech) deps_.speech->Say(txt::kEmergencySpeech(ui_.lang), ui_.zh(), true);
      break;
  }
}

void KioskApp::Speak(const Text& t) { Speak(std::string(t(ui_.lang))); }

void KioskApp::Speak(const std::string& words) {
  Wipe(last_prompt_);
  last_prompt_ = words;
  if (deps_.speech) deps_.speech->Say(words, ui_.lang == Lang::kZh);
}

std::string KioskApp::LookupErrorWords() const {
  using LE = Session::LookupError;
  const Session& s = session_;
  const Text& t = s.lookup_error == LE::kNotFound ? txt::kNotFound
                  : s.lookup_error == LE::kLocked
                      ? (s.locked_by_phone ? txt::kLockedPhone : txt::kLocked)
                  : s.lookup_error == LE::kFailed ? txt::kLookupFailed
                                                  : txt::kEnterCode;
  std::string words = ui_.Words(t);
  // The engine counts; before the last tries the resident is warned.
  if (s.lookup_error == LE::kNotFound && s.tries_left > 0 && s.tries_left <= 2)
    words += std::string(ui_.zh() ? "" : " ") + ui_.Words(txt::kTriesLeftBefore) +
             std::to_string(s.tries_left) + ui_.Words(txt::kTriesLeftAfter);
  return words;
}

void KioskApp::ResetSession() { WipeSession(false); }

void KioskApp::StartOver() { WipeSession(true); }

bool KioskApp::HasUnsubmittedInput() const {
  const Session& s = session_;
  if (screen_ == Screen::kStart || screen_ == Screen::kReceipt || screen_ == Screen::kCaseView ||
      s.receipt)
    return false;
  return !s.category.empty() || s.place_unsure || !s.place_id.empty() || !s.phrases.empty() ||
         !s.free_text.empty() || !s.phone.empty() || !s.name.empty() || !s.lookup_case.empty() ||
         !s.lookup_phone.empty() || !s.lookup_code.empty();
}

void KioskApp::WipeSession(bool keep_display) {
  session_.Reset();
  confirm_home_ = false;
  place_level_.clear();
  entry_.Reset();
  receipt_qr_ = QrMatrix{};
  Wipe(receipt_qr_text_);
  Wipe(last_prompt_);
  if (deps_.ime) deps_.ime->Reset();
  ForgetImGuiTextState();
  if (!keep_display) {
    if (deps_.speech) deps_.speech->ResetForNewUser();
    if (ui_.lang != Lang::kZh) SetLang(Lang::kZh);
    if (ui_.metrics.large_text) SetLargeText(false);
    if (high_contrast_) SetHighContrast(false);
  }
  idle_.Touch();
  idle_prompt_ = false;
  screen_ = Screen::kStart;
  idle_.SetIdleSeconds(options_.idle_seconds);
}

std::string KioskApp::ReceiptQrText() const {
  if (!session_.receipt) return "";
  const FiledReceipt& r = *session_.receipt;
  if (!options_.receipt_link.empty()) {
    std::string link = options_.receipt_link;
    for (size_t at = link.find("{case}"); at != std::string::npos; at = link.find("{case}"))
      link.replace(at, 6, r.case_id);
    return link;
  }
  if (ui_.lang == Lang::kEn)
    return "GridLedger case number: " + DisplayCaseNumber(r.case_id) +
           " query code: " + r.query_code;
  return "网格台账 事项编号:" + DisplayCaseNumber(r.case_id) + " 查询码:" + r.query_code;
}

void KioskApp::SetLargeText(bool on) {
  ui_.metrics.large_text = on;
  font_rebuild_ = true;
}

void KioskApp::SetHighContrast(bool on) {
  high_contrast_ = on;
  ui_.palette = on ? HighContrastPalette() : NormalPalette();
  if (ImGui::GetCurrentContext()) ApplyStyle(ui_.palette, ui_.metrics.px_per_mm);
}

void KioskApp::SetLang(Lang lang) { ui_.lang = lang; }

std::vector<const ServiceCategory*> KioskApp::JourneyCategories() const {
  std::vector<const ServiceCategory*> out;
  bool wish = session_.journey == Journey::kWish;
  for (const auto& c : catalogue_)
    if ((CategoryKindOf(c) == CategoryKind::kMicroWish) == wish) out.push_back(&c);
  return out;
}

const ServiceCategory* KioskApp::CurrentCategory() const {
  for (const auto& c : catalogue_)
    if (c.code == session_.category) return &c;
  return nullptr;
}

void KioskApp::StartJourney(Journey j) {
  session_.journey = j;
  if (j == Journey::kLookup) {
    GoTo(Screen::kLookup);
    return;
  }
  auto cats = JourneyCategories();
  if (j == Journey::kWish && cats.size() == 1) {
    session_.category = cats[0]->code;
    GoTo(Screen::kPlace);
    return;
  }
  GoTo(Screen::kCategory);
}

void KioskApp::Submit() {
  const ServiceCategory* cat = CurrentCategory();
  if (!cat) return;
  FileCase req;
  req.category = cat->code;
  req.description = session_.Description(cat->phrases_zh);
  req.location.place_id = session_.place_id;
  req.location.grid_code = session_.place_grid;
  if (session_.place_unsure) req.location.address = "居民不确定具体位置";
  req.reporter_name = session_.name;
  req.reporter_phone = session_.phone;
  req.source = CaseSource::kKiosk;
  session_.submitting = true;
  session_.submit_failed = false;
  GoTo(Screen::kSubmitting);
  worker_->Post([this, req = std::move(req)]() mutable -> std::function<void()> {
    auto svc = service();
    Result<FiledReceipt> r = Status::Unavailable("not ready");
    if (svc) {
      if (req.location.grid_code.empty() && req.location.place_id.empty())
        req.location.grid_code = svc->DefaultGrid();
      r = svc->File(req);
    }
    Wipe(req.reporter_phone);
    Wipe(req.reporter_name);
    Wipe(req.description);
    return [this, r = std::move(r)]() mutable {
      if (!session_.submitting) return;  // the session was reset meanwhile
      session_.submitting = false;
      if (!r.ok()) {
        session_.submit_failed = true;
        session_.submit_error = r.status().ToString();
        Speak(txt::kSubmitFailed);
        return;
      }
      session_.receipt = std::move(r).value();
      receipt_qr_text_.clear();  // encoded when the receipt is drawn
      GoTo(Screen::kReceipt);
    };
  });
}

void KioskApp::StartLookup() {
  Session& s = session_;
  bool complete = s.lookup_code.size() == 6 &&
                  (s.lookup_by_phone ? IsValidMobile(s.lookup_phone) : !s.lookup_case.empty());
  if (!complete) {
    s.lookup_error = Session::LookupError::kIncomplete;
    return;
  }
  s.looking_up = true;
  s.lookup_error = Session::LookupError::kNone;
  bool by_phone = s.lookup_by_phone;
  std::string key = by_phone ? s.lookup_phone : CaseIdFromDisplay(s.lookup_case);
  std::string code = s.lookup_code;
  worker_->Post([this, by_phone, key, code]() mutable -> std::function<void()> {
    auto svc = service();
    Result<std::vector<CaseView>> r = Status::Unavailable("not ready");
    int tries_left = -1;
    if (svc) {
      if (by_phone) {
        r = svc->LookupByPhone(key, code);
      } else {
        auto one = svc->Lookup(key, code);
        if (one.ok())
          r = std::vector<CaseView>{std::move(one).value()};
        else
          r = one.status();
      }
      // The engine keeps the count; the kiosk only words it.
      if (!r.ok() && r.status().code() == StatusCode::kNotFound) {
        auto tries = svc->Tries(by_phone, key);
        if (tries.ok()) tries_left = static_cast<int>(tries->remaining);
      }
    }
    Wipe(key);
    Wipe(code);
    return [this, by_phone, tries_left, r = std::move(r)]() mutable {
      session_.tries_left = tries_left;
      session_.locked_by_phone = by_phone;
      ApplyLookupResult(std::move(r));
    };
  });
}

void KioskApp::ApplyLookupResult(Result<std::vector<CaseView>> r) {
  Session& s = session_;
  if (!s.looking_up) return;  // reset meanwhile
  s.looking_up = false;
  if (!r.ok()) {
    StatusCode code = r.status().code();
    s.lookup_error = code == StatusCode::kNotFound            ? Session::LookupError::kNotFound
                     : code == StatusCode::kResourceExhausted ? Session::LookupError::kLocked
                                                              : Session::LookupError::kFailed;
    if (s.lookup_error == Session::LookupError::kLocked) s.tries_left = 0;
    s.lookup_message = r.status().ToString();
    Wipe(s.lookup_code);
    Speak(LookupErrorWords());
    return;
  }
  s.tries_left = -1;
  s.found = std::move(r).value();
  if (s.found.empty()) {
    s.lookup_error = Session::LookupError::kNotFound;
    Wipe(s.lookup_code);
    return;
  }
  s.found_code = s.lookup_code;
  s.found_by_phone = s.lookup_by_phone;
  Wipe(s.found_phone);
  if (s.found_by_phone) s.found_phone = s.lookup_phone;
  Wipe(s.lookup_code);  // a new search asks for the code again
  s.shown_case = 0;
  s.feedback_result = Session::FeedbackResult::kNone;
  for (const auto& c : s.found) {
    fonts_.AddText(c.description);
    fonts_.AddText(c.assignee_name);
    for (const auto& t : c.timeline) fonts_.AddText(t.text_zh + t.text_en);
  }
  GoTo(Screen::kCaseView);
}

void KioskApp::SendFeedback(uint8_t satisfaction, bool fixed) {
  Session& s = session_;
  if (s.found.empty() || s.sending_feedback) return;
  s.sending_feedback = true;
  std::string id = s.found[s.shown_case].case_id;
  std::string code = s.found_code;
  // A phone lookup proved the phone and one code: every case it showed is
  // rated with that proof (the engine checks the case is the phone's).
  std::string phone = s.found_by_phone ? s.found_phone : std::string();
  worker_->Post([this, id, code, phone, satisfaction, fixed]() mutable -> std::function<void()> {
    auto svc = service();
    Result<CaseView> r = Status::Unavailable("not ready");
    if (svc)
      r = phone.empty() ? svc->Feedback(id, code, satisfaction, fixed)
                        : svc->FeedbackByPhone(phone, code, id, satisfaction, fixed);
    Wipe(code);
    Wipe(phone);
    return [this, id, fixed, r = std::move(r)]() mutable {
      Session& s = session_;
      if (!s.sending_feedback) return;
      s.sending_feedback = false;
      if (!r.ok()) {
        bool refused = r.status().code() == StatusCode::kRejected ||
                       r.status().code() == StatusCode::kInvalidArgument;
        s.feedback_result =
            refused ? Session::FeedbackResult::kRefused : Session::FeedbackResult::kFailed;
        s.feedback_message = r.status().message();
        fonts_.AddText(s.feedback_message);
        Speak(refused ? LanguagePart(s.feedback_message, ui_.lang)
                      : std::string(ui_.Words(txt::kRateFailed)));
        return;
      }
      for (auto& c : s.found)
        if (c.case_id == id) c = r.value();
      for (const auto& t : r.value().timeline) fonts_.AddText(t.text_zh + t.text_en);
      s.feedback_result =
          fixed ? Session::FeedbackResult::kThanks : Session::FeedbackResult::kReopened;
    };
  });
}

void KioskApp::Draw() {
  ImGuiIO& io = ImGui::GetIO();
  ui_.display = io.DisplaySize;
  targets_.BeginFrame();
  progress_drawn_ = progress_.Get().version;  // this frame shows the latest
  if (io.MouseDown[0]) idle_.Touch();
  // Input this frame (the pointer moved, pressed or released): keep drawing
  // a few frames so that ImGui's press/release and the screen settle.
  bool input = io.MousePos.x != last_pointer_.x || io.MousePos.y != last_pointer_.y ||
               io.MouseDown[0] != last_down_ || io.InputQueueCharacters.Size > 0;
  last_pointer_ = io.MousePos;
  last_down_ = io.MouseDown[0];
  if (input || screen_ != last_drawn_screen_)
    settle_frames_ = kSettleFrames;
  else if (settle_frames_ > 0)
    --settle_frames_;
  last_drawn_screen_ = screen_;
  bool pristine = this->pristine();
  IdleTimer::Phase phase = idle_.Poll();
  if (phase == IdleTimer::Phase::kExpired && !pristine) {
    ResetSession();
    phase = IdleTimer::Phase::kActive;
  }
  if (pristine) idle_.Touch();
  bool asking = phase == IdleTimer::Phase::kAsking && !pristine;
  if (asking && !idle_prompt_) Speak(txt::kStillThere);
  idle_prompt_ = asking;

  ImGui::SetNextWindowPos(ImVec2(0, 0));
  ImGui::SetNextWindowSize(io.DisplaySize);
  ImGui::Begin("##kiosk", nullptr,
               ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                   ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoBringToFrontOnFocus |
                   ImGuiWindowFlags_NoScrollWithMouse);
  ImGui::GetWindowDrawList()->AddRectFilled(ImVec2(0, 0), io.DisplaySize, ui_.palette.background);
  if (screen_ != Screen::kEmergency) DrawTopBar();  // the emergency screen is all there is
  switch (screen_) {
    case Screen::kStart:
      DrawStart();
      break;
    case Screen::kCategory:
      DrawCategory();
      break;
    case Screen::kPlace:
      DrawPlace();
      break;
    case Screen::kWhat:
      DrawWhat();
      break;
    case Screen::kPhone:
      DrawPhone();
      break;
    case Screen::kName:
      DrawName();
      break;
    case Screen::kReview:
      DrawReview();
      break;
    case Screen::kSubmitting:
      DrawSubmitting();
      break;
    case Screen::kReceipt:
      DrawReceipt();
      break;
    case Screen::kLookup:
      DrawLookup();
      break;
    case Screen::kCaseView:
      DrawCaseView();
      break;
    case Screen::kEmergency:
      DrawEmergency();
      break;
  }
  ImGui::End();
  progress_shown_.store(ShowsProgress());
  if (confirm_home_ && !idle_prompt_) DrawHomeConfirm();
  if (idle_prompt_) DrawIdlePrompt();
  if (screen_ != last_drawn_screen_) settle_frames_ = kSettleFrames;  // changed while drawing
}

}  // namespace gridledger::kiosk
