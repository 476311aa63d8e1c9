// Submitting: a moving progress ring while the worker stores the request;
// on failure, plain words on what to do, with everything entered kept.
#include <cmath>

#include "kiosk_app.h"

namespace gridledger::kiosk {

void KioskApp::DrawSubmitting() {
  const Metrics& m = ui_.metrics;
  Rect c = Content();
  ImDrawList* dl = ImGui::GetWindowDrawList();
  if (session_.submitting || !session_.submit_failed) {
    float y = DrawTitle(txt::kSubmitting);
    ImVec2 center((c.min.x + c.max.x) / 2, (y + c.max.y) / 2);
    float r = m.Mm(25);
    double t = deps_.clock->NowSeconds();
    float a0 = static_cast<float>(std::fmod(t * 4.0, 2 * M_PI));
    dl->AddCircle(center, r, ui_.palette.border, 64, m.Mm(2));
    dl->PathArcTo(center, r, a0, a0 + 1.8f, 32);
    dl->PathStroke(ui_.palette.primary, 0, m.Mm(4));
    DrawNavBar(false, nullptr);
    return;
  }
  float y = DrawTitle(txt::kStepReview);
  DrawErrorBox(ui_, Rect::XYWH(c.min.x, y, c.W(), 0), ui_.Words(txt::kSubmitFailed));
  int nav = DrawNavBar(true, ui_.Words(txt::kTryAgain));
  if (nav < 0) {
    session_.submit_failed = false;
    GoTo(Screen::kReview);
  }
  if (nav > 0) Submit();
}

}  // namespace gridledger::kiosk
