// Step 5: an optional name by pinyin or handwriting; "skip" leaves it empty.
#include "app/kiosk_controller.h"
#include "ui/screens/chrome.h"
#include "ui/screens/screen_ui.h"
#include "ui/screens/screens.h"
#include "ui/widgets.h"

namespace gridledger::kiosk {

void DrawName(ScreenUi& screen, KioskController& k) {
  Ui& ui = screen.ui;
  Session& session = k.session();
  const Metrics& m = ui.metrics;
  Rect c = ContentArea(ui);
  float y = DrawTitle(ui, k.StepTitle(Screen::kName));
  DrawText(ui, ui.fonts.body, ImVec2(c.min.x, y), ui.palette.muted, ui.Words(txt::kNameHint));
  y += ui.fonts.body->FontSize * 1.5f;
  float w = std::min(c.W(), m.Mm(330));
  float x = c.min.x + (c.W() - w) / 2;
  Rect box = Rect::XYWH(x, y, w, ui.fonts.body->FontSize * 1.8f);
  Rect pad{ImVec2(x, box.max.y + m.Gap()), ImVec2(x + w, c.max.y)};
  DrawTextEntry(ui, "name", box, pad, session.name, 12, screen.entry, screen.text_entry);
  // A composition still pending is not "nothing to say": pick it first.
  bool composing = screen.text_entry.ime && screen.entry.mode == EntryMode::kPinyin &&
                   screen.text_entry.ime->Composing();
  bool pending = composing || !screen.entry.strokes.empty();
  int nav =
      DrawNavBar(ui, true, ui.Words(session.name.empty() && !pending ? txt::kSkip : txt::kNext),
                 !pending, ui.Words(txt::kPickFirst));
  if (nav < 0) k.GoTo(Screen::kPhone);
  if (nav > 0) {
    screen.entry.mode = EntryMode::kNone;
    k.GoTo(Screen::kReview);
  }
}

}  // namespace gridledger::kiosk
