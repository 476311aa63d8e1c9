#include "ui/widgets.h"

#include <imgui_internal.h>

#include <cfloat>
#include <string>

namespace gridledger::kiosk {

void DrawTick(ImDrawList* dl, ImVec2 c, float s, ImU32 color, float t) {
  ImVec2 pts[3] = {ImVec2(c.x - s * 0.45f, c.y), ImVec2(c.x - s * 0.1f, c.y + s * 0.35f),
                   ImVec2(c.x + s * 0.5f, c.y - s * 0.4f)};
  dl->AddPolyline(pts, 3, color, 0, t);
}

namespace {
// The tick badge of a selected button: a 10 mm disc 1.5 mm inside its
// top-right corner, and the space kept between it and the words.
Rect SelectedBadge(const Metrics& m, Rect r) {
  float d = m.Mm(10), inset = m.Mm(1.5f);
  return Rect::XYWH(r.max.x - inset - d, r.min.y + inset, d, d);
}
float BadgeGap(const Metrics& m) { return m.Mm(2); }
constexpr float kButtonPadMm = 3;
}  // namespace

float ButtonWidthFor(const Ui& ui, ImFont* font, std::string_view label, bool selectable) {
  float w = MeasureText(font, label).x + 2 * ui.metrics.Mm(kButtonPadMm);
  if (selectable)
    w += ui.metrics.Mm(1.5f) + ui.metrics.Mm(10) + BadgeGap(ui.metrics) -
         ui.metrics.Mm(kButtonPadMm);
  return w + ui.metrics.Mm(2);  // a little air on both sides
}

void DrawProgressBar(Ui& ui, Rect r, float fraction) {
  ImDrawList* dl = ImGui::GetWindowDrawList();
  fraction = fraction < 0 ? 0 : fraction > 1 ? 1 : fraction;
  float rounding = ui.metrics.Mm(2), border = ui.metrics.Mm(0.7f);
  dl->AddRectFilled(r.min, r.max, ui.palette.button, rounding);
  if (fraction > 0)
    dl->AddRectFilled(r.min, ImVec2(r.min.x + r.W() * fraction, r.max.y), ui.palette.primary,
                      rounding);
  dl->AddRect(r.min, r.max, ui.palette.text, rounding, 0, border);
  if (ui.targets) ui.targets->NoteProgress(fraction);
}

ImVec2 MeasureText(ImFont* font, std::string_view text, float wrap_width) {
  return font->CalcTextSizeA(font->FontSize, 1e9f, wrap_width, text.data(),
                             text.data() + text.size());
}

float DrawText(Ui& ui, ImFont* font, ImVec2 pos, ImU32 color, std::string_view text,
               float wrap_width) {
  FontLibrary::AuditText(font, text);
  ImDrawList* dl = ImGui::GetWindowDrawList();
  dl->AddText(font, font->FontSize, pos, color, text.data(), text.data() + text.size(), wrap_width);
  return MeasureText(font, text, wrap_width).y;
}

float DrawTextCentered(Ui& ui, ImFont* font, Rect r, ImU32 color, std::string_view text) {
  ImVec2 size = MeasureText(font, text, r.W());
  ImVec2 pos(r.min.x + (r.W() - size.x) / 2, r.min.y + (r.H() - size.y) / 2);
  if (size.x > r.W()) pos.x = r.min.x;
  return DrawText(ui, font, pos, color, text, r.W());
}

float DrawErrorBox(Ui& ui, Rect r, std::string_view text) {
  ImDrawList* dl = ImGui::GetWindowDrawList();
  float pad = ui.metrics.Mm(3);
  float icon = ui.fonts.body->FontSize * 1.2f;
  float wrap = r.W() - icon - pad * 3;
  float h = MeasureText(ui.fonts.body, text, wrap).y + pad * 2;
  if (h < icon + pad * 2) h = icon + pad * 2;
  Rect box{r.min, ImVec2(r.max.x, r.min.y + h)};
  dl->AddRectFilled(box.min, box.max, ui.palette.error_bg, ui.metrics.Mm(2));
  dl->AddRect(box.min, box.max, ui.palette.error_text, ui.metrics.Mm(2), 0, ui.metrics.Mm(1));
  // A "!" in a circle: the message is marked by shape and words, not colour.
  ImVec2 c(box.min.x + pad + icon / 2, box.min.y + pad + icon / 2);
  dl->AddCircleFilled(c, icon / 2, ui.palette.error_text);
  dl->AddRectFilled(ImVec2(c.x - icon * 0.06f, c.y - icon * 0.3f),
                    ImVec2(c.x + icon * 0.06f, c.y + icon * 0.1f), ui.palette.error_bg);
  dl->AddCircleFilled(ImVec2(c.x, c.y + icon * 0.25f), icon * 0.07f, ui.palette.error_bg);
  DrawText(ui, ui.fonts.body, ImVec2(box.min.x + icon + pad * 2, box.min.y + pad),
           ui.palette.error_text, text, wrap);
  return h;
}

bool Button(Ui& ui, const char* id, std::string_view label, Rect r, const ButtonOptions& o) {
  bool recorded = false;
  ImGui::SetCursorScreenPos(r.min);
  ImGui::PushID(id);
  bool clicked = ImGui::InvisibleButton("##b", ImVec2(r.W(), r.H()));
  bool pressed = ImGui::IsItemActive();
  ImGui::PopID();
  if (ui.targets) {
    ImVec2 cmin = ImGui::GetWindowDrawList()->GetClipRectMin();
    ImVec2 cmax = ImGui::GetWindowDrawList()->GetClipRectMax();
    ImVec2 vmin(ImMax(cmin.x, r.min.x), ImMax(cmin.y, r.min.y));
    ImVec2 vmax(ImMin(cmax.x, r.max.x), ImMin(cmax.y, r.max.y));
    recorded = vmin.x < vmax.x && vmin.y < vmax.y;
    if (recorded) ui.targets->Add(id, r.min, r.max, vmin, vmax, o.enabled);
  }
  if (!o.enabled) clicked = false;

  const Palette& p = ui.palette;
  ImU32 bg, fg, border = p.border;
  float border_w = ui.metrics.Mm(0.5f);
  if (!o.enabled) {
    bg = p.disabled;
    fg = p.disabled_text;
  } else if (o.kind == ButtonKind::kPrimary) {
    bg = pressed ? p.primary_pressed : p.primary;
    fg = p.primary_text;
    border = p.primary_pressed;
  } else if (o.selected) {
    bg = pressed ? p.button_pressed : p.selected;
    fg = p.selected_text;
    border = p.selected_text;
    border_w = ui.metrics.Mm(1.5f);
  } else {
    bg = pressed ? p.button_pressed : (o.kind == ButtonKind::kQuiet ? p.background : p.button);
    fg = p.button_text;
  }
  ImDrawList* dl = ImGui::GetWindowDrawList();
  float rounding = ui.metrics.Mm(3);
  dl->AddRectFilled(r.min, r.max, bg, rounding);
  dl->AddRect(r.min, r.max, border, rounding, 0, border_w);
  if (!o.enabled) {
    // Disabled is also shown by a dashed-looking inner frame, not colour only.
    dl->AddRect(ImVec2(r.min.x + 6, r.min.y + 6), ImVec2(r.max.x - 6, r.max.y - 6), fg, rounding, 0,
                1.0f);
  }

  ImFont* font = o.font ? o.font : ui.fonts.body;
  Rect text_area = r;
  float pad = ui.metrics.Mm(kButtonPadMm);
  text_area.min.x += pad;
  text_area.max.x -= pad;
  Rect badge{};
  if (o.selected) {
    badge = SelectedBadge(ui.metrics, r);
    ImVec2 c((badge.min.x + badge.max.x) / 2, (badge.min.y + badge.max.y) / 2);
    dl->AddCircleFilled(c, badge.W() / 2, fg);
    DrawTick(dl, c, badge.W() * 0.57f, bg, ui.metrics.Mm(1.2f));
    text_area.max.x = badge.min.x - BadgeGap(ui.metrics);
  }
  if (o.pictogram) {
    float pic_h = r.H() * 0.5f;
    Rect pic{ImVec2(r.min.x, r.min.y + pad), ImVec2(r.max.x, r.min.y + pad + pic_h)};
    o.pictogram(dl, pic, fg, o.pictogram_code);
    text_area.min.y = pic.max.y;
    // Below the badge, the words may use the whole width again.
    if (o.selected && text_area.min.y >= badge.max.y) text_area.max.x = r.max.x - pad;
  }
  // Where the words went (for the layout record).
  ImVec2 lmin(FLT_MAX, FLT_MAX), lmax(-FLT_MAX, -FLT_MAX);
  auto words = [&](ImFont* f, ImVec2 at, std::string_view text) {
    ImVec2 size = MeasureText(f, text, text_area.W());
    DrawText(ui, f, at, fg, text, text_area.W());
    lmin = ImVec2(ImMin(lmin.x, at.x), ImMin(lmin.y, at.y));
    lmax = ImVec2(ImMax(lmax.x, at.x + size.x), ImMax(lmax.y, at.y + size.y));
    return size;
  };
  if (o.sublabel) {
    ImVec2 ls = MeasureText(font, label, text_area.W());
    ImVec2 ss = MeasureText(ui.fonts.body, o.sublabel, text_area.W());
    float total = ls.y + ss.y * 0.8f + ui.metrics.Mm(1);
    float y = text_area.min.y + (text_area.H() - total) / 2;
    float x = o.align_left ? text_area.min.x : text_area.min.x + (text_area.W() - ls.x) / 2;
    words(font, ImVec2(ImMax(x, text_area.min.x), y), label);
    x = o.align_left ? text_area.min.x : text_area.min.x + (text_area.W() - ss.x) / 2;
    words(ui.fonts.body, ImVec2(ImMax(x, text_area.min.x), y + ls.y + ui.metrics.Mm(1)),
          o.sublabel);
  } else {
    ImVec2 ls = MeasureText(font, label, text_area.W());
    float x = o.align_left ? text_area.min.x : text_area.min.x + (text_area.W() - ls.x) / 2;
    words(font, ImVec2(ImMax(x, text_area.min.x), text_area.min.y + (text_area.H() - ls.y) / 2),
          label);
  }
  if (ui.targets && recorded) {
    TouchTarget* t = ui.targets->last();
    if (lmin.x <= lmax.x) t->label_min = lmin, t->label_max = lmax;
    t->has_badge = o.selected;
    t->badge_min = badge.min;
    t->badge_max = badge.max;
  }
  return clicked;
}

ScrollArea::ScrollArea(Ui& ui, const char* id, Rect r, float content_height) : ui_(ui) {
  ImGui::SetCursorScreenPos(r.min);
  ImGui::BeginChild(id, ImVec2(r.W(), r.H()), false,
                    ImGuiWindowFlags_NoScrollWithMouse | ImGuiWindowFlags_NoBackground);
  // Drag-to-scroll: tested in ENGINEERING-NOTES (200 px drag = 200 px scroll).
  // A drag belongs to the area it started in, and keeps scrolling it when
  // the finger slides past the area's edge.
  ImGuiIO& io = ImGui::GetIO();
  ImVec2 start = io.MouseClickedPos[0];
  bool started_here =
      start.x >= r.min.x && start.x < r.max.x && start.y >= r.min.y && start.y < r.max.y;
  if (started_here && ImGui::IsMouseDragging(ImGuiMouseButton_Left, ui.metrics.Mm(3))) {
    ImGui::SetScrollY(ImGui::GetScrollY() - io.MouseDelta.y);
    ImGui::ClearActiveID();
  }
  origin_ = ImGui::GetCursorScreenPos();
  more_below_ = ImGui::GetScrollY() + r.H() < content_height - 1;
  width_ =
      r.W() - (content_height > r.H() ? ImGui::GetStyle().ScrollbarSize + ui.metrics.Mm(2) : 0);
  // Reserve the content height so ImGui knows how far it can scroll.
  ImGui::Dummy(ImVec2(1, content_height));
  ImGui::SetCursorScreenPos(origin_);
}

ScrollArea::~ScrollArea() { ImGui::EndChild(); }

float ScrollHintHeight(const Ui& ui) { return ui.fonts.body->FontSize + ui.metrics.Mm(3); }

void DrawScrollHint(Ui& ui, float x0, float x1, float top, bool more_below) {
  ImDrawList* dl = ImGui::GetWindowDrawList();
  float h = ScrollHintHeight(ui);
  const char* words = ui.Words(more_below ? txt::kScrollMore : txt::kScrollEnd);
  ImVec2 ts = MeasureText(ui.fonts.body, words);
  float arrow = ui.fonts.body->FontSize * 0.8f;
  float total = arrow * 2 + ui.metrics.Mm(4) * 2 + ts.x;
  float x = x0 + (x1 - x0 - total) / 2;
  float cy = top + h / 2;
  // A block arrow pointing down (more below) or up (back to the top), on
  // both sides of the words.
  auto draw_arrow = [&](float ax) {
    float s = arrow, dir = more_below ? 1.0f : -1.0f, shaft = s * 0.18f;
    float tail = cy - dir * s * 0.45f, head = cy + dir * s * 0.05f;
    dl->AddRectFilled(ImVec2(ax + s / 2 - shaft, ImMin(tail, head)),
                      ImVec2(ax + s / 2 + shaft, ImMax(tail, head)), ui.palette.text);
    ImVec2 left(ax, cy), right(ax + s, cy), tip(ax + s / 2, cy + dir * s * 0.5f);
    if (more_below)  // clockwise on screen, as ImGui's anti-aliasing wants
      dl->AddTriangleFilled(left, right, tip, ui.palette.text);
    else
      dl->AddTriangleFilled(right, left, tip, ui.palette.text);
  };
  draw_arrow(x);
  DrawText(ui, ui.fonts.body, ImVec2(x + arrow + ui.metrics.Mm(4), top + (h - ts.y) / 2),
           ui.palette.text, words);
  draw_arrow(x + arrow + ui.metrics.Mm(4) * 2 + ts.x);
}

}  // namespace gridledger::kiosk
