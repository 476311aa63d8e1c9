#include "kiosk_app.h"

#include <imgui.h>
#include <imgui_internal.h>

#include <algorithm>
#include <limits>

#include "app/secure_string.h"
#include "input/pinyin_ime.h"
#include "ui/imgui_privacy.h"
#include "ui/screens/chrome.h"
#include "ui/screens/screens.h"
#include "ui/theme.h"

namespace gridledger::kiosk {

KioskApp::KioskApp(const KioskOptions& options, const KioskDeps& deps)
    : deps_(deps), controller_(options, deps, this) {
  ui_.ui.metrics.px_per_mm = options.px_per_mm;
  ui_.ui.palette = NormalPalette();
  ui_.ui.targets = &targets_;
  ui_.text_entry = TextEntryDeps{deps.ime, deps.handwriting, &fonts_};
}

KioskApp::~KioskApp() = default;

void KioskApp::WillShow(std::string_view text) { fonts_.AddText(text); }

void KioskApp::ScreenChanged() {
  if (ImGui::GetCurrentContext()) ImGui::ClearActiveID();
}

void KioskApp::DisplayChanged(DisplayChange what) {
  const DisplaySettings& d = controller_.display();
  Ui& ui = ui_.ui;
  switch (what) {
    case DisplayChange::kLanguage:
      ui.lang = d.lang;
      break;
    case DisplayChange::kTextSize:
      ui.metrics.large_text = d.large_text;
      font_rebuild_ = true;
      break;
    case DisplayChange::kContrast:
      ui.palette = d.high_contrast ? HighContrastPalette() : NormalPalette();
      if (ImGui::GetCurrentContext()) ApplyStyle(ui.palette, ui.metrics.px_per_mm);
      break;
  }
}

void KioskApp::SessionWiped() {
  ui_.entry.Reset();
  ui_.receipt_qr = QrMatrix{};
  Wipe(ui_.receipt_qr_text);
  ForgetImGuiTextState();
}

bool KioskApp::PrepareFrame() {
  controller_.ApplyResults();
  return font_rebuild_ || fonts_.rebuild_needed();
}

void KioskApp::RebuildFonts() {
  ImGuiIO& io = ImGui::GetIO();
  Ui& ui = ui_.ui;
  fonts_.Build(io.Fonts, ui.metrics);
  ui.fonts = fonts_.fonts();
  io.FontDefault = ui.fonts.body;
  ApplyStyle(ui.palette, ui.metrics.px_per_mm);
  font_rebuild_ = false;
  settle_frames_ = std::max(settle_frames_, kSettleFrames);
}

double KioskApp::SecondsUntilRedraw() const {
  if (settle_frames_ > 0 || font_rebuild_ || fonts_.rebuild_needed()) return 0;
  double journey = controller_.SecondsUntilChange();
  if (journey == 0) return 0;
  if (ui_.entry.mode == EntryMode::kPinyin && deps_.ime && !deps_.ime->Ready())
    return 0.1;  // RIME deploys on its own thread: look again shortly
  return journey;
}

void KioskApp::Draw() {
  ImGuiIO& io = ImGui::GetIO();
  ui_.ui.display = io.DisplaySize;
  targets_.BeginFrame();
  controller_.BeginFrame(io.MouseDown[0]);
  // Input this frame (the pointer moved, pressed or released): keep drawing
  // a few frames so that ImGui's press/release and the screen settle.
  bool input = io.MousePos.x != last_pointer_.x || io.MousePos.y != last_pointer_.y ||
               io.MouseDown[0] != last_down_ || io.InputQueueCharacters.Size > 0;
  last_pointer_ = io.MousePos;
  last_down_ = io.MouseDown[0];
  if (input || controller_.screen() != last_drawn_screen_)
    settle_frames_ = kSettleFrames;
  else if (settle_frames_ > 0)
    --settle_frames_;
  last_drawn_screen_ = controller_.screen();

  ImGui::SetNextWindowPos(ImVec2(0, 0));
  ImGui::SetNextWindowSize(io.DisplaySize);
  ImGui::Begin("##kiosk", nullptr,
               ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                   ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoBringToFrontOnFocus |
                   ImGuiWindowFlags_NoScrollWithMouse);
  ImGui::GetWindowDrawList()->AddRectFilled(ImVec2(0, 0), io.DisplaySize,
                                            ui_.ui.palette.background);
  if (!InfoOf(controller_.screen()).full_screen) DrawTopBar(ui_, controller_);
  // The top bar may have changed the screen: draw the one there is now.
  InfoOf(controller_.screen()).draw(ui_, controller_);
  ImGui::End();
  controller_.EndFrame();
  if (controller_.confirm_home_visible() && !controller_.idle_prompt_visible())
    DrawHomeConfirm(ui_, controller_);
  if (controller_.idle_prompt_visible()) DrawIdlePrompt(ui_, controller_);
  if (controller_.screen() != last_drawn_screen_)
    settle_frames_ = kSettleFrames;  // changed while drawing
}

}  // namespace gridledger::kiosk
