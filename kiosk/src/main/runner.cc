#include "main/runner.h"

#include <backends/imgui_impl_opengl3.h>
#include <imgui.h>

#include <csignal>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "platform/screenshot.h"

namespace gridledger::kiosk {
namespace {
volatile std::sig_atomic_t g_quit = 0;
void OnQuitSignal(int) { g_quit = 1; }
}  // namespace

bool QuitRequested() { return g_quit != 0; }

void InstallQuitHandlers() {
  std::signal(SIGINT, OnQuitSignal);
  std::signal(SIGTERM, OnQuitSignal);
}

void FrameDriver::Prepare() {
  frame_start_ = std::chrono::steady_clock::now();
  if (ctx_.app->PrepareFrame()) {
    ImGui_ImplOpenGL3_DestroyFontsTexture();
    ctx_.app->RebuildFonts();
    ImGui_ImplOpenGL3_CreateFontsTexture();
    const ImFontAtlas* atlas = ImGui::GetIO().Fonts;
    std::fprintf(stderr, "kiosk: font atlas %dx%d, %d glyphs\n", atlas->TexWidth, atlas->TexHeight,
                 ctx_.app->fonts().fonts().body->Glyphs.Size +
                     ctx_.app->fonts().fonts().heading->Glyphs.Size +
                     ctx_.app->fonts().fonts().huge->Glyphs.Size);
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
    ++cpu_frames_;
  }
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
    out << "taps " << releases_ << "\n";
    for (const TouchTarget& t : app.targets().all())
      out << "target " << t.id << " " << static_cast<int>(t.Center().x) << " "
          << static_cast<int>(t.Center().y) << " " << (t.enabled ? 1 : 0) << "\n";
    std::string text = out.str();
    static std::string last;
    if (text != last && settled_ >= 2) {
      last = text;
      std::string tmp = cmd.targets_file + ".tmp";
      std::ofstream(tmp) << text;
      std::filesystem::rename(tmp, cmd.targets_file);
    }
  }
  // Save a screenshot when a screen has settled (fonts rebuilt, data shown).
  if (!cmd.screenshot_dir.empty() && settled_ == 3) {
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
    std::printf("kiosk: %d frames at %dx%d, CPU %.3f ms per frame (NewFrame+UI+Render, no GPU)\n",
                cpu_frames_, w, h, cpu_ms_total_ / cpu_frames_);
    return false;
  }
  return true;
}

}  // namespace gridledger::kiosk
