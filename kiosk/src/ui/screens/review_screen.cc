// Review: everything entered, each with a "change" button (which comes
// back here once that step is done); then submit. The phone number is shown
// in full, grouped 3-4-4: a typo there makes the report useless, and this is
// the resident's last look at it (it is masked everywhere else).
#include <algorithm>

#include "app/phone_number.h"
#include "kiosk_app.h"

namespace gridledger::kiosk {

void KioskApp::DrawReview() {
  const Metrics& m = ui_.metrics;
  Rect c = Content();
  float y = DrawTitle(txt::kStepReview);
  const ServiceCategory* cat = CurrentCategory();
  bool wish = session_.journey == Journey::kWish;
  std::string what =
      cat ? session_.Description(ui_.zh() ? cat->phrases_zh
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
       cat ? Pick(ui_.lang, cat->name_zh, cat->name_en) : "", Screen::kCategory, "review/category"},
      {txt::kPlaceLabel, session_.place_unsure ? ui_.Words(txt::kNotSure) : session_.place_name,
       Screen::kPlace, "review/place"},
      {txt::kWhatLabel, what, Screen::kWhat, "review/what"},
      {txt::kPhoneLabel, GroupPhoneDigits(session_.phone), Screen::kPhone, "review/phone"},
      {txt::kNameLabel, session_.name.empty() ? ui_.Words(txt::kNone) : session_.name,
       Screen::kName, "review/name"},
  };
  float label_w = 0;
  for (const Row& r : rows)
    label_w = std::max(label_w, MeasureText(ui_.fonts.body, ui_.Words(r.label)).x);
  label_w += m.Mm(8);
  float edit_w = m.Mm(45);
  float value_w = c.W() - label_w - edit_w - 2 * m.Gap();
  float row_h = std::max(m.MinTarget() + m.Mm(2), (c.max.y - y) / 5 - m.Gap());
  ImDrawList* dl = ImGui::GetWindowDrawList();
  for (const Row& r : rows) {
    Rect band = Rect::XYWH(c.min.x, y, c.W(), row_h);
    dl->AddRectFilled(band.min, band.max, ui_.palette.panel, m.Mm(2));
    dl->AddRect(band.min, band.max, ui_.palette.border, m.Mm(2), 0, 1.5f);
    float ty = y + (row_h - ui_.fonts.body->FontSize) / 2;
    DrawText(ui_, ui_.fonts.body, ImVec2(c.min.x + m.Mm(3), ty), ui_.palette.muted,
             ui_.Words(r.label));
    ImVec2 vs = MeasureText(ui_.fonts.body, r.value, value_w);
    DrawText(ui_, ui_.fonts.body, ImVec2(c.min.x + label_w, y + (row_h - vs.y) / 2),
             ui_.palette.text, r.value, value_w);
    bool editable = !(r.edit == Screen::kCategory && wish && JourneyCategories().size() == 1);
    if (editable && Button(ui_, r.id, ui_.Words(txt::kChange),
                           Rect::XYWH(c.max.x - edit_w - m.Mm(1), y + (row_h - m.MinTarget()) / 2,
                                      edit_w, m.MinTarget()))) {
      session_.back_to_review = true;
      GoTo(r.edit);
    }
    y += row_h + m.Gap();
  }
  int nav = DrawNavBar(true, ui_.Words(txt::kSubmit));
  if (nav < 0) GoTo(Screen::kName);
  if (nav > 0) Submit();
}

}  // namespace gridledger::kiosk
