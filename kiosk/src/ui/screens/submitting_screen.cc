// Submitting: a moving progress ring while the worker stores the request;
// on failure, plain words on what to do, with everything entered kept.
#include <cmath>

#include "app/kiosk_controller.h"
#include "ui/screens/chrome.h"
#include "ui/screens/screen_ui.h"
#include "ui/screens/screens.h"
#include "ui/widgets.h"

namespace gridledger::kiosk {

void DrawSubmitting(ScreenUi& screen, KioskController& k) {
  Ui& ui = screen.ui;
  Session& session = k.session();
  const Metrics& m = ui.metrics;
  Rect c = ContentArea(ui);
  ImDrawList* dl = ImGui::GetWindowDrawList();
  if (session.submitting || !session.submit_failed) {
    float y = DrawTitle(ui, txt::kSubmitting);
    ImVec2 center((c.min.x + c.max.x) / 2, (y + c.max.y) / 2);
    float r = m.Mm(25);
    double t = k.clock().NowSeconds();
    float a0 = static_cast<float>(std::fmod(t * 4.0, 2 * M_PI));
    dl->AddCircle(center, r, ui.palette.border, 64, m.Mm(2));
    dl->PathArcTo(center, r, a0, a0 + 1.8f, 32);
    dl->PathStroke(ui.palette.primary, 0, m.Mm(4));
    DrawNavBar(ui, false, nullptr);
    return;
  }
  float y = DrawTitle(ui, txt::kStepReview);
  DrawErrorBox(ui, Rect::XYWH(c.min.x, y, c.W(), 0), ui.Words(txt::kSubmitFailed));
  int nav = DrawNavBar(ui, true, ui.Words(txt::kTryAgain));
  if (nav < 0) {
    session.submit_failed = false;
    k.GoTo(Screen::kReview);
  }
  if (nav > 0) k.Submit();
}

}  // namespace gridledger::kiosk
