// Step 3: what. Preset phrases for the category (tap to toggle, several
// allowed) and optional free text by pinyin or handwriting.
#include <algorithm>

#include "app/kiosk_controller.h"
#include "ui/screens/chrome.h"
#include "ui/screens/screen_ui.h"
#include "ui/screens/screens.h"
#include "ui/widgets.h"

namespace gridledger::kiosk {

void DrawWhat(ScreenUi& screen, KioskController& k) {
  Ui& ui = screen.ui;
  Session& session = k.session();
  const Metrics& m = ui.metrics;
  Rect c = ContentArea(ui);
  float y = DrawTitle(ui, k.StepTitle(Screen::kWhat));
  const ServiceCategory* cat = k.CurrentCategory();
  float gap = m.Gap();
  float left_w = c.W() * 0.32f;
  DrawText(ui, ui.fonts.body, ImVec2(c.min.x, y), ui.palette.muted, ui.Words(txt::kTapPhrases),
           left_w);
  float py = y + ui.fonts.body->FontSize * 1.5f;
  if (cat) {
    const auto& zh = cat->phrases_zh;
    float ph = std::max(m.MinTarget() + m.Mm(2),
                        (c.max.y - py - (zh.size() - 1) * gap) / std::max<size_t>(zh.size(), 1));
    ph = std::min(ph, m.Mm(34));
    for (size_t i = 0; i < zh.size(); ++i) {
      ButtonOptions o;
      int idx = static_cast<int>(i);
      auto it = std::find(session.phrases.begin(), session.phrases.end(), idx);
      o.selected = it != session.phrases.end();
      o.align_left = true;
      const std::string label =
          Pick(ui.lang, zh[i], i < cat->phrases_en.size() ? cat->phrases_en[i] : std::string());
      if (Button(ui, ("phrase/" + std::to_string(i)).c_str(), label,
                 Rect::XYWH(c.min.x, py + i * (ph + gap), left_w, ph), o)) {
        if (o.selected)
          session.phrases.erase(it);
        else
          session.phrases.push_back(idx);
      }
    }
  }
  float rx = c.min.x + left_w + m.Mm(8);
  Rect right{ImVec2(rx, y), c.max};
  DrawText(ui, ui.fonts.body, right.min, ui.palette.muted, ui.Words(txt::kMoreWords));
  float box_y = y + ui.fonts.body->FontSize * 1.5f;
  float box_h = ui.fonts.body->FontSize * 2.6f;
  Rect box = Rect::XYWH(rx, box_y, right.W(), box_h);
  Rect pad{ImVec2(rx, box_y + box_h + gap), c.max};
  DrawTextEntry(ui, "what", box, pad, session.free_text, 120, screen.entry, screen.text_entry);

  bool has_content = !session.phrases.empty() || !session.free_text.empty();
  bool composing = screen.text_entry.ime && screen.entry.mode == EntryMode::kPinyin &&
                   screen.text_entry.ime->Composing();
  int nav = DrawNavBar(ui, true, ui.Words(txt::kNext), has_content && !composing,
                       ui.Words(composing ? txt::kPickFirst : txt::kNeedWhat));
  if (nav < 0) k.GoTo(Screen::kPlace);
  if (nav > 0) {
    screen.entry.mode = EntryMode::kNone;
    k.GoTo(k.NextStep(Screen::kPhone));
  }
}

}  // namespace gridledger::kiosk
