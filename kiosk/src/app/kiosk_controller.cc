#include "app/kiosk_controller.h"

#include <algorithm>
#include <limits>

#include "app/case_number.h"
#include "app/phone_number.h"
#include "app/plain_words.h"
#include "app/secure_string.h"
#include "input/pinyin_ime.h"
#include "platform/speech.h"

namespace gridledger::kiosk {

KioskController::KioskController(const KioskOptions& options, const KioskDeps& deps,
                                 KioskView* view)
    : options_(options),
      deps_(deps),
      view_(view ? view : &no_view_),
      idle_(deps.clock, options.idle_seconds, options.countdown_seconds),
      places_(std::make_shared<PlaceTree>()),
      worker_(std::make_unique<CommandWorker>()) {}

KioskController::~KioskController() {
  worker_->WaitIdle();
  worker_.reset();
}

void KioskController::OpenService(ServiceOpener opener) {
  worker_->Post([this, opener = std::move(opener)]() -> std::function<void()> {
    auto r = opener();
    if (!r.ok()) {
      std::string err = r.status().ToString();
      return [this, err] {
        service_error_ = err;
        WillShow(err);
      };
    }
    std::shared_ptr<CaseService> svc = std::move(r).value();
    auto cats = svc->Catalogue();
    std::shared_ptr<const PlaceTree> places = std::make_shared<PlaceTree>(svc->Places());
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
      for (const auto& a : area_names_) WillShow(a);
      for (const auto& c : catalogue_) {
        WillShow(c.name_zh + c.name_en);
        for (const auto& p : c.phrases_zh) WillShow(p);
        for (const auto& p : c.phrases_en) WillShow(p);
      }
      for (const auto& p : places_->all()) WillShow(p.name);
    };
  });
}

void KioskController::ReportPreparing(uint32_t done, uint32_t total) {
  progress_.Report(done, total);
  // Only a screen that shows it is woken (the runner draws a frame for
  // every wake-up).
  if (progress_shown_.load()) worker_->Wake();
}

std::shared_ptr<CaseService> KioskController::service() {
  std::lock_guard lock(service_mu_);
  return service_;
}

bool KioskController::ApplyResults() { return worker_->RunCompletions() > 0; }

void KioskController::BeginFrame(bool pointer_down) {
  progress_drawn_ = progress_.Get().version;  // this frame shows the latest
  if (pointer_down) idle_.Touch();
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
}

void KioskController::EndFrame() { progress_shown_.store(ShowsProgress()); }

double KioskController::SecondsUntilChange() const {
  if (worker_->HasCompletions()) return 0;
  // News of the start-up progress, on the screen that shows it.
  if (ShowsProgress() && progress_.Get().version != progress_drawn_) return 0;
  if (screen_ == Screen::kSubmitting && session_.submitting) return 0;  // the progress ring
  if (pristine()) return std::numeric_limits<double>::infinity();       // never asks
  return idle_.SecondsUntilChange();
}

bool KioskController::pristine() const {
  return screen_ == Screen::kStart && session_.journey == Journey::kNone &&
         display_.lang == Lang::kZh && !display_.large_text && !display_.high_contrast &&
         !voice_on();
}

void KioskController::GoTo(Screen s) {
  screen_ = s;
  idle_.SetIdleSeconds(s == Screen::kReceipt
                           ? std::max(options_.receipt_idle_seconds, options_.idle_seconds)
                           : options_.idle_seconds);
  view_->ScreenChanged();
  if (s == Screen::kReview) session_.back_to_review = false;
  const ScreenInfo& info = InfoOf(s);
  if (info.heard_even_if_off) {
    if (deps_.speech) deps_.speech->Say(info.prompt(*this), zh(), true);
  } else {
    Speak(info.prompt(*this));
  }
}

void KioskController::Speak(const Text& t) { Speak(std::string(Words(t))); }

void KioskController::Speak(const std::string& words) {
  Wipe(last_prompt_);
  last_prompt_ = words;
  if (deps_.speech) deps_.speech->Say(words, zh());
}

bool KioskController::voice_on() const { return deps_.speech && deps_.speech->enabled(); }

void KioskController::ToggleVoice() {
  if (!deps_.speech) return;
  deps_.speech->SetEnabled(!deps_.speech->enabled());
  Speak(txt::kVoiceOn);
}

std::string KioskController::LookupErrorWords() const {
  using LE = Session::LookupError;
  const Session& s = session_;
  const Text& t = s.lookup_error == LE::kNotFound ? txt::kNotFound
                  : s.lookup_error == LE::kLocked
                      ? (s.locked_by_phone ? txt::kLockedPhone : txt::kLocked)
                  : s.lookup_error == LE::kFailed ? txt::kLookupFailed
                                                  : txt::kEnterCode;
  std::string words = Words(t);
  // The engine counts; before the last tries the resident is warned.
  if (s.lookup_error == LE::kNotFound && s.tries_left > 0 && s.tries_left <= 2)
    words += std::string(zh() ? "" : " ") + Words(txt::kTriesLeftBefore) +
             std::to_string(s.tries_left) + Words(txt::kTriesLeftAfter);
  return words;
}

std::string KioskController::StepTitle(Screen step) const {
  bool wish = session_.journey == Journey::kWish;
  int first = SkipsCategoryStep() ? 0 : 1;  // the category step's number
  int n = 0;
  const Text* what = nullptr;
  switch (step) {
    case Screen::kCategory:
      n = 1, what = wish ? &txt::kStepCategoryWish : &txt::kStepCategory;
      break;
    case Screen::kPlace:
      n = first + 1, what = wish ? &txt::kStepPlaceWish : &txt::kStepPlace;
      break;
    case Screen::kWhat:
      n = first + 2, what = wish ? &txt::kStepWhatWish : &txt::kStepWhat;
      break;
    case Screen::kPhone:
      n = first + 3, what = &txt::kStepPhone;
      break;
    case Screen::kName:
      n = first + 4, what = &txt::kStepName;
      break;
    default:
      return "";
  }
  return std::string(wish ? Words(txt::kWishJourney) : "") + Words(txt::kStepBefore) +
         std::to_string(n) + Words(txt::kStepAfter) + Words(*what);
}

void KioskController::ResetSession() { WipeSession(false); }

void KioskController::StartOver() { WipeSession(true); }

bool KioskController::HasUnsubmittedInput() const {
  const Session& s = session_;
  if (screen_ == Screen::kStart || screen_ == Screen::kReceipt || screen_ == Screen::kCaseView ||
      s.receipt)
    return false;
  return !s.category.empty() || s.place_unsure || !s.place_id.empty() || !s.phrases.empty() ||
         !s.free_text.empty() || !s.phone.empty() || !s.name.empty() || !s.lookup_case.empty() ||
         !s.lookup_phone.empty() || !s.lookup_code.empty();
}

void KioskController::WipeSession(bool keep_display) {
  session_.Reset();
  confirm_home_ = false;
  place_level_.clear();
  Wipe(last_prompt_);
  if (deps_.ime) deps_.ime->Reset();
  view_->SessionWiped();
  if (!keep_display) {
    if (deps_.speech) deps_.speech->ResetForNewUser();
    if (display_.lang != Lang::kZh) SetLang(Lang::kZh);
    if (display_.large_text) SetLargeText(false);
    if (display_.high_contrast) SetHighContrast(false);
  }
  idle_.Touch();
  idle_prompt_ = false;
  screen_ = Screen::kStart;
  idle_.SetIdleSeconds(options_.idle_seconds);
}

std::string KioskController::ReceiptQrText() const {
  if (!session_.receipt) return "";
  const FiledReceipt& r = *session_.receipt;
  if (!options_.receipt_link.empty()) {
    std::string link = options_.receipt_link;
    for (size_t at = link.find("{case}"); at != std::string::npos; at = link.find("{case}"))
      link.replace(at, 6, r.case_id);
    return link;
  }
  if (display_.lang == Lang::kEn)
    return "GridLedger case number: " + DisplayCaseNumber(r.case_id) +
           " query code: " + r.query_code;
  return "网格台账 事项编号:" + DisplayCaseNumber(r.case_id) + " 查询码:" + r.query_code;
}

void KioskController::SetLang(Lang lang) {
  display_.lang = lang;
  view_->DisplayChanged(DisplayChange::kLanguage);
}

void KioskController::SetLargeText(bool on) {
  display_.large_text = on;
  view_->DisplayChanged(DisplayChange::kTextSize);
}

void KioskController::SetHighContrast(bool on) {
  display_.high_contrast = on;
  view_->DisplayChanged(DisplayChange::kContrast);
}

std::vector<const ServiceCategory*> KioskController::JourneyCategories() const {
  std::vector<const ServiceCategory*> out;
  bool wish = session_.journey == Journey::kWish;
  for (const auto& c : catalogue_)
    if ((CategoryKindOf(c) == CategoryKind::kMicroWish) == wish) out.push_back(&c);
  return out;
}

const ServiceCategory* KioskController::CurrentCategory() const {
  return FindCategory(session_.category);
}

const ServiceCategory* KioskController::FindCategory(const std::string& code) const {
  const ServiceCategory* found = nullptr;
  for (const auto& c : catalogue_)
    if (c.code == code && !found) found = &c;
  return found;
}

bool KioskController::SkipsCategoryStep() const {
  return session_.journey == Journey::kWish && JourneyCategories().size() == 1;
}

void KioskController::StartJourney(Journey j) {
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

void KioskController::ChooseCategory(const ServiceCategory& category) {
  bool changed = session_.category != category.code;
  if (changed) session_.phrases.clear();
  session_.category = category.code;
  // Emergencies are not a ticket: first, call now. A new category from
  // review needs new words (its phrases differ); the same one goes
  // straight back.
  if (category.priority == Priority::kEmergency)
    GoTo(Screen::kEmergency);
  else if (session_.back_to_review)
    GoTo(changed ? Screen::kWhat : Screen::kReview);
  else
    GoTo(Screen::kPlace);
}

void KioskController::ChoosePlaceUnsure() {
  session_.place_unsure = true;
  session_.place_id.clear();
  session_.place_grid.clear();
  session_.place_name = Words(txt::kNotSure);
  GoTo(NextStep(Screen::kWhat));
}

void KioskController::ChoosePlace(const PlaceChoice& place) {
  session_.place_unsure = false;
  session_.place_id = place.place_id;
  session_.place_grid = place.grid_code;
  session_.place_name = place.name;
  place_level_.clear();
  GoTo(NextStep(Screen::kWhat));
}

void KioskController::OpenPlace(const PlaceChoice& place) {
  if (places_->HasParts(place.place_id))
    place_level_ = place.place_id;
  else
    ChoosePlace(place);
}

void KioskController::PlaceBack() {
  if (place_level()) {
    place_level_ = places_->LevelAbove(place_level_);
  } else if (SkipsCategoryStep()) {
    StartOver();
  } else {
    GoTo(Screen::kCategory);
  }
}

void KioskController::PhoneDone() {
  if (IsValidMobile(session_.phone)) {
    GoTo(NextStep(Screen::kName));
  } else {
    session_.phone_error = true;
    Speak(txt::kPhoneInvalid);  // errors are said, not only shown
  }
}

void KioskController::EditFromReview(Screen step) {
  session_.back_to_review = true;
  GoTo(step);
}

bool KioskController::AskToStartOver() {
  // Entered data is not thrown away on one tap: ask first.
  if (HasUnsubmittedInput()) {
    confirm_home_ = true;
    return false;
  }
  StartOver();
  return true;
}

void KioskController::KeepUsing() {
  idle_.Touch();
  idle_prompt_ = false;
}

void KioskController::Submit() {
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
      GoTo(Screen::kReceipt);
    };
  });
}

void KioskController::StartLookup() {
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

void KioskController::ApplyLookupResult(Result<std::vector<CaseView>> r) {
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
    WillShow(c.description);
    WillShow(c.assignee_name);
    for (const auto& t : c.timeline) WillShow(t.text_zh + t.text_en);
  }
  GoTo(Screen::kCaseView);
}

void KioskController::SendFeedback(uint8_t satisfaction, bool fixed) {
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
        WillShow(s.feedback_message);
        Speak(refused ? LanguagePart(s.feedback_message, display_.lang)
                      : std::string(Words(txt::kRateFailed)));
        return;
      }
      for (auto& c : s.found)
        if (c.case_id == id) c = r.value();
      for (const auto& t : r.value().timeline) WillShow(t.text_zh + t.text_en);
      s.feedback_result =
          fixed ? Session::FeedbackResult::kThanks : Session::FeedbackResult::kReopened;
    };
  });
}

}  // namespace gridledger::kiosk
