// "Getting ready", where a journey needs the data before it can start: with
// real progress while the demo community is seeded ("正在准备示例数据 …
// 23/60 天" and a bar, redrawn once per report), then while the data
// directory opens; plain words when nothing is counted.
#include <string>

#include "app/kiosk_controller.h"
#include "ui/screens/chrome.h"
#include "ui/widgets.h"

namespace gridledger::kiosk {

void DrawPreparing(Ui& ui, const KioskController& k, float y) {
  Rect c = ContentArea(ui);
  StartupProgress::Snapshot p = k.preparing();
  if (p.total == 0) {
    DrawText(ui, ui.fonts.body, ImVec2(c.min.x, y), ui.palette.muted, ui.Words(txt::kPreparing));
    return;
  }
  std::string words = p.done < p.total ? std::string(ui.Words(txt::kPreparingDemo)) + " … " +
                                             std::to_string(p.done) + "/" +
                                             std::to_string(p.total) + ui.Words(txt::kPreparingDays)
                                       : std::string(ui.Words(txt::kOpeningData));
  y += DrawText(ui, ui.fonts.heading, ImVec2(c.min.x, y), ui.palette.text, words, c.W());
  y += ui.metrics.Gap();
  DrawProgressBar(ui, Rect::XYWH(c.min.x, y, c.W(), ui.metrics.Mm(12)),
                  static_cast<float>(p.done) / static_cast<float>(p.total));
}

}  // namespace gridledger::kiosk
