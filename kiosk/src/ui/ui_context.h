// What every screen and widget draws with: sizes, colours, fonts, the
// language, and the touch-target record of the frame.
#pragma once

#include <imgui.h>

#include "app/text.h"
#include "ui/fonts.h"
#include "ui/metrics.h"
#include "ui/theme.h"
#include "ui/touch_targets.h"

namespace gridledger::kiosk {

struct Ui {
  Metrics metrics;  // millimetres to pixels on this panel; large text or not
  Palette palette;  // normal or high contrast
  FontSet fonts;
  Lang lang = Lang::kZh;  // the controller's, copied by KioskApp when it changes
  TouchTargets* targets = nullptr;
  ImVec2 display;  // the whole screen

  // `t` in the resident's language.
  const char* Words(const Text& t) const { return t(lang); }
  bool zh() const { return lang == Lang::kZh; }
};

}  // namespace gridledger::kiosk
