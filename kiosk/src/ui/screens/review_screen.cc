// Review: everything entered, each with a "change" button (which comes
// back here once that step is done); then submit. The phone number is shown
// in full, grouped 3-4-4: a typo there makes the report useless, and this is
// the resident's last look at it (it is masked everywhere else).
#include <algorithm>

#include "app/kiosk_controller.h"
#include "app/phone_number.h"
#include "ui/screens/chrome.h"
#include "ui/screens/screen_ui.h"
#include "ui/screens/screens.h"
#include "ui/widgets.h"

namespace gridledger::kiosk {

void DrawReview(ScreenUi& screen, KioskController& k) {
  Ui& ui = screen.ui;
  Session& session = k.session();
  const Metrics& m = ui.metrics;
  Rect c = ContentArea(ui);
  float y = DrawTitle(ui, txt::kStepReview);
  const ServiceCategory* cat = k.CurrentCategory();
  bool wish = session.journey == Journey::kWish;
  std::string what =
      cat ? session.Description(ui.zh() ? cat->phrases_zh
                                        : (cat->phrases_en.size() == cat->phrases_zh.size()
                                               ? cat->phrases_en
                                               : cat->phrases_zh))
          : "";
  struct Row {
    const Text& label;
    std::string value;
    Screen edit;
    const char* id;
  };
  Row rows[] = {
      {wish ? txt::kWishLabel : txt::kCategoryLabel,
       cat ? Pick(ui.lang, cat->name_zh, cat->name_en) : "", Screen::kCategory, "review/category"},
      {txt::kPlaceLabel, session.place_unsure ? ui.Words(txt::kNotSure) : session.place_name,
       Screen::kPlace, "review/place"},
      {txt::kWhatLabel, what, Screen::kWhat, "review/what"},
      {txt::kPhoneLabel, GroupPhoneDigits(session.phone), Screen::kPhone, "review/phone"},
      {txt::kNameLabel, session.name.empty() ? ui.Words(txt::kNone) : session.name, Screen::kName,
       "review/name"},
  };
  float label_w = 0;
  for (const Row& r : rows)
    label_w = std::max(label_w, MeasureText(ui.fonts.body, ui.Words(r.label)).x);
  label_w += m.Mm(8);
  float edit_w = m.Mm(45);
  float value_w = c.W() - label_w - edit_w - 2 * m.Gap();
  float row_h = std::max(m.MinTarget() + m.Mm(2), (c.max.y - y) / 5 - m.Gap());
  ImDrawList* dl = ImGui::GetWindowDrawList();
  for (const Row& r : rows) {
    Rect band = Rect::XYWH(c.min.x, y, c.W(), row_h);
    dl->AddRectFilled(band.min, band.max, ui.palette.panel, m.Mm(2));
    dl->AddRect(band.min, band.max, ui.palette.border, m.Mm(2), 0, 1.5f);
    float ty = y + (row_h - ui.fonts.body->FontSize) / 2;
    DrawText(ui, ui.fonts.body, ImVec2(c.min.x + m.Mm(3), ty), ui.palette.muted, ui.Words(r.label));
    ImVec2 vs = MeasureText(ui.fonts.body, r.value, value_w);
    DrawText(ui, ui.fonts.body, ImVec2(c.min.x + label_w, y + (row_h - vs.y) / 2), ui.palette.text,
             r.value, value_w);
    bool editable = !(r.edit == Screen::kCategory && k.SkipsCategoryStep());
    if (editable && Button(ui, r.id, ui.Words(txt::kChange),
                           Rect::XYWH(c.max.x - edit_w - m.Mm(1), y + (row_h - m.MinTarget()) / 2,
                                      edit_w, m.MinTarget()))) {
      k.EditFromReview(r.edit);
    }
    y += row_h + m.Gap();
  }
  int nav = DrawNavBar(ui, true, ui.Words(txt::kSubmit));
  if (nav < 0) k.GoTo(Screen::kName);
  if (nav > 0) k.Submit();
}

}  // namespace gridledger::kiosk
