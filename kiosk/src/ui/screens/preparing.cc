// "Getting ready", where a journey needs the data before it can start: with
// real progress while the demo community is seeded ("正在准备示例数据 …
// 23/60 天" and a bar, redrawn once per report), then while the data
// directory opens; plain words when nothing is counted.
#include <string>

#include "kiosk_app.h"
#include "ui/widgets.h"

namespace gridledger::kiosk {

void KioskApp::DrawPreparing(float y) {
  Rect c = Content();
  StartupProgress::Snapshot p = progress_.Get();
  if (p.total == 0) {
    DrawText(ui_, ui_.fonts.body, ImVec2(c.min.x, y), ui_.palette.muted,
             ui_.Words(txt::kPreparing));
    return;
  }
  std::string words = p.done < p.total
                          ? std::string(ui_.Words(txt::kPreparingDemo)) + " … " +
                                std::to_string(p.done) + "/" + std::to_string(p.total) +
                                ui_.Words(txt::kPreparingDays)
                          : std::string(ui_.Words(txt::kOpeningData));
  y += DrawText(ui_, ui_.fonts.heading, ImVec2(c.min.x, y), ui_.palette.text, words, c.W());
  y += ui_.metrics.Gap();
  DrawProgressBar(ui_, Rect::XYWH(c.min.x, y, c.W(), ui_.metrics.Mm(12)),
                  static_cast<float>(p.done) / static_cast<float>(p.total));
}

}  // namespace gridledger::kiosk
