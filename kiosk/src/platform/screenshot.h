// Saves the current OpenGL back buffer as a PNG. Call after rendering and
// before swapping buffers.
#pragma once

#include <string>

namespace gridledger::kiosk {

bool SaveFramebufferPng(const std::string& path, int width, int height);

}  // namespace gridledger::kiosk
