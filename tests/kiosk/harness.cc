#include "harness.h"

#include <cfloat>

namespace gridledger::kiosk::testing {

Harness::Harness(KioskApp& app, ImVec2 display) : app_(app) {
  ctx_ = ImGui::CreateContext();
  ImGuiIO& io = ImGui::GetIO();
  io.IniFilename = nullptr;
  io.DisplaySize = display;
  io.DeltaTime = 1.0f / 60;
  io.ConfigFlags |= ImGuiConfigFlags_NoMouseCursorChange;
  SetPointer(ImVec2(-FLT_MAX, -FLT_MAX), false);
  Frame();
}

Harness::~Harness() { ImGui::DestroyContext(ctx_); }

void Harness::Frame() {
  ImGuiIO& io = ImGui::GetIO();
  if (app_.PrepareFrame() || !io.Fonts->IsBuilt()) {
    app_.RebuildFonts();
    unsigned char* pixels;
    int w, h;
    io.Fonts->GetTexDataAsAlpha8(&pixels, &w, &h);
  }
  ImGui::NewFrame();
  app_.Draw();
  ImGui::Render();
}

void Harness::Settle() {
  for (int i = 0; i < 3; ++i) {
    app_.worker().WaitIdle();
    Frame();
  }
}

void Harness::SetPointer(ImVec2 pos, bool down) {
  ImGuiIO& io = ImGui::GetIO();
  io.MousePos = pos;
  io.MouseDown[0] = down;
}

bool Harness::Has(const std::string& id) {
  SetPointer(ImVec2(-FLT_MAX, -FLT_MAX), false);
  Frame();
  return app_.targets().Find(id) != nullptr;
}

bool Harness::Tap(const std::string& id) {
  if (!Has(id)) return false;
  ImVec2 at = app_.targets().Find(id)->Center();
  SetPointer(at, false);
  Frame();
  SetPointer(at, true);
  Frame();
  SetPointer(at, false);
  Frame();
  SetPointer(ImVec2(-FLT_MAX, -FLT_MAX), false);
  Frame();
  return true;
}

std::string Harness::TapAll(std::initializer_list<std::string> ids) {
  for (const auto& id : ids)
    if (!Tap(id)) return id;
  return "";
}

void Harness::Drag(ImVec2 from, ImVec2 to, int steps) {
  SetPointer(from, false);
  Frame();
  for (int i = 0; i <= steps; ++i) {
    float t = static_cast<float>(i) / steps;
    SetPointer(ImVec2(from.x + (to.x - from.x) * t, from.y + (to.y - from.y) * t), true);
    Frame();
  }
  SetPointer(to, false);
  Frame();
  SetPointer(ImVec2(-FLT_MAX, -FLT_MAX), false);
  Frame();
}

void Harness::Stroke(const std::string& canvas_id, ImVec2 from, ImVec2 to, int steps) {
  const TouchTarget* c = app_.targets().Find(canvas_id);
  if (!c) return;
  Drag(ImVec2(c->min.x + from.x, c->min.y + from.y), ImVec2(c->min.x + to.x, c->min.y + to.y),
       steps);
}

void Harness::StrokePath(const std::string& canvas_id, const std::vector<ImVec2>& points,
                         int steps) {
  const TouchTarget* c = app_.targets().Find(canvas_id);
  if (!c || points.empty()) return;
  auto at = [&](ImVec2 f) {
    return ImVec2(c->min.x + f.x * c->Width(), c->min.y + f.y * c->Height());
  };
  SetPointer(at(points[0]), false);
  Frame();
  SetPointer(at(points[0]), true);
  Frame();
  for (size_t i = 1; i < points.size(); ++i) {
    ImVec2 a = at(points[i - 1]), b = at(points[i]);
    for (int k = 1; k <= steps; ++k) {
      float t = static_cast<float>(k) / steps;
      SetPointer(ImVec2(a.x + (b.x - a.x) * t, a.y + (b.y - a.y) * t), true);
      Frame();
    }
  }
  SetPointer(at(points.back()), false);
  Frame();
  SetPointer(ImVec2(-FLT_MAX, -FLT_MAX), false);
  Frame();
}

}  // namespace gridledger::kiosk::testing
