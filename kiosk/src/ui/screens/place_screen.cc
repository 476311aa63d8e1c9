// Step 2: where. "Not sure" first, then the compounds of the community's
// grids in a drag-scrolled list. A place with parts (a compound's
// buildings, a building's units) opens them, with "all of it" first; a
// place without parts is chosen and the journey moves on. Back goes up.
#include <string>
#include <vector>

#include "app/kiosk_controller.h"
#include "ui/screens/chrome.h"
#include "ui/screens/screen_ui.h"
#include "ui/screens/screens.h"
#include "ui/widgets.h"

namespace gridledger::kiosk {

void DrawPlace(ScreenUi& screen, KioskController& k) {
  Ui& ui = screen.ui;
  Session& session = k.session();
  const Metrics& m = ui.metrics;
  Rect c = ContentArea(ui);
  float y = DrawTitle(ui, k.StepTitle(Screen::kPlace));
  float gap = m.Gap();
  float row_h = m.MinTarget() + m.Mm(4);
  ButtonOptions unsure;
  unsure.selected = session.place_unsure;
  unsure.sublabel = ui.Words(txt::kNotSureSub);
  unsure.font = ui.fonts.heading;
  if (Button(ui, "place/unsure", ui.Words(txt::kNotSure), Rect::XYWH(c.min.x, y, c.W(), m.Mm(32)),
             unsure)) {
    k.ChoosePlaceUnsure();
  }
  y += m.Mm(32) + gap;
  // The places shown: the parts of the level shown (the top level: places
  // with no known parent), and first, when inside a place, that place as a
  // whole. The tree is the controller's, built once.
  const PlaceTree& places = k.places();
  const PlaceChoice* level = k.place_level();
  const std::vector<const PlaceChoice*>& shown = places.PartsOf(level ? level->place_id : "");
  // What has been chosen so far: 新华街道 › 文化社区 › 翠园小区 › 3号楼.
  std::string path = ui.Words(txt::kPlacePath);
  std::vector<std::string> crumbs = k.area_names();
  for (std::string& part : places.PathTo(level)) crumbs.push_back(std::move(part));
  for (size_t i = 0; i < crumbs.size(); ++i)
    path += (i ? ui.Words(txt::kCrumbSep) : "") + crumbs[i];
  if (!crumbs.empty()) {
    y += DrawText(ui, ui.fonts.body, ImVec2(c.min.x, y), ui.palette.text, path, c.W());
    y += m.Mm(1);
  }
  DrawText(ui, ui.fonts.body, ImVec2(c.min.x, y), ui.palette.muted,
           level ? ui.Words(txt::kChooseInside)
                 : ui.Words(places.empty() ? txt::kNoPlaces : txt::kChooseCompound));
  y += ui.fonts.body->FontSize * 1.4f;
  int cols = 3;
  size_t tiles = shown.size() + (level ? 1 : 0);
  int rows = static_cast<int>((tiles + cols - 1) / cols);
  float content_h = rows * (row_h + gap);
  // A list longer than the screen says so below it, in words.
  bool scrolls = content_h > c.max.y - y;
  float list_bottom = scrolls ? c.max.y - ScrollHintHeight(ui) : c.max.y;
  bool more_below = false;
  {
    ScrollArea area(ui, "##places", Rect{ImVec2(c.min.x, y), ImVec2(c.max.x, list_bottom)},
                    content_h);
    more_below = area.MoreBelow();
    ImVec2 o0 = area.ContentOrigin();
    float w = (area.ContentWidth() - (cols - 1) * gap) / cols;
    auto tile = [&](size_t i) {
      return Rect::XYWH(o0.x + (i % cols) * (w + gap), o0.y + (i / cols) * (row_h + gap), w, row_h);
    };
    size_t i = 0;
    if (level) {
      ButtonOptions o;
      o.align_left = true;
      o.selected = !session.place_unsure && session.place_id == level->place_id;
      if (Button(ui, "place/whole", std::string(ui.Words(txt::kWholePlace)) + level->name,
                 tile(i++), o))
        k.ChoosePlace(*level);
    }
    for (const PlaceChoice* p : shown) {
      ButtonOptions o;
      o.selected = !session.place_unsure && session.place_id == p->place_id;
      o.align_left = true;
      const std::string& label = level && !p->short_name.empty() ? p->short_name : p->name;
      if (Button(ui, ("place/" + p->place_id).c_str(), label, tile(i++), o)) {
        k.OpenPlace(*p);  // its buildings / units, or chosen
        break;            // `shown` is the level drawn in this frame
      }
    }
  }
  if (scrolls) DrawScrollHint(ui, c.min.x, c.max.x, list_bottom, more_below);
  int nav = DrawNavBar(ui, true, nullptr);
  if (nav < 0) k.PlaceBack();  // up one level, else the step before
}

}  // namespace gridledger::kiosk
