// What the GLFW and SDL2 runners share: the per-frame sequence around
// KioskApp, screenshots, the touch-target file for tests, and timings.
#pragma once

#include <chrono>
#include <functional>
#include <string>

#include "kiosk_app.h"
#include "main/options.h"

namespace gridledger::kiosk {

struct RunContext {
  KioskApp* app = nullptr;
  const CommandLine* cmd = nullptr;
  std::chrono::steady_clock::time_point process_start;
};

// One frame after the backend's NewFrame: returns false when the app should exit.
// `rebuild_fonts` drops/re-creates the GL font texture around RebuildFonts().
class FrameDriver {
 public:
  explicit FrameDriver(RunContext ctx) : ctx_(ctx) {}
  // Before the backends' NewFrame.
  void Prepare();
  // ImGui::NewFrame .. ImGui::Render.
  void Build();
  // After rendering into the back buffer, before swapping. Returns false to exit.
  bool AfterRender(int fb_width, int fb_height);
  int exit_code() const { return exit_code_; }
  // How long the runner may wait for events before the next frame (the
  // app's SecondsUntilRedraw(); 0 while a screenshot or --bench-frames
  // needs frames). Infinity: until an event.
  double WaitSeconds() const;
  // Prints frames drawn and frames per second since the start (at exit).
  void ReportFrames() const;
  // Sleeps until the next frame is due: polls once when WaitSeconds() is 0;
  // otherwise calls `wait_for(seconds)` (the backend's event wait, which
  // must call NoteEvent() for every event) until an event is noted, the
  // app's wait is over, or quitting is requested.
  void SleepUntilDue(const std::function<void(double)>& wait_for);

 private:
  RunContext ctx_;
  int frame_ = 0;
  int releases_ = 0;  // pointer releases seen (tests wait on it)
  int settled_ = 0;
  Screen last_screen_ = Screen::kStart;
  bool first_frame_reported_ = false;
  bool device_objects_ = false;     // the GL backend's shaders and buffers exist
  double cpu_ms_total_ = 0;         // wall time of the frames' UI work
  double thread_cpu_ms_total_ = 0;  // the UI thread's CPU time for it
  double thread_cpu_start_ = 0;
  int cpu_frames_ = 0;
  int exit_code_ = 0;
  std::chrono::steady_clock::time_point frame_start_;
};

// Set by SIGINT/SIGTERM: the runners leave their loop so that main can
// close the engine and remove --demo's temporary directory.
bool QuitRequested();
void InstallQuitHandlers();
// Input or a worker wake-up arrived (any thread; the backends call it).
void NoteEvent();

int RunGlfw(const RunContext& ctx);
int RunSdl(const RunContext& ctx);

}  // namespace gridledger::kiosk
