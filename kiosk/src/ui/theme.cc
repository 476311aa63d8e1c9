#include "ui/theme.h"

namespace gridledger::kiosk {

// Text/background pairs are chosen for contrast >= 4.5:1 (normal) and
// >= 7:1 (high contrast).
Palette NormalPalette() {
  Palette p;
  p.background = IM_COL32(246, 243, 236, 255);
  p.panel = IM_COL32(255, 255, 255, 255);
  p.text = IM_COL32(20, 20, 20, 255);
  p.muted = IM_COL32(70, 70, 70, 255);
  p.border = IM_COL32(90, 90, 90, 255);
  p.button = IM_COL32(255, 255, 255, 255);
  p.button_pressed = IM_COL32(200, 215, 235, 255);
  p.button_text = IM_COL32(20, 20, 20, 255);
  p.primary = IM_COL32(0, 82, 160, 255);
  p.primary_pressed = IM_COL32(0, 50, 105, 255);
  p.primary_text = IM_COL32(255, 255, 255, 255);
  p.selected = IM_COL32(214, 234, 255, 255);
  p.selected_text = IM_COL32(0, 40, 90, 255);
  p.error_bg = IM_COL32(255, 236, 230, 255);
  p.error_text = IM_COL32(150, 20, 0, 255);
  p.disabled = IM_COL32(225, 225, 225, 255);
  p.disabled_text = IM_COL32(90, 90, 90, 255);
  return p;
}

Palette HighContrastPalette() {
  Palette p;
  p.background = IM_COL32(0, 0, 0, 255);
  p.panel = IM_COL32(0, 0, 0, 255);
  p.text = IM_COL32(255, 255, 255, 255);
  p.muted = IM_COL32(235, 235, 235, 255);
  p.border = IM_COL32(255, 255, 255, 255);
  p.button = IM_COL32(0, 0, 0, 255);
  p.button_pressed = IM_COL32(60, 60, 60, 255);
  p.button_text = IM_COL32(255, 255, 255, 255);
  p.primary = IM_COL32(255, 230, 0, 255);
  p.primary_pressed = IM_COL32(200, 180, 0, 255);
  p.primary_text = IM_COL32(0, 0, 0, 255);
  p.selected = IM_COL32(255, 230, 0, 255);
  p.selected_text = IM_COL32(0, 0, 0, 255);
  p.error_bg = IM_COL32(0, 0, 0, 255);
  p.error_text = IM_COL32(255, 230, 0, 255);
  p.disabled = IM_COL32(0, 0, 0, 255);
  p.disabled_text = IM_COL32(200, 200, 200, 255);
  return p;
}

void ApplyStyle(const Palette& p, float px_per_mm) {
  ImGuiStyle& s = ImGui::GetStyle();
  s = ImGuiStyle();
  s.WindowPadding = ImVec2(0, 0);
  s.WindowBorderSize = 0;
  s.WindowRounding = 0;
  s.ChildBorderSize = 0;
  s.ItemSpacing = ImVec2(0, 0);
  s.ScrollbarSize = 4.0f * px_per_mm;  // a visual cue only; drag scrolls
  s.ScrollbarRounding = 0;
  s.Colors[ImGuiCol_WindowBg] = ImColor(p.background);
  s.Colors[ImGuiCol_ChildBg] = ImVec4(0, 0, 0, 0);
  s.Colors[ImGuiCol_Text] = ImColor(p.text);
  s.Colors[ImGuiCol_ScrollbarBg] = ImColor(p.background);
  s.Colors[ImGuiCol_ScrollbarGrab] = ImColor(p.border);
  s.Colors[ImGuiCol_ScrollbarGrabHovered] = ImColor(p.border);
  s.Colors[ImGuiCol_ScrollbarGrabActive] = ImColor(p.border);
}

}  // namespace gridledger::kiosk
