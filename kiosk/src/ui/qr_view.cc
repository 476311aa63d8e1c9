#include "ui/qr_view.h"

#include <cmath>

namespace gridledger::kiosk {

void DrawQr(ImDrawList* dl, const QrMatrix& qr, Rect r) {
  dl->AddRectFilled(r.min, r.max, IM_COL32_WHITE);
  if (qr.size == 0) return;
  int modules = qr.size + 8;  // 4-module quiet zone each side
  float side = std::floor(std::fmin(r.W(), r.H()) / modules);
  float x0 = r.min.x + (r.W() - side * qr.size) / 2;
  float y0 = r.min.y + (r.H() - side * qr.size) / 2;
  for (int y = 0; y < qr.size; ++y) {
    int x = 0;
    while (x < qr.size) {  // one rectangle per run of dark modules
      if (!qr.At(x, y)) {
        ++x;
        continue;
      }
      int start = x;
      while (x < qr.size && qr.At(x, y)) ++x;
      dl->AddRectFilled(ImVec2(x0 + start * side, y0 + y * side),
                        ImVec2(x0 + x * side, y0 + (y + 1) * side), IM_COL32_BLACK);
    }
  }
}

}  // namespace gridledger::kiosk
