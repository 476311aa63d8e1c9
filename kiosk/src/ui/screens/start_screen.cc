// Start: a greeting and the three journeys, each a large button.
#include <algorithm>

#include "kiosk_app.h"
#include "ui/pictograms.h"

namespace gridledger::kiosk {

void KioskApp::DrawStart() {
  const Metrics& m = ui_.metrics;
  Rect c = Content();
  float y = DrawTitle(txt::kWelcome) + m.Gap();
  float gap = m.Mm(8);
  float w = (c.W() - 2 * gap) / 3;
  // Tiles fill the screen down to the emergency note.
  float note_h = ui_.fonts.heading->FontSize * 1.6f;
  float h = ui_.display.y - m.Margin() - note_h - m.Mm(6) - y;
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
    o.font = ui_.fonts.heading;
    o.sublabel = ui_.Words(items[i].sub);
    o.pictogram = &DrawPictogram;
    o.pictogram_code = items[i].pic;
    if (Button(ui_, items[i].id, ui_.Words(items[i].label),
               Rect::XYWH(c.min.x + i * (w + gap), y, w, h), o))
      StartJourney(items[i].j);
  }
  float note_y = y + h + m.Mm(6);
  if (!service_error_.empty()) {
    DrawErrorBox(ui_, Rect::XYWH(c.min.x, note_y, c.W(), 0),
                 std::string(ui_.Words(txt::kServiceDown)) + "  " + service_error_);
  } else {
    DrawText(ui_, ui_.fonts.heading, ImVec2(c.min.x, note_y), ui_.palette.text,
             ui_.Words(txt::kUrgentNote), c.W());
  }
}

}  // namespace gridledger::kiosk
