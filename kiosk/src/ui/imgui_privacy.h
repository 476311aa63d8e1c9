// Forgetting what ImGui itself may hold of a resident's input: the active
// widget, the InputText state and its undo stack, queued characters. The
// kiosk keeps its own buffers and never uses InputText, but a reset still
// clears these so no path can leak text to the next user.
#pragma once

namespace gridledger::kiosk {

void ForgetImGuiTextState();
// True when `needle` occurs anywhere ImGui keeps text: InputText buffers,
// window names, the input character queue (tests).
bool ImGuiHoldsText(const char* needle);

}  // namespace gridledger::kiosk
