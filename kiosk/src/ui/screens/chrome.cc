// The frame around every screen: the top bar (title, language, large text,
// contrast, voice, start over), screen titles and the bottom nav bar.
#include "ui/screens/chrome.h"

#include <algorithm>

#include "app/kiosk_controller.h"
#include "ui/screens/screen_ui.h"
#include "ui/widgets.h"

namespace gridledger::kiosk {

void DrawTopBar(ScreenUi& screen, KioskController& k) {
  Ui& ui = screen.ui;
  const Metrics& m = ui.metrics;
  float h = m.MinTarget() + 2 * m.Mm(3);
  ImDrawList* dl = ImGui::GetWindowDrawList();
  dl->AddRectFilled(ImVec2(0, 0), ImVec2(ui.display.x, h), ui.palette.panel);
  dl->AddLine(ImVec2(0, h), ImVec2(ui.display.x, h), ui.palette.border, m.Mm(0.5f));
  float y = m.Mm(3);
  float bh = m.MinTarget();
  DrawText(ui, ui.fonts.body, ImVec2(m.Margin(), y + (bh - ui.fonts.body->FontSize) / 2),
           ui.palette.text, ui.Words(txt::kAppTitle));

  // Right to left: start over, voice, contrast, large text, languages. The
  // start-over slot is kept empty on the start screen (nothing to start
  // over), so that every button stays in the same place on every screen.
  float x = ui.display.x - m.Margin();
  // Wide enough for the label and the tick of a selected toggle.
  auto fit = [&](const char* label, float min_mm) {
    return std::max(m.Mm(min_mm), ButtonWidthFor(ui, ui.fonts.body, label, true));
  };
  auto place = [&](float w) {
    x -= w;
    Rect r = Rect::XYWH(x, y, w, bh);
    x -= m.Gap();
    return r;
  };
  Rect home_slot = place(fit(ui.Words(txt::kHome), 44));
  if (k.screen() != Screen::kStart) {
    ButtonOptions o;
    o.kind = ButtonKind::kNormal;
    if (Button(ui, "top/home", ui.Words(txt::kHome), home_slot, o)) {
      // Entered data is not thrown away on one tap: it asks first.
      if (k.AskToStartOver()) return;
    }
  }
  bool voice = k.voice_on();
  if (k.has_voice()) {
    ButtonOptions o;
    o.selected = voice;
    if (Button(ui, "top/voice", ui.Words(voice ? txt::kVoiceOn : txt::kVoiceOff),
               place(fit(ui.Words(txt::kVoiceOff), 48)), o)) {
      k.ToggleVoice();
    }
  }
  {
    ButtonOptions o;
    o.selected = k.display().high_contrast;
    if (Button(ui, "top/contrast", ui.Words(txt::kContrast),
               place(fit(ui.Words(txt::kContrast), 44)), o))
      k.SetHighContrast(!k.display().high_contrast);
  }
  {
    ButtonOptions o;
    o.selected = k.display().large_text;
    if (Button(ui, "top/large", ui.Words(txt::kLargeText),
               place(fit(ui.Words(txt::kLargeText), 44)), o))
      k.SetLargeText(!k.display().large_text);
  }
  {
    ButtonOptions o;
    o.selected = ui.lang == Lang::kEn;
    if (Button(ui, "top/lang/en", txt::kEnglish.en, place(fit(txt::kEnglish.en, 44)), o))
      k.SetLang(Lang::kEn);
    o.selected = ui.lang == Lang::kZh;
    if (Button(ui, "top/lang/zh", txt::kChinese.zh, place(fit(txt::kChinese.zh, 44)), o))
      k.SetLang(Lang::kZh);
  }
}

Rect ContentArea(const Ui& ui) {
  const Metrics& m = ui.metrics;
  float top = m.MinTarget() + 2 * m.Mm(3);
  float bottom = ui.display.y - (m.PrimaryHeight() + 2 * m.Mm(4));
  return {ImVec2(m.Margin(), top + m.Mm(2)), ImVec2(ui.display.x - m.Margin(), bottom - m.Mm(2))};
}

float DrawTitle(Ui& ui, const Text& title) { return DrawTitle(ui, std::string(ui.Words(title))); }

float DrawTitle(Ui& ui, const std::string& title) {
  Rect c = ContentArea(ui);
  float h = DrawText(ui, ui.fonts.heading, c.min, ui.palette.text, title, c.W());
  return c.min.y + h + ui.metrics.Gap();
}

int DrawNavBar(Ui& ui, bool show_back, const char* next_label, bool next_enabled,
               const char* hint) {
  const Metrics& m = ui.metrics;
  float h = m.PrimaryHeight() + 2 * m.Mm(4);
  float top = ui.display.y - h;
  ImDrawList* dl = ImGui::GetWindowDrawList();
  dl->AddRectFilled(ImVec2(0, top), ui.display, ui.palette.panel);
  dl->AddLine(ImVec2(0, top), ImVec2(ui.display.x, top), ui.palette.border, m.Mm(0.5f));
  int result = 0;
  float bw = m.Mm(110);
  float y = top + m.Mm(4);
  if (show_back && Button(ui, "nav/back", ui.Words(txt::kBack),
                          Rect::XYWH(m.Margin(), y, bw, m.PrimaryHeight())))
    result = -1;
  if (next_label) {
    ButtonOptions o;
    o.kind = ButtonKind::kPrimary;
    o.enabled = next_enabled;
    o.font = ui.fonts.heading;
    Rect next = Rect::XYWH(ui.display.x - m.Margin() - bw, y, bw, m.PrimaryHeight());
    if (Button(ui, "nav/next", next_label, next, o)) result = 1;
    if (!next_enabled && hint) {  // why it cannot be tapped yet, in words
      float hx = m.Margin() + (show_back ? bw + m.Gap() * 2 : 0);
      float hw = next.min.x - m.Gap() * 2 - hx;
      ImVec2 hs = MeasureText(ui.fonts.body, hint, hw);
      DrawText(ui, ui.fonts.body, ImVec2(hx, y + (m.PrimaryHeight() - hs.y) / 2), ui.palette.text,
               hint, hw);
    }
  }
  return result;
}

}  // namespace gridledger::kiosk
