// Step 3: what. Preset phrases for the category (tap to toggle, several
// allowed) and optional free text by pinyin or handwriting.
#include <algorithm>

#include "kiosk_app.h"

namespace gridledger::kiosk {

void KioskApp::DrawWhat() {
  const Metrics& m = ui_.metrics;
  Rect c = Content();
  float y = DrawTitle(StepTitle(Screen::kWhat));
  const ServiceCategory* cat = CurrentCategory();
  float gap = m.Gap();
  float left_w = c.W() * 0.32f;
  DrawText(ui_, ui_.fonts.body, ImVec2(c.min.x, y), ui_.palette.muted, ui_.Words(txt::kTapPhrases),
           left_w);
  float py = y + ui_.fonts.body->FontSize * 1.5f;
  if (cat) {
    const auto& zh = cat->phrases_zh;
    float ph = std::max(m.MinTarget() + m.Mm(2),
                        (c.max.y - py - (zh.size() - 1) * gap) / std::max<size_t>(zh.size(), 1));
    ph = std::min(ph, m.Mm(34));
    for (size_t i = 0; i < zh.size(); ++i) {
      ButtonOptions o;
      int idx = static_cast<int>(i);
      auto it = std::find(session_.phrases.begin(), session_.phrases.end(), idx);
      o.selected = it != session_.phrases.end();
      o.align_left = true;
      const std::string label =
          Pick(ui_.lang, zh[i], i < cat->phrases_en.size() ? cat->phrases_en[i] : std::string());
      if (Button(ui_, ("phrase/" + std::to_string(i)).c_str(), label,
                 Rect::XYWH(c.min.x, py + i * (ph + gap), left_w, ph), o)) {
        if (o.selected)
          session_.phrases.erase(it);
        else
          session_.phrases.push_back(idx);
      }
    }
  }
  float rx = c.min.x + left_w + m.Mm(8);
  Rect right{ImVec2(rx, y), c.max};
  DrawText(ui_, ui_.fonts.body, right.min, ui_.palette.muted, ui_.Words(txt::kMoreWords));
  float box_y = y + ui_.fonts.body->FontSize * 1.5f;
  float box_h = ui_.fonts.body->FontSize * 2.6f;
  Rect box = Rect::XYWH(rx, box_y, right.W(), box_h);
  Rect pad{ImVec2(rx, box_y + box_h + gap), c.max};
  TextEntryDeps deps{deps_.ime, deps_.handwriting, &fonts_};
  DrawTextEntry(ui_, "what", box, pad, session_.free_text, 120, entry_, deps);

  bool has_content = !session_.phrases.empty() || !session_.free_text.empty();
  bool composing = deps_.ime && entry_.mode == EntryMode::kPinyin && deps_.ime->Composing();
  int nav = DrawNavBar(true, ui_.Words(txt::kNext), has_content && !composing,
                       ui_.Words(composing ? txt::kPickFirst : txt::kNeedWhat));
  if (nav < 0) GoTo(Screen::kPlace);
  if (nav > 0) {
    entry_.mode = EntryMode::kNone;
    GoTo(NextStep(Screen::kPhone));
  }
}

}  // namespace gridledger::kiosk
