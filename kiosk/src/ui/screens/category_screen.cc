// Step 1: category tiles with pictogram and words; a tap chooses and moves on.
#include <cmath>

#include "app/kiosk_controller.h"
#include "ui/pictograms.h"
#include "ui/screens/chrome.h"
#include "ui/screens/screen_ui.h"
#include "ui/screens/screens.h"
#include "ui/widgets.h"

namespace gridledger::kiosk {

void DrawCategory(ScreenUi& screen, KioskController& k) {
  Ui& ui = screen.ui;
  Session& session = k.session();
  const Metrics& m = ui.metrics;
  Rect c = ContentArea(ui);
  float y = DrawTitle(ui, k.StepTitle(Screen::kCategory));
  auto cats = k.JourneyCategories();
  if (cats.empty() && !k.service_error().empty()) {
    DrawErrorBox(ui, Rect::XYWH(c.min.x, y, c.W(), 0), ui.Words(txt::kServiceDown));
  } else if (cats.empty()) {
    DrawPreparing(ui, k, y);
  } else {
    int cols = cats.size() > 9 ? 4 : 3;
    int rows = static_cast<int>((cats.size() + cols - 1) / cols);
    float gap = m.Gap();
    float w = (c.W() - (cols - 1) * gap) / cols;
    float h = std::max(m.Mm(45), (c.max.y - y - (rows - 1) * gap) / rows);
    float content_h = rows * h + (rows - 1) * gap;
    {
      ScrollArea area(ui, "##cats", Rect{ImVec2(c.min.x, y), c.max}, content_h);
      ImVec2 o0 = area.ContentOrigin();
      w = (area.ContentWidth() - (cols - 1) * gap) / cols;
      for (size_t i = 0; i < cats.size(); ++i) {
        const ServiceCategory* cat = cats[i];
        ButtonOptions o;
        o.selected = session.category == cat->code;
        o.pictogram = &DrawPictogram;
        o.pictogram_code = cat->code;
        o.font = ui.fonts.body;
        Rect r = Rect::XYWH(o0.x + (i % cols) * (w + gap), o0.y + (i / cols) * (h + gap), w, h);
        if (Button(ui, ("cat/" + cat->code).c_str(), Pick(ui.lang, cat->name_zh, cat->name_en), r,
                   o)) {
          k.ChooseCategory(*cat);
        }
      }
    }
  }
  if (DrawNavBar(ui, true, nullptr) < 0) k.StartOver();
}

}  // namespace gridledger::kiosk
