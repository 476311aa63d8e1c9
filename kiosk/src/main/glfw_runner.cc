// GLFW + OpenGL3 window (the default). GLFW 3.3 has no touch API: touches
// arrive as the X server's emulated pointer.
#include <GLFW/glfw3.h>
#include <backends/imgui_impl_glfw.h>
#include <backends/imgui_impl_opengl3.h>
#include <imgui.h>

#include <cstdio>

#include "main/runner.h"

namespace gridledger::kiosk {

int RunGlfw(const RunContext& ctx) {
  const CommandLine& cmd = *ctx.cmd;
  if (!glfwInit()) {
    std::fprintf(stderr, "kiosk: cannot initialise GLFW (no display?)\n");
    return 1;
  }
  glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 0);
  glfwWindowHint(GLFW_RESIZABLE, GLFW_FALSE);
  GLFWmonitor* monitor = cmd.windowed ? nullptr : glfwGetPrimaryMonitor();
  int w = cmd.width, h = cmd.height;
  if (monitor) {
    const GLFWvidmode* mode = glfwGetVideoMode(monitor);
    w = mode->width;
    h = mode->height;
  }
  GLFWwindow* window = glfwCreateWindow(w, h, "GridLedger 社区便民服务", monitor, nullptr);
  if (!window) {
    std::fprintf(stderr, "kiosk: cannot create a window\n");
    glfwTerminate();
    return 1;
  }
  glfwMakeContextCurrent(window);
  glfwSwapInterval(1);
  glfwSetInputMode(window, GLFW_CURSOR, GLFW_CURSOR_HIDDEN);

  IMGUI_CHECKVERSION();
  ImGui::CreateContext();
  ImGuiIO& io = ImGui::GetIO();
  io.IniFilename = nullptr;
  io.ConfigFlags |= ImGuiConfigFlags_NoMouseCursorChange;
  // Every input event is noted (ImGui's backend chains to these callbacks).
  glfwSetCursorPosCallback(window, [](GLFWwindow*, double, double) { NoteEvent(); });
  glfwSetMouseButtonCallback(window, [](GLFWwindow*, int, int, int) { NoteEvent(); });
  glfwSetScrollCallback(window, [](GLFWwindow*, double, double) { NoteEvent(); });
  glfwSetKeyCallback(window, [](GLFWwindow*, int, int, int, int) { NoteEvent(); });
  glfwSetCharCallback(window, [](GLFWwindow*, unsigned int) { NoteEvent(); });
  glfwSetWindowFocusCallback(window, [](GLFWwindow*, int) { NoteEvent(); });
  glfwSetCursorEnterCallback(window, [](GLFWwindow*, int) { NoteEvent(); });
  glfwSetWindowRefreshCallback(window, [](GLFWwindow*) { NoteEvent(); });
  ImGui_ImplGlfw_InitForOpenGL(window, true);
  ImGui_ImplOpenGL3_Init("#version 130");

  FrameDriver driver(ctx);
  // Engine results arrive on the worker thread: wake the event wait.
  ctx.app->worker().SetWakeup([] {
    NoteEvent();
    glfwPostEmptyEvent();
  });
  bool running = true;
  while (running && !glfwWindowShouldClose(window)) {
    // Draw only when something changed: input, a wake-up from the worker,
    // or a deadline the app names (countdown tick, idle timeout,
    // animation). A static screen sleeps here.
    driver.SleepUntilDue([](double s) {
      if (s <= 0)
        glfwPollEvents();
      else
        glfwWaitEventsTimeout(s);
    });
    if (QuitRequested()) break;
    driver.Prepare();
    ImGui_ImplOpenGL3_NewFrame();
    ImGui_ImplGlfw_NewFrame();
    driver.Build();
    int fw, fh;
    glfwGetFramebufferSize(window, &fw, &fh);
    glViewport(0, 0, fw, fh);
    glClearColor(0, 0, 0, 1);
    glClear(GL_COLOR_BUFFER_BIT);
    ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
    running = driver.AfterRender(fw, fh);
    glfwSwapBuffers(window);
  }
  ctx.app->worker().SetWakeup(nullptr);
  driver.ReportFrames();
  ImGui_ImplOpenGL3_Shutdown();
  ImGui_ImplGlfw_Shutdown();
  ImGui::DestroyContext();
  glfwDestroyWindow(window);
  glfwTerminate();
  return driver.exit_code();
}

}  // namespace gridledger::kiosk
