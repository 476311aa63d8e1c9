// Headless ImGui driver for kiosk tests: no window, no GPU. Builds the font
// atlas in memory, runs NewFrame/Draw/Render, and taps widgets at the
// rectangles they recorded in the last frame (their real positions).
#pragma once

#include <imgui.h>

#include <string>
#include <vector>

#include "kiosk_app.h"

namespace gridledger::kiosk::testing {

class Harness {
 public:
  explicit Harness(KioskApp& app, ImVec2 display = ImVec2(1920, 1080));
  ~Harness();
  Harness(const Harness&) = delete;
  Harness& operator=(const Harness&) = delete;

  // One frame with the pointer where it is.
  void Frame();
  // Lets queued engine work finish (no sleeping: waits on the worker), then
  // runs frames so completions and font rebuilds apply.
  void Settle();
  // Taps the widget recorded as `id` in the latest frame: move, press,
  // release, move away. Returns false (and taps nothing) if it is absent.
  bool Tap(const std::string& id);
  // Taps each id in turn; returns the first that was missing, or "".
  std::string TapAll(std::initializer_list<std::string> ids);
  // A press-move-release drag in `steps` frames.
  void Drag(ImVec2 from, ImVec2 to, int steps = 8);
  // Draws strokes (canvas-relative points) on the target `canvas_id`.
  void Stroke(const std::string& canvas_id, ImVec2 from, ImVec2 to, int steps = 8);
  // One stroke through `points` (canvas fractions 0..1 of its width/height),
  // `steps` frames per segment: a 横折 is one stroke with a corner.
  void StrokePath(const std::string& canvas_id, const std::vector<ImVec2>& points, int steps = 6);
  bool Has(const std::string& id);
  KioskApp& app() { return app_; }

 private:
  void SetPointer(ImVec2 pos, bool down);
  KioskApp& app_;
  ImGuiContext* ctx_;
};

}  // namespace gridledger::kiosk::testing
