#include "ui/imgui_privacy.h"

#include <imgui.h>
#include <imgui_internal.h>

#include <cstring>
#include <string>

namespace gridledger::kiosk {

void ForgetImGuiTextState() {
  if (!GImGui) return;
  ImGuiContext& g = *GImGui;
  ImGui::ClearActiveID();
  ImGuiInputTextState& s = g.InputTextState;
  for (auto& c : s.TextW) c = 0;
  for (auto& c : s.TextA) c = 0;
  for (auto& c : s.InitialTextA) c = 0;
  s.ClearFreeMemory();
  s.ID = 0;
  std::memset(&s.Stb, 0, sizeof(s.Stb));  // holds the undo stack
  g.IO.InputQueueCharacters.clear();
}

bool ImGuiHoldsText(const char* needle) {
  ImGuiContext& g = *GImGui;
  std::string n(needle);
  const ImGuiInputTextState& s = g.InputTextState;
  auto has = [&](const char* p, size_t len) {
    return std::string(p ? p : "", p ? len : 0).find(n) != std::string::npos;
  };
  if (has(s.TextA.Data, s.TextA.Size) || has(s.InitialTextA.Data, s.InitialTextA.Size)) return true;
  std::string wide;
  for (ImWchar c : s.TextW) wide += static_cast<char>(c < 0x80 ? c : '?');
  if (wide.find(n) != std::string::npos) return true;
  // The undo stack keeps deleted characters.
  const auto& undo = s.Stb.undostate;
  std::string undo_chars;
  for (ImWchar c : undo.undo_char) undo_chars += static_cast<char>(c < 0x80 ? c : '?');
  if (undo_chars.find(n) != std::string::npos) return true;
  for (ImGuiWindow* w : g.Windows)
    if (w->Name && std::string(w->Name).find(n) != std::string::npos) return true;
  std::string queued;
  for (ImWchar c : g.IO.InputQueueCharacters) queued += static_cast<char>(c < 0x80 ? c : '?');
  return queued.find(n) != std::string::npos;
}

}  // namespace gridledger::kiosk
