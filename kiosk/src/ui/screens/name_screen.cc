// Step 5: an optional name by pinyin or handwriting; "skip" leaves it empty.
#include "kiosk_app.h"

namespace gridledger::kiosk {

void KioskApp::DrawName() {
  const Metrics& m = ui_.metrics;
  Rect c = Content();
  float y = DrawTitle(StepTitle(Screen::kName));
  DrawText(ui_, ui_.fonts.body, ImVec2(c.min.x, y), ui_.palette.muted, ui_.Words(txt::kNameHint));
  y += ui_.fonts.body->FontSize * 1.5f;
  float w = std::min(c.W(), m.Mm(330));
  float x = c.min.x + (c.W() - w) / 2;
  Rect box = Rect::XYWH(x, y, w, ui_.fonts.body->FontSize * 1.8f);
  Rect pad{ImVec2(x, box.max.y + m.Gap()), ImVec2(x + w, c.max.y)};
  TextEntryDeps deps{deps_.ime, deps_.handwriting, &fonts_};
  DrawTextEntry(ui_, "name", box, pad, session_.name, 12, entry_, deps);
  // A composition still pending is not "nothing to say": pick it first.
  bool composing = deps_.ime && entry_.mode == EntryMode::kPinyin && deps_.ime->Composing();
  bool pending = composing || !entry_.strokes.empty();
  int nav = DrawNavBar(true, ui_.Words(session_.name.empty() && !pending ? txt::kSkip : txt::kNext),
                       !pending, ui_.Words(txt::kPickFirst));
  if (nav < 0) GoTo(Screen::kPhone);
  if (nav > 0) {
    entry_.mode = EntryMode::kNone;
    GoTo(Screen::kReview);
  }
}

}  // namespace gridledger::kiosk
