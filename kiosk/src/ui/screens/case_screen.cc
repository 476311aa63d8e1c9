// A found case: status, deadline, late or not, the timeline in plain words;
// after closing, rate it 1-5 or say "not fixed" (which reopens it).
#include <algorithm>

#include "app/case_number.h"
#include "app/kiosk_controller.h"
#include "app/plain_words.h"
#include "ui/screens/chrome.h"
#include "ui/screens/screen_ui.h"
#include "ui/screens/screens.h"
#include "ui/widgets.h"

namespace gridledger::kiosk {

void DrawCaseView(ScreenUi& screen, KioskController& k) {
  Ui& ui = screen.ui;
  const Metrics& m = ui.metrics;
  Session& s = k.session();
  Rect c = ContentArea(ui);
  if (s.found.empty()) {
    k.GoTo(Screen::kLookup);
    return;
  }
  if (s.shown_case >= s.found.size()) s.shown_case = 0;
  const CaseView& v = s.found[s.shown_case];
  float gap = m.Gap();
  const ServiceCategory* cat = k.FindCategory(v.category);
  std::string title = std::string(ui.Words(txt::kCaseNumber)) + " " + DisplayCaseNumber(v.case_id);
  float y = c.min.y;
  y += DrawText(ui, ui.fonts.heading, ImVec2(c.min.x, y), ui.palette.text, title, c.W()) + gap;
  if (s.found.size() > 1) {  // a phone lookup: say how many, then switch below
    std::string count = std::string(ui.Words(txt::kYouHave)) + (ui.zh() ? " " : " ") +
                        std::to_string(s.found.size()) + " " + ui.Words(txt::kCasesCount);
    y += DrawText(ui, ui.fonts.body, ImVec2(c.min.x, y), ui.palette.text, count,
                  c.W() * (m.large_text ? 0.5f : 0.42f)) +
         gap;
  }
  float left_w = c.W() * (m.large_text ? 0.5f : 0.42f);  // large text needs the room
  float label_w = 0;
  for (const Text* t : {&txt::kCategoryLabel, &txt::kStatus, &txt::kDeadline, &txt::kPlaceLabel,
                        &txt::kWhatLabel, &txt::kPhoneLabel})
    label_w = std::max(label_w, MeasureText(ui.fonts.body, ui.Words(*t)).x);
  label_w += m.Mm(4);
  auto line = [&](const std::string& label, const std::string& value, float yy) {
    DrawText(ui, ui.fonts.body, ImVec2(c.min.x, yy), ui.palette.muted, label);
    float lw = label_w;
    return yy + std::max(ui.fonts.body->FontSize * 1.4f,
                         DrawText(ui, ui.fonts.body, ImVec2(c.min.x + lw, yy), ui.palette.text,
                                  value, left_w - lw) +
                             m.Mm(2));
  };
  if (cat) y = line(ui.Words(txt::kCategoryLabel), Pick(ui.lang, cat->name_zh, cat->name_en), y);
  y = line(ui.Words(txt::kStatus), StateWords(v.state)(ui.lang), y);
  // Late or not, in words next to the deadline (not colour alone). A
  // closed case is no longer chased: it was closed on time or late.
  const Text& lateness = v.state == CaseState::kClosed
                             ? (v.closed_on_time ? txt::kClosedOnTime : txt::kClosedLate)
                             : (v.overdue ? txt::kLate : txt::kOnTime);
  std::string deadline = FormatLocalTime(v.deadline, ui.lang) + (ui.zh() ? "（" : " (") +
                         ui.Words(lateness) + (ui.zh() ? "）" : ")");
  y = line(ui.Words(txt::kDeadline), deadline, y);
  // Where: the place's name as the resident chose it, else what was said.
  std::string where;
  if (const PlaceChoice* p = k.places().Find(v.location.place_id)) where = p->name;
  if (where.empty() && v.location.place_id.empty())
    where = v.location.address.empty() ? ui.Words(txt::kNotSure) : v.location.address;
  if (!where.empty()) y = line(ui.Words(txt::kPlaceLabel), where, y);
  if (!v.description.empty()) y = line(ui.Words(txt::kWhatLabel), v.description, y);
  if (!v.masked_phone.empty())
    y = line(ui.Words(txt::kPhoneLabel), v.masked_phone, y);  // masked by the engine

  // Rating after closing.
  using FR = Session::FeedbackResult;
  if (s.feedback_result == FR::kThanks) {
    DrawText(ui, ui.fonts.heading, ImVec2(c.min.x, y + gap), ui.palette.text,
             ui.Words(txt::kThanksRated), left_w);
  } else if (s.feedback_result == FR::kReopened) {
    DrawText(ui, ui.fonts.body, ImVec2(c.min.x, y + gap), ui.palette.text, ui.Words(txt::kReopened),
             left_w);
  } else if (v.state == CaseState::kClosed && !v.satisfaction) {
    y += gap;
    y += DrawText(ui, ui.fonts.body, ImVec2(c.min.x, y), ui.palette.text, ui.Words(txt::kRateTitle),
                  left_w) +
         gap;
    float bh = m.MinTarget() + m.Mm(4);
    // Scores on one row and "not fixed" below; when large text leaves no
    // room for two rows, "not fixed" goes at the end of the scores' row.
    bool one_row = y + 2 * bh + gap > c.max.y;
    float not_fixed_w =
        one_row ? MeasureText(ui.fonts.body, ui.Words(txt::kNotFixed)).x + m.Mm(8) : left_w;
    float scores_w = one_row ? left_w - not_fixed_w - gap : left_w;
    float bw = std::max(m.MinTarget(), (scores_w - 4 * gap) / 5);
    for (int i = 1; i <= 5; ++i) {
      std::string label = std::to_string(i) + ui.Words(txt::kRateStars);
      if (Button(ui, ("rate/" + std::to_string(i)).c_str(), label,
                 Rect::XYWH(c.min.x + (i - 1) * (bw + gap), y, bw, bh)))
        k.SendFeedback(static_cast<uint8_t>(i), true);
    }
    float nx = one_row ? c.min.x + 5 * (bw + gap) : c.min.x;
    if (!one_row) y += bh + gap;
    if (Button(ui, "rate/not_fixed", ui.Words(txt::kNotFixed),
               Rect::XYWH(nx, y, std::max(m.MinTarget(), c.min.x + left_w - nx), bh)))
      k.SendFeedback(1, false);
    y += bh + gap;
    if (s.feedback_result == FR::kFailed)
      DrawErrorBox(ui, Rect::XYWH(c.min.x, y, left_w, 0), ui.Words(txt::kRateFailed));
    if (s.feedback_result == FR::kRefused)  // the engine's reason, in the resident's language
      DrawErrorBox(ui, Rect::XYWH(c.min.x, y, left_w, 0),
                   LanguagePart(s.feedback_message, ui.lang));
  }

  // Right: the timeline, newest last, drag to scroll.
  float rx = c.min.x + left_w + m.Mm(10);
  float ty = c.min.y + ui.fonts.heading->FontSize * 1.4f;
  DrawText(ui, ui.fonts.body, ImVec2(rx, ty), ui.palette.muted, ui.Words(txt::kProgress));
  ty += ui.fonts.body->FontSize * 1.4f;
  float tw = c.max.x - rx;
  // The time column is as wide as its widest entry (text size varies).
  float time_w = 0;
  for (const auto& t : v.timeline)
    time_w = std::max(time_w, MeasureText(ui.fonts.body, FormatLocalTime(t.at, ui.lang)).x);
  float text_x = m.Mm(10) + time_w + m.Mm(4);
  float list_h = 0;
  for (const auto& t : v.timeline)
    list_h +=
        MeasureText(ui.fonts.body, Pick(ui.lang, t.text_zh, t.text_en), tw - text_x).y + m.Mm(6);
  float others_h = s.found.size() > 1 ? m.MinTarget() + m.Mm(8) : 0;
  {
    ScrollArea area(ui, "##timeline", Rect{ImVec2(rx, ty), ImVec2(c.max.x, c.max.y - others_h)},
                    list_h);
    ImVec2 o = area.ContentOrigin();
    ImDrawList* dl = ImGui::GetWindowDrawList();
    float yy = o.y;
    for (size_t i = 0; i < v.timeline.size(); ++i) {
      const auto& t = v.timeline[i];
      // A numbered dot per step (shape + number, not colour).
      dl->AddCircleFilled(ImVec2(o.x + m.Mm(4), yy + ui.fonts.body->FontSize / 2), m.Mm(2.5f),
                          ui.palette.text);
      DrawText(ui, ui.fonts.body, ImVec2(o.x + m.Mm(10), yy), ui.palette.muted,
               FormatLocalTime(t.at, ui.lang));
      float h = DrawText(ui, ui.fonts.body, ImVec2(o.x + text_x, yy), ui.palette.text,
                         Pick(ui.lang, t.text_zh, t.text_en), area.ContentWidth() - text_x);
      yy += h + m.Mm(6);
    }
  }
  if (s.found.size() > 1) {
    // Up to three cases: one button each, labelled by what and when
    // ("下水道堵塞 11月23日"); more: the previous / next case.
    float bh = m.MinTarget() + m.Mm(4);
    float by = c.max.y - bh;
    auto label_of = [&](const CaseView& other) {
      std::string label;
      if (const ServiceCategory* c = k.FindCategory(other.category))
        label = Pick(ui.lang, c->name_zh, c->name_en);
      std::string when = FormatLocalTime(other.filed_at, ui.lang);
      return label + " " + when.substr(0, when.rfind(' '));  // the date only
    };
    size_t n = s.found.size();
    size_t shown = std::min<size_t>(n, 3);
    size_t first = n <= 3 ? 0 : std::min(s.shown_case > 0 ? s.shown_case - 1 : 0, n - 3);
    float bw = (tw - gap * (shown - 1)) / shown;
    for (size_t i = 0; i < shown; ++i) {
      size_t k = first + i;
      ButtonOptions o;
      o.selected = k == s.shown_case;
      if (Button(ui, ("case/" + std::to_string(k)).c_str(), label_of(s.found[k]),
                 Rect::XYWH(rx + i * (bw + gap), by, bw, bh), o)) {
        s.shown_case = k;
        s.feedback_result = FR::kNone;
      }
    }
  }
  int nav = DrawNavBar(ui, true, ui.Words(txt::kDone));
  if (nav < 0) {
    s.found.clear();
    k.GoTo(Screen::kLookup);
  }
  if (nav > 0) k.StartOver();
}

}  // namespace gridledger::kiosk
