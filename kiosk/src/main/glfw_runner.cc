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
  ImGui_ImplGlfw_InitForOpenGL(window, true);
  ImGui_ImplOpenGL3_Init("#version 130");

  FrameDriver driver(ctx);
  bool running = true;
  while (running && !glfwWindowShouldClose(window)) {
    // Wake for input at once; otherwise ~30 frames/s for the countdown and
    // progress ring, without burning a core while idle.
    glfwWaitEventsTimeout(cmd.bench_frames > 0 ? 0.0 : 1.0 / 30);
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
  ImGui_ImplOpenGL3_Shutdown();
  ImGui_ImplGlfw_Shutdown();
  ImGui::DestroyContext();
  glfwDestroyWindow(window);
  glfwTerminate();
  return driver.exit_code();
}

}  // namespace gridledger::kiosk
