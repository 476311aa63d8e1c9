// Simple drawn pictograms for category tiles (no image files, no glyphs):
// each category code maps to a few shapes in the tile's text colour.
#pragma once

#include <imgui.h>

#include <string_view>

#include "ui/widgets.h"

namespace gridledger::kiosk {

void DrawPictogram(ImDrawList* dl, Rect r, ImU32 color, std::string_view category_code);

}  // namespace gridledger::kiosk
