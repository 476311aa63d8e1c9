// Step 1: category tiles with pictogram and words; a tap chooses and moves on.
#include <cmath>

#include "kiosk_app.h"
#include "ui/pictograms.h"

namespace gridledger::kiosk {

void KioskApp::DrawCategory() {
  const Metrics& m = ui_.metrics;
  Rect c = Content();
  float y = DrawTitle(StepTitle(Screen::kCategory));
  auto cats = JourneyCategories();
  if (cats.empty() && !service_error_.empty()) {
    DrawErrorBox(ui_, Rect::XYWH(c.min.x, y, c.W(), 0), ui_.Words(txt::kServiceDown));
  } else if (cats.empty()) {
    DrawPreparing(y);
  } else {
    int cols = cats.size() > 9 ? 4 : 3;
    int rows = static_cast<int>((cats.size() + cols - 1) / cols);
    float gap = m.Gap();
    float w = (c.W() - (cols - 1) * gap) / cols;
    float h = std::max(m.Mm(45), (c.max.y - y - (rows - 1) * gap) / rows);
    float content_h = rows * h + (rows - 1) * gap;
    {
      ScrollArea area(ui_, "##cats", Rect{ImVec2(c.min.x, y), c.max}, content_h);
      ImVec2 o0 = area.ContentOrigin();
      w = (area.ContentWidth() - (cols - 1) * gap) / cols;
      for (size_t i = 0; i < cats.size(); ++i) {
        const ServiceCategory* cat = cats[i];
        ButtonOptions o;
        o.selected = session_.category == cat->code;
        o.pictogram = &DrawPictogram;
        o.pictogram_code = cat->code;
        o.font = ui_.fonts.body;
        Rect r = Rect::XYWH(o0.x + (i % cols) * (w + gap), o0.y + (i / cols) * (h + gap), w, h);
        if (Button(ui_, ("cat/" + cat->code).c_str(), Pick(ui_.lang, cat->name_zh, cat->name_en), r,
                   o)) {
          bool changed = session_.category != cat->code;
          if (changed) session_.phrases.clear();
          session_.category = cat->code;
          // Emergencies are not a ticket: first, call now. A new category
          // from review needs new words (its phrases differ); the same one
          // goes straight back.
          if (cat->priority == Priority::kEmergency)
            GoTo(Screen::kEmergency);
          else if (session_.back_to_review)
            GoTo(changed ? Screen::kWhat : Screen::kReview);
          else
            GoTo(Screen::kPlace);
        }
      }
    }
  }
  if (DrawNavBar(true, nullptr) < 0) StartOver();
}

}  // namespace gridledger::kiosk
