// Colours for the normal and high-contrast themes. Colour is never the only
// signal: selected items also carry a drawn tick and a thick border, errors
// carry words.
#pragma once

#include <imgui.h>

namespace gridledger::kiosk {

struct Palette {
  ImU32 background, panel, text, muted, border;
  ImU32 button, button_pressed, button_text;
  ImU32 primary, primary_pressed, primary_text;
  ImU32 selected, selected_text;
  ImU32 error_bg, error_text;
  ImU32 disabled, disabled_text;
};

Palette NormalPalette();
Palette HighContrastPalette();
// Applies the palette and sizes to ImGui's own style (scrollbars, windows).
void ApplyStyle(const Palette& p, float px_per_mm);

}  // namespace gridledger::kiosk
