// The frame around every screen: the top bar (title, language, large text,
// contrast, voice, start over), screen titles and the bottom nav bar.
#include <algorithm>

#include "kiosk_app.h"
#include "ui/widgets.h"

namespace gridledger::kiosk {

void KioskApp::DrawTopBar() {
  const Metrics& m = ui_.metrics;
  float h = m.MinTarget() + 2 * m.Mm(3);
  ImDrawList* dl = ImGui::GetWindowDrawList();
  dl->AddRectFilled(ImVec2(0, 0), ImVec2(ui_.display.x, h), ui_.palette.panel);
  dl->AddLine(ImVec2(0, h), ImVec2(ui_.display.x, h), ui_.palette.border, m.Mm(0.5f));
  float y = m.Mm(3);
  float bh = m.MinTarget();
  DrawText(ui_, ui_.fonts.body, ImVec2(m.Margin(), y + (bh - ui_.fonts.body->FontSize) / 2),
           ui_.palette.text, ui_.Words(txt::kAppTitle));

  // Right to left: start over, voice, contrast, large text, languages. The
  // start-over slot is kept empty on the start screen (nothing to start
  // over), so that every button stays in the same place on every screen.
  float x = ui_.display.x - m.Margin();
  // Wide enough for the label and the tick of a selected toggle.
  auto fit = [&](const char* label, float min_mm) {
    return std::max(m.Mm(min_mm), ButtonWidthFor(ui_, ui_.fonts.body, label, true));
  };
  auto place = [&](float w) {
    x -= w;
    Rect r = Rect::XYWH(x, y, w, bh);
    x -= m.Gap();
    return r;
  };
  Rect home_slot = place(fit(ui_.Words(txt::kHome), 44));
  if (screen_ != Screen::kStart) {
    ButtonOptions o;
    o.kind = ButtonKind::kNormal;
    if (Button(ui_, "top/home", ui_.Words(txt::kHome), home_slot, o)) {
      // Entered data is not thrown away on one tap: ask first.
      if (HasUnsubmittedInput()) {
        confirm_home_ = true;
      } else {
        StartOver();
        return;
      }
    }
  }
  bool voice = deps_.speech && deps_.speech->enabled();
  if (deps_.speech) {
    ButtonOptions o;
    o.selected = voice;
    if (Button(ui_, "top/voice", ui_.Words(voice ? txt::kVoiceOn : txt::kVoiceOff),
               place(fit(ui_.Words(txt::kVoiceOff), 48)), o)) {
      deps_.speech->SetEnabled(!voice);
      Speak(txt::kVoiceOn);
    }
  }
  {
    ButtonOptions o;
    o.selected = high_contrast_;
    if (Button(ui_, "top/contrast", ui_.Words(txt::kContrast),
               place(fit(ui_.Words(txt::kContrast), 44)), o))
      SetHighContrast(!high_contrast_);
  }
  {
    ButtonOptions o;
    o.selected = ui_.metrics.large_text;
    if (Button(ui_, "top/large", ui_.Words(txt::kLargeText),
               place(fit(ui_.Words(txt::kLargeText), 44)), o))
      SetLargeText(!ui_.metrics.large_text);
  }
  {
    ButtonOptions o;
    o.selected = ui_.lang == Lang::kEn;
    if (Button(ui_, "top/lang/en", txt::kEnglish.en, place(fit(txt::kEnglish.en, 44)), o))
      SetLang(Lang::kEn);
    o.selected = ui_.lang == Lang::kZh;
    if (Button(ui_, "top/lang/zh", txt::kChinese.zh, place(fit(txt::kChinese.zh, 44)), o))
      SetLang(Lang::kZh);
  }
}

float KioskApp::DrawTitle(const Text& title) { return DrawTitle(std::string(ui_.Words(title))); }

float KioskApp::DrawTitle(const std::string& title) {
  Rect c = Content();
  float h = DrawText(ui_, ui_.fonts.heading, c.min, ui_.palette.text, title, c.W());
  return c.min.y + h + ui_.metrics.Gap();
}

std::string KioskApp::StepTitle(Screen step) const {
  bool wish = session_.journey == Journey::kWish;
  bool no_category_step = wish && JourneyCategories().size() == 1;
  int first = no_category_step ? 0 : 1;  // the category step's number
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
  return std::string(wish ? ui_.Words(txt::kWishJourney) : "") + ui_.Words(txt::kStepBefore) +
         std::to_string(n) + ui_.Words(txt::kStepAfter) + ui_.Words(*what);
}

int KioskApp::DrawNavBar(bool show_back, const char* next_label, bool next_enabled,
                         const char* hint) {
  const Metrics& m = ui_.metrics;
  float h = m.PrimaryHeight() + 2 * m.Mm(4);
  float top = ui_.display.y - h;
  ImDrawList* dl = ImGui::GetWindowDrawList();
  dl->AddRectFilled(ImVec2(0, top), ui_.display, ui_.palette.panel);
  dl->AddLine(ImVec2(0, top), ImVec2(ui_.display.x, top), ui_.palette.border, m.Mm(0.5f));
  int result = 0;
  float bw = m.Mm(110);
  float y = top + m.Mm(4);
  if (show_back && Button(ui_, "nav/back", ui_.Words(txt::kBack),
                          Rect::XYWH(m.Margin(), y, bw, m.PrimaryHeight())))
    result = -1;
  if (next_label) {
    ButtonOptions o;
    o.kind = ButtonKind::kPrimary;
    o.enabled = next_enabled;
    o.font = ui_.fonts.heading;
    Rect next = Rect::XYWH(ui_.display.x - m.Margin() - bw, y, bw, m.PrimaryHeight());
    if (Button(ui_, "nav/next", next_label, next, o)) result = 1;
    if (!next_enabled && hint) {  // why it cannot be tapped yet, in words
      float hx = m.Margin() + (show_back ? bw + m.Gap() * 2 : 0);
      float hw = next.min.x - m.Gap() * 2 - hx;
      ImVec2 hs = MeasureText(ui_.fonts.body, hint, hw);
      DrawText(ui_, ui_.fonts.body, ImVec2(hx, y + (m.PrimaryHeight() - hs.y) / 2),
               ui_.palette.text, hint, hw);
    }
  }
  return result;
}

}  // namespace gridledger::kiosk
