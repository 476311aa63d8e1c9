// SDL2 + OpenGL3 window (--backend sdl). SDL turns touches into mouse
// events, which the ImGui backend reads.
#include <GL/gl.h>
#include <SDL.h>
#include <backends/imgui_impl_opengl3.h>
#include <backends/imgui_impl_sdl.h>
#include <imgui.h>

#include <algorithm>
#include <cstdio>

#include "main/runner.h"

namespace gridledger::kiosk {

int RunSdl(const RunContext& ctx) {
  const CommandLine& cmd = *ctx.cmd;
  if (SDL_Init(SDL_INIT_VIDEO | SDL_INIT_TIMER) != 0) {
    std::fprintf(stderr, "kiosk: SDL: %s\n", SDL_GetError());
    return 1;
  }
  SDL_GL_SetAttribute(SDL_GL_CONTEXT_MAJOR_VERSION, 3);
  SDL_GL_SetAttribute(SDL_GL_CONTEXT_MINOR_VERSION, 0);
  SDL_GL_SetAttribute(SDL_GL_DOUBLEBUFFER, 1);
  Uint32 flags = SDL_WINDOW_OPENGL | (cmd.windowed ? 0 : SDL_WINDOW_FULLSCREEN_DESKTOP);
  SDL_Window* window = SDL_CreateWindow("GridLedger 社区便民服务", SDL_WINDOWPOS_CENTERED,
                                        SDL_WINDOWPOS_CENTERED, cmd.width, cmd.height, flags);
  if (!window) {
    std::fprintf(stderr, "kiosk: SDL window: %s\n", SDL_GetError());
    SDL_Quit();
    return 1;
  }
  SDL_GLContext gl = SDL_GL_CreateContext(window);
  SDL_GL_MakeCurrent(window, gl);
  SDL_GL_SetSwapInterval(1);
  SDL_ShowCursor(SDL_DISABLE);

  IMGUI_CHECKVERSION();
  ImGui::CreateContext();
  ImGuiIO& io = ImGui::GetIO();
  io.IniFilename = nullptr;
  io.ConfigFlags |= ImGuiConfigFlags_NoMouseCursorChange;
  ImGui_ImplSDL2_InitForOpenGL(window, gl);
  ImGui_ImplOpenGL3_Init("#version 130");

  FrameDriver driver(ctx);
  // Engine results arrive on the worker thread: an SDL user event wakes the wait.
  static Uint32 wake_event = SDL_RegisterEvents(1);
  ctx.app->worker().SetWakeup([] {
    SDL_Event e{};
    e.type = wake_event;
    SDL_PushEvent(&e);  // thread-safe
  });
  bool running = true;
  auto handle = [&](const SDL_Event& e) {
    ImGui_ImplSDL2_ProcessEvent(&e);
    if (e.type == SDL_QUIT) running = false;
    NoteEvent();
  };
  while (running) {
    // Draw only when something changed (see the GLFW runner).
    driver.SleepUntilDue([&](double s) {
      SDL_Event e;
      if (s > 0 && SDL_WaitEventTimeout(&e, std::max(1, static_cast<int>(s * 1000)))) handle(e);
      while (SDL_PollEvent(&e)) handle(e);
    });
    if (QuitRequested()) break;
    driver.Prepare();
    ImGui_ImplOpenGL3_NewFrame();
    ImGui_ImplSDL2_NewFrame();
    driver.Build();
    int fw, fh;
    SDL_GL_GetDrawableSize(window, &fw, &fh);
    glViewport(0, 0, fw, fh);
    glClearColor(0, 0, 0, 1);
    glClear(GL_COLOR_BUFFER_BIT);
    ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
    running = driver.AfterRender(fw, fh) && running;
    SDL_GL_SwapWindow(window);
  }
  ctx.app->worker().SetWakeup(nullptr);
  driver.ReportFrames();
  ImGui_ImplOpenGL3_Shutdown();
  ImGui_ImplSDL2_Shutdown();
  ImGui::DestroyContext();
  SDL_GL_DeleteContext(gl);
  SDL_DestroyWindow(window);
  SDL_Quit();
  return driver.exit_code();
}

}  // namespace gridledger::kiosk
