// Step 4: mobile number on a 12-key pad, shown grouped 3-4-4 while typing.
#include "app/kiosk_controller.h"
#include "app/phone_number.h"
#include "ui/numeric_pad.h"
#include "ui/screens/chrome.h"
#include "ui/screens/screen_ui.h"
#include "ui/screens/screens.h"
#include "ui/widgets.h"

namespace gridledger::kiosk {

void DrawPhone(ScreenUi& screen, KioskController& k) {
  Ui& ui = screen.ui;
  Session& session = k.session();
  const Metrics& m = ui.metrics;
  Rect c = ContentArea(ui);
  float y = DrawTitle(ui, k.StepTitle(Screen::kPhone));
  float gap = m.Gap();
  float pad_w = m.Mm(150);
  float pad_h = std::min(c.max.y - y, m.Mm(4 * 25 + 3 * 4));
  // Left: the number and hints; right: the keypad.
  float left_w = c.W() - pad_w - m.Mm(12);
  Rect field = Rect::XYWH(c.min.x, y, left_w, m.Mm(30));
  ImDrawList* dl = ImGui::GetWindowDrawList();
  dl->AddRectFilled(field.min, field.max, ui.palette.panel, m.Mm(2));
  dl->AddRect(field.min, field.max, ui.palette.border, m.Mm(2), 0, m.Mm(0.6f));
  std::string shown = GroupPhoneDigits(session.phone);
  DrawTextCentered(ui, ui.fonts.heading, field, ui.palette.text, shown);
  // Digit count, so a missing digit is visible without colour.
  std::string count = std::to_string(session.phone.size()) + " / 11";
  DrawText(ui, ui.fonts.body, ImVec2(c.min.x, field.max.y + gap), ui.palette.muted, count);
  DrawText(ui, ui.fonts.body, ImVec2(c.min.x, field.max.y + gap + ui.fonts.body->FontSize * 1.5f),
           ui.palette.muted, ui.Words(txt::kPhoneHint), left_w);
  if (session.phone_error)
    DrawErrorBox(ui,
                 Rect::XYWH(c.min.x, field.max.y + gap + ui.fonts.body->FontSize * 4, left_w, 0),
                 ui.Words(txt::kPhoneInvalid));
  if (DrawNumericPad(ui, "phone", Rect::XYWH(c.max.x - pad_w, y, pad_w, pad_h), session.phone,
                     kPhoneDigits))
    session.phone_error = false;
  int nav = DrawNavBar(ui, true, ui.Words(txt::kNext));
  if (nav < 0) k.GoTo(Screen::kWhat);
  if (nav > 0) k.PhoneDone();  // errors are said, not only shown
}

}  // namespace gridledger::kiosk
