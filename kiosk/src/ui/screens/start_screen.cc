// Start: a greeting and the three journeys, each a large button.
#include <algorithm>

#include "app/kiosk_controller.h"
#include "ui/pictograms.h"
#include "ui/screens/chrome.h"
#include "ui/screens/screen_ui.h"
#include "ui/screens/screens.h"
#include "ui/widgets.h"

namespace gridledger::kiosk {

void DrawStart(ScreenUi& screen, KioskController& k) {
  Ui& ui = screen.ui;
  const Metrics& m = ui.metrics;
  Rect c = ContentArea(ui);
  float y = DrawTitle(ui, txt::kWelcome) + m.Gap();
  float gap = m.Mm(8);
  float w = (c.W() - 2 * gap) / 3;
  // Tiles fill the screen down to the emergency note.
  float note_h = ui.fonts.heading->FontSize * 1.6f;
  float h = ui.display.y - m.Margin() - note_h - m.Mm(6) - y;
  struct Item {
    const char* id;
    const Text& label;
    const Text& sub;
    const char* pic;
    Journey j;
  };
  const Item items[] = {
      {"start/file", txt::kFileRequest, txt::kFileRequestSub, "complaint", Journey::kRequest},
      {"start/lookup", txt::kMyCases, txt::kMyCasesSub, "inquiry", Journey::kLookup},
      {"start/wish", txt::kMicroWish, txt::kMicroWishSub, "micro_wish", Journey::kWish},
  };
  for (int i = 0; i < 3; ++i) {
    ButtonOptions o;
    o.kind = i == 0 ? ButtonKind::kPrimary : ButtonKind::kNormal;
    o.font = ui.fonts.heading;
    o.sublabel = ui.Words(items[i].sub);
    o.pictogram = &DrawPictogram;
    o.pictogram_code = items[i].pic;
    if (Button(ui, items[i].id, ui.Words(items[i].label),
               Rect::XYWH(c.min.x + i * (w + gap), y, w, h), o))
      k.StartJourney(items[i].j);
  }
  float note_y = y + h + m.Mm(6);
  if (!k.service_error().empty()) {
    DrawErrorBox(ui, Rect::XYWH(c.min.x, note_y, c.W(), 0),
                 std::string(ui.Words(txt::kServiceDown)) + "  " + k.service_error());
  } else {
    DrawText(ui, ui.fonts.heading, ImVec2(c.min.x, note_y), ui.palette.text,
             ui.Words(txt::kUrgentNote), c.W());
  }
}

}  // namespace gridledger::kiosk
