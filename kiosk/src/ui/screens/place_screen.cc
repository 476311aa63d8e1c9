// Step 2: where. "Not sure" first, then the compounds of the community's
// grids in a drag-scrolled list. A place with parts (a compound's
// buildings, a building's units) opens them, with "all of it" first; a
// place without parts is chosen and the journey moves on. Back goes up.
#include <set>

#include "kiosk_app.h"

namespace gridledger::kiosk {

void KioskApp::DrawPlace() {
  const Metrics& m = ui_.metrics;
  Rect c = Content();
  float y = DrawTitle(StepTitle(Screen::kPlace));
  float gap = m.Gap();
  float row_h = m.MinTarget() + m.Mm(4);
  ButtonOptions unsure;
  unsure.selected = session_.place_unsure;
  unsure.sublabel = ui_.Words(txt::kNotSureSub);
  unsure.font = ui_.fonts.heading;
  if (Button(ui_, "place/unsure", ui_.Words(txt::kNotSure), Rect::XYWH(c.min.x, y, c.W(), m.Mm(32)),
             unsure)) {
    session_.place_unsure = true;
    session_.place_id.clear();
    session_.place_grid.clear();
    session_.place_name = ui_.Words(txt::kNotSure);
    GoTo(NextStep(Screen::kWhat));
  }
  y += m.Mm(32) + gap;
  // The places shown: the parts of place_level_ (top level: places with no
  // known parent), and first, when inside a place, that place as a whole.
  std::set<std::string> known, with_parts;
  for (const auto& p : places_) known.insert(p.place_id);
  for (const auto& p : places_)
    if (known.count(p.parent_place_id)) with_parts.insert(p.parent_place_id);
  const PlaceChoice* level = nullptr;
  for (const auto& p : places_)
    if (p.place_id == place_level_) level = &p;
  if (!level) place_level_.clear();
  std::vector<const PlaceChoice*> shown;
  for (const auto& p : places_) {
    std::string parent = known.count(p.parent_place_id) ? p.parent_place_id : "";
    if (parent == place_level_) shown.push_back(&p);
  }
  // What has been chosen so far: 新华街道 › 文化社区 › 翠园小区 › 3号楼.
  std::string path = ui_.Words(txt::kPlacePath);
  std::vector<std::string> crumbs = area_names_;
  {
    std::vector<std::string> inner;
    for (const PlaceChoice* at = level; at;) {
      inner.insert(inner.begin(), at->short_name.empty() ? at->name : at->short_name);
      const PlaceChoice* up = nullptr;
      for (const auto& p : places_)
        if (p.place_id == at->parent_place_id) up = &p;
      at = up;
    }
    crumbs.insert(crumbs.end(), inner.begin(), inner.end());
  }
  for (size_t i = 0; i < crumbs.size(); ++i)
    path += (i ? ui_.Words(txt::kCrumbSep) : "") + crumbs[i];
  if (!crumbs.empty()) {
    y += DrawText(ui_, ui_.fonts.body, ImVec2(c.min.x, y), ui_.palette.text, path, c.W());
    y += m.Mm(1);
  }
  DrawText(ui_, ui_.fonts.body, ImVec2(c.min.x, y), ui_.palette.muted,
           level ? ui_.Words(txt::kChooseInside)
                 : ui_.Words(places_.empty() ? txt::kNoPlaces : txt::kChooseCompound));
  y += ui_.fonts.body->FontSize * 1.4f;
  auto choose = [&](const PlaceChoice& p) {
    session_.place_unsure = false;
    session_.place_id = p.place_id;
    session_.place_grid = p.grid_code;
    session_.place_name = p.name;
    place_level_.clear();
    GoTo(NextStep(Screen::kWhat));
  };
  int cols = 3;
  size_t tiles = shown.size() + (level ? 1 : 0);
  int rows = static_cast<int>((tiles + cols - 1) / cols);
  float content_h = rows * (row_h + gap);
  // A list longer than the screen says so below it, in words.
  bool scrolls = content_h > c.max.y - y;
  float list_bottom = scrolls ? c.max.y - ScrollHintHeight(ui_) : c.max.y;
  bool more_below = false;
  {
    ScrollArea area(ui_, "##places", Rect{ImVec2(c.min.x, y), ImVec2(c.max.x, list_bottom)},
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
      o.selected = !session_.place_unsure && session_.place_id == level->place_id;
      if (Button(ui_, "place/whole", std::string(ui_.Words(txt::kWholePlace)) + level->name,
                 tile(i++), o))
        choose(*level);
    }
    for (const PlaceChoice* p : shown) {
      ButtonOptions o;
      o.selected = !session_.place_unsure && session_.place_id == p->place_id;
      o.align_left = true;
      const std::string& label = level && !p->short_name.empty() ? p->short_name : p->name;
      if (Button(ui_, ("place/" + p->place_id).c_str(), label, tile(i++), o)) {
        if (with_parts.count(p->place_id))
          place_level_ = p->place_id;  // open its buildings / units
        else
          choose(*p);
        break;  // `shown` refers to this frame's level
      }
    }
  }
  if (scrolls) DrawScrollHint(ui_, c.min.x, c.max.x, list_bottom, more_below);
  int nav = DrawNavBar(true, nullptr);
  if (nav < 0 && !place_level_.empty()) {  // back: up one level
    std::string up;
    for (const auto& p : places_)
      if (p.place_id == place_level_) up = p.parent_place_id;
    place_level_ = up;
  } else if (nav < 0) {
    bool skip_category = session_.journey == Journey::kWish && JourneyCategories().size() == 1;
    if (skip_category)
      StartOver();
    else
      GoTo(Screen::kCategory);
  }
}

}  // namespace gridledger::kiosk
