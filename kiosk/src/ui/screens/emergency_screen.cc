// Emergencies (injuries, fire, gas leaks) are not a ticket with a deadline:
// before anything else the kiosk says, full screen, in large type and by
// voice, to call 110 / 119 / 120 now or tell the staff in the hall. Only
// then may the resident also record the matter (as an urgent case).
#include <algorithm>

#include "app/kiosk_controller.h"
#include "ui/screens/chrome.h"
#include "ui/screens/screen_ui.h"
#include "ui/screens/screens.h"
#include "ui/widgets.h"

namespace gridledger::kiosk {

void DrawEmergency(ScreenUi& screen, KioskController& k) {
  Ui& ui = screen.ui;
  const Metrics& m = ui.metrics;
  ImDrawList* dl = ImGui::GetWindowDrawList();
  Rect all{ImVec2(0, 0), ui.display};
  // A thick frame in the error colour, and words: never colour alone.
  dl->AddRect(ImVec2(m.Mm(2), m.Mm(2)), ImVec2(all.max.x - m.Mm(2), all.max.y - m.Mm(2)),
              ui.palette.error_text, m.Mm(4), 0, m.Mm(3));
  float x = m.Margin(), w = ui.display.x - 2 * m.Margin();
  float y = m.Mm(8);
  y +=
      DrawTextCentered(ui, ui.fonts.heading, Rect::XYWH(x, y, w, ui.fonts.heading->FontSize * 1.2f),
                       ui.palette.error_text, ui.Words(txt::kEmergencyTitle)) +
      m.Mm(6);
  // Three numbers, each huge (digits: the huge font), with what it is for.
  struct Line {
    const char* number;
    const Text& service;
    const Text& what;
  } lines[] = {{"120", txt::kCall120, txt::kCall120Sub},
               {"119", txt::kCall119, txt::kCall119Sub},
               {"110", txt::kCall110, txt::kCall110Sub}};
  float row_h = ui.fonts.huge->FontSize * 1.15f;
  float num_w = MeasureText(ui.fonts.huge, "000").x;
  for (const Line& l : lines) {
    Rect row = Rect::XYWH(x, y, w, row_h);
    dl->AddRectFilled(row.min, row.max, ui.palette.panel, m.Mm(3));
    dl->AddRect(row.min, row.max, ui.palette.border, m.Mm(3), 0, m.Mm(0.8f));
    DrawText(ui, ui.fonts.huge, ImVec2(x + m.Mm(6), y + (row_h - ui.fonts.huge->FontSize) / 2),
             ui.palette.text, l.number);
    float tx = x + m.Mm(14) + num_w;
    std::string words = std::string(ui.Words(l.service)) + ui.Words(l.what);
    float th = MeasureText(ui.fonts.heading, words, x + w - tx - m.Mm(4)).y;
    DrawText(ui, ui.fonts.heading, ImVec2(tx, y + (row_h - th) / 2), ui.palette.text, words,
             x + w - tx - m.Mm(4));
    y += row_h + m.Gap();
  }
  y += m.Mm(2);
  DrawText(ui, ui.fonts.heading, ImVec2(x, y), ui.palette.text, ui.Words(txt::kTellStaff), w);

  // Then, and only then: record it as well, or go back to the start.
  float bh = m.PrimaryHeight() + m.Mm(4);
  float by = ui.display.y - m.Mm(8) - bh;
  float gap = m.Gap();
  float home_w = std::max(m.Mm(60), w * 0.3f);
  ButtonOptions home;
  home.font = ui.fonts.heading;
  if (Button(ui, "emergency/home", ui.Words(txt::kHome), Rect::XYWH(x, by, home_w, bh), home)) {
    k.StartOver();
    return;
  }
  ButtonOptions rec;
  rec.sublabel = ui.Words(txt::kEmergencyRecordSub);
  if (Button(ui, "emergency/record", ui.Words(txt::kEmergencyRecord),
             Rect::XYWH(x + home_w + gap, by, w - home_w - gap, bh), rec))
    k.GoTo(Screen::kPlace);
}

}  // namespace gridledger::kiosk
