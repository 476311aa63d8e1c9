#include "ui/numeric_pad.h"

#include <string>

#include "app/text.h"

namespace gridledger::kiosk {

bool DrawNumericPad(Ui& ui, const char* prefix, Rect r, std::string& value, size_t max_len,
                    bool dash_key) {
  static const char* kKeys[12] = {"1", "2", "3", "4", "5", "6", "7", "8", "9", "del", "0", "x"};
  float gap = ui.metrics.Gap();
  float kw = (r.W() - 2 * gap) / 3;
  float kh = (r.H() - 3 * gap) / 4;
  bool changed = false;
  for (int i = 0; i < 12; ++i) {
    int row = i / 3, col = i % 3;
    Rect k = Rect::XYWH(r.min.x + col * (kw + gap), r.min.y + row * (kh + gap), kw, kh);
    std::string key = kKeys[i];
    std::string label = key;
    ButtonOptions o;
    o.font = ui.fonts.heading;
    if (key == "del") {
      label = ui.Words(txt::kDelete);
      o.font = ui.fonts.body;
    } else if (key == "x") {
      key = dash_key ? "dash" : "clear";
      label = dash_key ? "-" : ui.Words(txt::kClearAll);
      if (!dash_key) o.font = ui.fonts.body;
    }
    std::string id = std::string(prefix) + "/" + key;
    if (!Button(ui, id.c_str(), label, k, o)) continue;
    if (key == "del") {
      if (!value.empty()) value.pop_back();
    } else if (key == "clear") {
      value.clear();
    } else if (value.size() < max_len) {
      value += key == "dash" ? "-" : key;
    }
    changed = true;
  }
  return changed;
}

}  // namespace gridledger::kiosk
