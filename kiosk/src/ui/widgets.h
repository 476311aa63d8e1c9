// Touch widgets drawn at absolute rectangles. Every interactive widget
// records its rectangle in Ui::targets under its id (tests tap by id and
// check that nothing is smaller than Metrics::MinTarget()).
//
// Buttons look the same hovered or not (after a tap the pointer stays where
// it was); pressed buttons darken; selected ones get a tick and a thick
// border as well as a colour.
#pragma once

#include <imgui.h>

#include <string_view>

#include "ui/ui_context.h"

namespace gridledger::kiosk {

struct Rect {
  ImVec2 min, max;
  float W() const { return max.x - min.x; }
  float H() const { return max.y - min.y; }
  static Rect XYWH(float x, float y, float w, float h) { return {{x, y}, {x + w, y + h}}; }
};

enum class ButtonKind { kNormal, kPrimary, kQuiet };

struct ButtonOptions {
  ButtonKind kind = ButtonKind::kNormal;
  bool selected = false;
  bool enabled = true;
  const char* sublabel = nullptr;  // second, smaller line
  ImFont* font = nullptr;          // default: body
  bool align_left = false;
  // Draws a pictogram in the top part of the button (category tiles).
  void (*pictogram)(ImDrawList*, Rect, ImU32, std::string_view) = nullptr;
  std::string_view pictogram_code;
};

// A button at `r`; returns true on the frame it is tapped (released).
// A selected button shows a tick badge in its top-right corner; its words
// are laid out beside the badge, never under it (a label wider than that
// is the caller's sizing error: use ButtonWidthFor).
bool Button(Ui& ui, const char* id, std::string_view label, Rect r,
            const ButtonOptions& options = {});

// The narrowest button that shows `label` in `font` on one line with its
// padding and, when it can be selected, the tick badge beside the words.
float ButtonWidthFor(const Ui& ui, ImFont* font, std::string_view label, bool selectable);

// Text drawing. Width 0 = no wrapping. Returns the height used.
float DrawText(Ui& ui, ImFont* font, ImVec2 pos, ImU32 color, std::string_view text,
               float wrap_width = 0);
float DrawTextCentered(Ui& ui, ImFont* font, Rect r, ImU32 color, std::string_view text);
ImVec2 MeasureText(ImFont* font, std::string_view text, float wrap_width = 0);
// A framed box with an error message (icon + words, never colour alone).
float DrawErrorBox(Ui& ui, Rect r, std::string_view text);
// A framed bar filled to `fraction` (0..1) of its width: progress that can
// be seen from a distance (the words beside it give the numbers).
void DrawProgressBar(Ui& ui, Rect r, float fraction);
// A drawn tick (no glyph needed).
void DrawTick(ImDrawList* dl, ImVec2 center, float size, ImU32 color, float thickness);

// A vertically scrolling region at `r` that scrolls by dragging a finger
// (ImGui 1.86 has no touch scrolling): a drag beyond ~12 px scrolls and
// cancels the press, so it never turns into a tap. Content is laid out by
// the caller with ContentOrigin() as its top-left corner.
class ScrollArea {
 public:
  ScrollArea(Ui& ui, const char* id, Rect r, float content_height);
  ~ScrollArea();
  ImVec2 ContentOrigin() const { return origin_; }
  // Width left for content (the scrollbar takes its share when needed).
  float ContentWidth() const { return width_; }
  // Content lies below the visible part (the resident can slide for more).
  bool MoreBelow() const { return more_below_; }

 private:
  Ui& ui_;
  ImVec2 origin_;
  float width_ = 0;
  bool more_below_ = false;
};

// Under a scroll area whose content is taller than the area: an arrow and
// words, "向下滑动查看更多" while more lies below, else that the end is
// reached (words and shape, not a thin scrollbar alone). Occupies
// ScrollHintHeight() at `top`, the full width `x0`..`x1`.
float ScrollHintHeight(const Ui& ui);
void DrawScrollHint(Ui& ui, float x0, float x1, float top, bool more_below);

}  // namespace gridledger::kiosk
