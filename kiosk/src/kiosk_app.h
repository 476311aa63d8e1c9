// KioskApp: the resident kiosk, independent of any window system: the
// journey (KioskController) joined to its Dear ImGui screens (the table in
// app/screen.h). A runner (GLFW, SDL2 or a headless test) owns the ImGui
// context and calls, once per frame:
//
//   if (app.PrepareFrame()) { <drop font texture>; app.RebuildFonts(); <upload> }
//   ImGui::NewFrame(); app.Draw(); ImGui::Render();
//
// Threading: every method is for the UI thread. Engine calls run on the
// controller's CommandWorker; their results are applied in PrepareFrame().
//
// Privacy: see KioskController; what the UI keeps of a session (the text
// entry pads, the receipt's QR code, ImGui's text state) is wiped with it.
#pragma once

#include <memory>
#include <string>

#include "app/kiosk_controller.h"
#include "app/kiosk_view.h"
#include "ui/fonts.h"
#include "ui/screens/screen_ui.h"
#include "ui/touch_targets.h"

namespace gridledger::kiosk {

class KioskApp : private KioskView {
 public:
  using ServiceOpener = KioskController::ServiceOpener;

  KioskApp(const KioskOptions& options, const KioskDeps& deps);
  ~KioskApp() override;  // finishes queued engine work first

  KioskController& controller() { return controller_; }

  // See KioskController.
  void OpenService(ServiceOpener opener) { controller_.OpenService(std::move(opener)); }
  bool service_ready() const { return controller_.service_ready(); }
  void ReportPreparing(uint32_t done, uint32_t total) { controller_.ReportPreparing(done, total); }
  StartupProgress::Snapshot preparing() const { return controller_.preparing(); }
  const std::string& service_error() const { return controller_.service_error(); }

  // Before ImGui::NewFrame(). Returns true when the font atlas must be
  // rebuilt (call RebuildFonts() and re-upload the texture).
  bool PrepareFrame();
  void RebuildFonts();
  void Draw();
  // After a frame: how long the runner may sleep waiting for input before
  // it must draw again. 0 = draw the next frame now (input is settling, an
  // animation runs, engine results or a font rebuild wait); infinity = only
  // on input or a worker wake-up (CommandWorker::SetWakeup). A static
  // screen thus costs no frames but the idle timer's (~1 per second during
  // the countdown).
  double SecondsUntilRedraw() const;

  // ---- state (tests, --screen) ----
  Screen screen() const { return controller_.screen(); }
  void GoTo(Screen s) { controller_.GoTo(s); }
  void ResetSession() { controller_.ResetSession(); }
  void StartOver() { controller_.StartOver(); }
  bool confirm_home_visible() const { return controller_.confirm_home_visible(); }
  Session& session() { return controller_.session(); }
  const TouchTargets& targets() const { return targets_; }
  CommandWorker& worker() { return controller_.worker(); }
  const Metrics& metrics() const { return ui_.ui.metrics; }
  FontLibrary& fonts() { return fonts_; }
  Lang lang() const { return controller_.lang(); }
  bool idle_prompt_visible() const { return controller_.idle_prompt_visible(); }
  const std::string& last_prompt() const { return controller_.last_prompt(); }
  std::string ReceiptQrText() const { return controller_.ReceiptQrText(); }
  const TextEntryState& entry_state() const { return ui_.entry; }
  void FillSampleSession() { controller_.FillSampleSession(); }
  // Presentation toggles (the top bar's buttons; also for screenshots).
  void SetLargeText(bool on) { controller_.SetLargeText(on); }
  void SetHighContrast(bool on) { controller_.SetHighContrast(on); }
  void SetLang(Lang lang) { controller_.SetLang(lang); }
  // Opens the pinyin or handwriting pad on the text screens.
  void SetEntryMode(EntryMode mode) { ui_.entry.mode = mode; }

 private:
  // KioskView.
  void WillShow(std::string_view text) override;
  void ScreenChanged() override;
  void DisplayChanged(DisplayChange what) override;
  void SessionWiped() override;

  static constexpr int kSettleFrames = 6;

  KioskDeps deps_;
  ScreenUi ui_;
  FontLibrary fonts_;
  TouchTargets targets_;
  bool font_rebuild_ = true;
  // Frames still to draw after input, a screen change or a font rebuild
  // (ImGui settles hover/active state; the runner's screenshot and target
  // file wait for a settled screen).
  int settle_frames_ = kSettleFrames;
  ImVec2 last_pointer_{-1, -1};
  bool last_down_ = false;
  Screen last_drawn_screen_ = Screen::kStart;
  // Last: destroyed first, while everything it calls back into is there.
  KioskController controller_;
};

}  // namespace gridledger::kiosk
