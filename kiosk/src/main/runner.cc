#include "main/runner.h"

#include <backends/imgui_impl_opengl3.h>
#include <imgui.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <csignal>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "platform/screenshot.h"

namespace gridledger::kiosk {
namespace {
volatile std::sig_atomic_t g_quit = 0;
volatile std::sig_atomic_t g_report = 0;  // SIGUSR1: print the frames drawn so far
std::atomic<bool> g_event{false};
void OnQuitSignal(int) { g_quit = 1; }
void OnReportSignal(int) { g_report = 1; }
}  // namespace

bool QuitRequested() { return g_quit != 0; }

namespace {
// CPU time of the calling thread: what a frame costs, whatever else the
// machine runs meanwhile.
double ThreadCpuMs() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}
}  // namespace

void NoteEvent() { g_event.store(true); }

void FrameDriver::SleepUntilDue(const std::function<void(double)>& wait_for) {
  double wait = WaitSeconds();
  if (g_report) {
    g_report = 0;
    ReportFrames();
  }
  if (wait <= 0) {
    wait_for(0);
    g_event.store(false);
    return;
  }
  using Clock = std::chrono::steady_clock;
  auto start = Clock::now();
  while (!g_event.exchange(false) && !QuitRequested()) {
    if (g_report) {
      g_report = 0;
      ReportFrames();
    }
    double left =
        std::isinf(wait) ? 1.0 : wait - std::chrono::duration<double>(Clock::now() - start).count();
    if (left <= 0) break;
    wait_for(std::min(left, 1.0));  // at least once a second: notice SIGTERM
  }
}

void InstallQuitHandlers() {
  std::signal(SIGINT, OnQuitSignal);
  std::signal(SIGTERM, OnQuitSignal);
  std::signal(SIGUSR1, OnReportSignal);
}

void FrameDriver::Prepare() {
  frame_start_ = std::chrono::steady_clock::now();
  thread_cpu_start_ = ThreadCpuMs();
  if (ctx_.app->PrepareFrame()) {
    // The backend's shaders and buffers first: otherwise its NewFrame
    // creates them, uploading the atlas a second time and leaking the first
    // texture (19 MB in Mesa's software renderer).
    if (!device_objects_) device_objects_ = ImGui_ImplOpenGL3_CreateDeviceObjects();
    ImGui_ImplOpenGL3_DestroyFontsTexture();
    auto build_start = std::chrono::steady_clock::now();
    ctx_.app->RebuildFonts();
    ImGui_ImplOpenGL3_CreateFontsTexture();
    // The texture is on the GPU; the CPU copies (alpha and RGBA, ~24 MB)
    // are not needed until the next rebuild, which makes new ones.
    ImGui::GetIO().Fonts->ClearTexData();
    const ImFontAtlas* atlas = ImGui::GetIO().Fonts;
    double build_ms =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - build_start)
            .count();
    std::fprintf(stderr, "kiosk: font atlas %dx%d, %d glyphs, built and uploaded in %.0f ms\n",
                 atlas->TexWidth, atlas->TexHeight,
                 ctx_.app->fonts().fonts().body->Glyphs.Size +
                     ctx_.app->fonts().fonts().heading->Glyphs.Size +
                     ctx_.app->fonts().fonts().huge->Glyphs.Size,
                 build_ms);
    settled_ = 0;
  }
}

void FrameDriver::Build() {
  ImGui::NewFrame();
  ctx_.app->Draw();
  ImGui::Render();
  if (ImGui::GetIO().MouseReleased[0]) ++releases_;
  double ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - frame_start_)
          .count();
  if (frame_ >= 10) {  // skip warm-up (first atlas upload)
    cpu_ms_total_ += ms;
    thread_cpu_ms_total_ += ThreadCpuMs() - thread_cpu_start_;
    ++cpu_frames_;
  }
}

double FrameDriver::WaitSeconds() const {
  const CommandLine& cmd = *ctx_.cmd;
  if (cmd.bench_frames > 0 || !cmd.screenshot.empty()) return 0;
  return ctx_.app->SecondsUntilRedraw();
}

void FrameDriver::ReportFrames() const {
  double s =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - ctx_.process_start).count();
  std::fprintf(stderr, "kiosk: %d frames drawn in %.1f s (%.2f per second)\n", frame_, s,
               s > 0 ? frame_ / s : 0.0);
}

bool FrameDriver::AfterRender(int w, int h) {
  const CommandLine& cmd = *ctx_.cmd;
  KioskApp& app = *ctx_.app;
  ++frame_;
  if (!first_frame_reported_) {
    first_frame_reported_ = true;
    double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() -
                                                          ctx_.process_start)
                    .count();
    std::fprintf(stderr, "kiosk: first screen rendered %.0f ms after start\n", ms);
  }
  if (app.screen() != last_screen_) {
    last_screen_ = app.screen();
    settled_ = 0;
  } else {
    ++settled_;
  }
  if (!cmd.targets_file.empty()) {
    std::ostringstream out;
    out << "screen " << ScreenName(app.screen()) << "\n";
    out << "ready " << (app.service_ready() ? 1 : 0) << "\n";
    if (!app.service_ready() && app.preparing().total > 0)
      out << "preparing " << app.preparing().done << " " << app.preparing().total << "\n";
    out << "taps " << releases_ << "\n";
    // What the screen says, for the Xvfb journey (test-only file): the
    // receipt's number and code, the rating's outcome, a lookup's error.
    const Session& s = app.session();
    if (app.screen() == Screen::kReceipt && s.receipt)
      out << "receipt " << s.receipt->case_id << " " << s.receipt->query_code << "\n";
    out << "feedback " << static_cast<int>(s.feedback_result) << "\n";
    out << "lookup_error " << static_cast<int>(s.lookup_error) << "\n";
    out << "idle_prompt " << (app.idle_prompt_visible() ? 1 : 0) << "\n";
    if (!app.entry_state().hw_candidates.empty())
      out << "hw_first " << app.entry_state().hw_candidates[0] << "\n";
    for (const TouchTarget& t : app.targets().all())
      out << "target " << t.id << " " << static_cast<int>(t.Center().x) << " "
          << static_cast<int>(t.Center().y) << " " << (t.enabled ? 1 : 0) << "\n";
    std::string text = out.str();
    static std::string last;
    if (text != last && settled_ >= 2) {
      last = text;
      // The picture first: when the file changes, the screen's PNG shows it.
      if (!cmd.screenshot_dir.empty()) {
        std::string path =
            cmd.screenshot_dir + "/kiosk-" + std::string(ScreenName(app.screen())) + ".png";
        if (!SaveFramebufferPng(path, w, h))
          std::fprintf(stderr, "kiosk: cannot write %s\n", path.c_str());
      }
      std::string tmp = cmd.targets_file + ".tmp";
      std::ofstream(tmp) << text;
      std::filesystem::rename(tmp, cmd.targets_file);
    }
  }
  // Save a screenshot when a screen has settled (fonts rebuilt, data shown).
  if (!cmd.screenshot_dir.empty() && cmd.targets_file.empty() && settled_ == 3) {
    std::string path =
        cmd.screenshot_dir + "/kiosk-" + std::string(ScreenName(app.screen())) + ".png";
    if (!SaveFramebufferPng(path, w, h))
      std::fprintf(stderr, "kiosk: cannot write %s\n", path.c_str());
  }
  if (!cmd.screenshot.empty() && settled_ >= 3 && !app.worker().Busy()) {
    bool ok = SaveFramebufferPng(cmd.screenshot, w, h);
    std::fprintf(stderr, "kiosk: %s %s\n", ok ? "saved" : "could not save", cmd.screenshot.c_str());
    exit_code_ = ok ? 0 : 1;
    return false;
  }
  if (QuitRequested()) return false;
  if (cmd.bench_frames > 0 && cpu_frames_ >= cmd.bench_frames) {
    std::printf(
        "kiosk: %d frames at %dx%d, CPU %.3f ms per frame (NewFrame+UI+Render, no GPU; "
        "%.3f ms wall)\n",
        cpu_frames_, w, h, thread_cpu_ms_total_ / cpu_frames_, cpu_ms_total_ / cpu_frames_);
    return false;
  }
  return true;
}

}  // namespace gridledger::kiosk
