// Step 2: where. "Not sure" first, then the compounds and buildings of the
// community's grids in a drag-scrolled list; a tap chooses and moves on.
#include "kiosk_app.h"

namespace gridledger::kiosk {

void KioskApp::DrawPlace() {
  const Metrics& m = ui_.m;
  Rect c = Content();
  float y = DrawTitle(txt::kStepPlace);
  float gap = m.Gap();
  float row_h = m.MinTarget() + m.Mm(4);
  ButtonOptions unsure;
  unsure.selected = session_.place_unsure;
  unsure.sublabel = ui_.T(txt::kNotSureSub);
  unsure.font = ui_.fonts.heading;
  if (Button(ui_, "place/unsure", ui_.T(txt::kNotSure), Rect::XYWH(c.min.x, y, c.W(), m.Mm(32)),
             unsure)) {
    session_.place_unsure = true;
    session_.place_id.clear();
    session_.place_grid.clear();
    session_.place_name = ui_.T(txt::kNotSure);
    GoTo(Screen::kWhat);
  }
  y += m.Mm(32) + gap;
  DrawText(ui_, ui_.fonts.body, ImVec2(c.min.x, y), ui_.p.muted,
           ui_.T(places_.empty() ? txt::kNoPlaces : txt::kChooseCompound));
  y += ui_.fonts.body->FontSize * 1.4f;
  int cols = 3;
  int rows = static_cast<int>((places_.size() + cols - 1) / cols);
  float content_h = rows * (row_h + gap);
  {
    ScrollArea area(ui_, "##places", Rect{ImVec2(c.min.x, y), c.max}, content_h);
    ImVec2 o0 = area.ContentOrigin();
    float w = (area.ContentWidth() - (cols - 1) * gap) / cols;
    for (size_t i = 0; i < places_.size(); ++i) {
      const PlaceChoice& p = places_[i];
      ButtonOptions o;
      o.selected = !session_.place_unsure && session_.place_id == p.place_id;
      o.align_left = true;
      Rect r =
          Rect::XYWH(o0.x + (i % cols) * (w + gap), o0.y + (i / cols) * (row_h + gap), w, row_h);
      if (Button(ui_, ("place/" + p.place_id).c_str(), p.name, r, o)) {
        session_.place_unsure = false;
        session_.place_id = p.place_id;
        session_.place_grid = p.grid_code;
        session_.place_name = p.name;
        GoTo(Screen::kWhat);
      }
    }
  }
  int nav = DrawNavBar(true, nullptr);
  if (nav < 0) {
    bool skip_category = session_.journey == Journey::kWish && JourneyCategories().size() == 1;
    if (skip_category)
      ResetSession();
    else
      GoTo(Screen::kCategory);
  }
}

}  // namespace gridledger::kiosk
