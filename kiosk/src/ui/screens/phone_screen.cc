// Step 4: mobile number on a 12-key pad, shown grouped 3-4-4 while typing.
#include "app/phone_number.h"
#include "kiosk_app.h"
#include "ui/numeric_pad.h"

namespace gridledger::kiosk {

void KioskApp::DrawPhone() {
  const Metrics& m = ui_.metrics;
  Rect c = Content();
  float y = DrawTitle(StepTitle(Screen::kPhone));
  float gap = m.Gap();
  float pad_w = m.Mm(150);
  float pad_h = std::min(c.max.y - y, m.Mm(4 * 25 + 3 * 4));
  // Left: the number and hints; right: the keypad.
  float left_w = c.W() - pad_w - m.Mm(12);
  Rect field = Rect::XYWH(c.min.x, y, left_w, m.Mm(30));
  ImDrawList* dl = ImGui::GetWindowDrawList();
  dl->AddRectFilled(field.min, field.max, ui_.palette.panel, m.Mm(2));
  dl->AddRect(field.min, field.max, ui_.palette.border, m.Mm(2), 0, m.Mm(0.6f));
  std::string shown = GroupPhoneDigits(session_.phone);
  DrawTextCentered(ui_, ui_.fonts.heading, field, ui_.palette.text, shown);
  // Digit count, so a missing digit is visible without colour.
  std::string count = std::to_string(session_.phone.size()) + " / 11";
  DrawText(ui_, ui_.fonts.body, ImVec2(c.min.x, field.max.y + gap), ui_.palette.muted, count);
  DrawText(ui_, ui_.fonts.body,
           ImVec2(c.min.x, field.max.y + gap + ui_.fonts.body->FontSize * 1.5f), ui_.palette.muted,
           ui_.Words(txt::kPhoneHint), left_w);
  if (session_.phone_error)
    DrawErrorBox(ui_,
                 Rect::XYWH(c.min.x, field.max.y + gap + ui_.fonts.body->FontSize * 4, left_w, 0),
                 ui_.Words(txt::kPhoneInvalid));
  if (DrawNumericPad(ui_, "phone", Rect::XYWH(c.max.x - pad_w, y, pad_w, pad_h), session_.phone,
                     kPhoneDigits))
    session_.phone_error = false;
  int nav = DrawNavBar(true, ui_.Words(txt::kNext));
  if (nav < 0) GoTo(Screen::kWhat);
  if (nav > 0) {
    if (IsValidMobile(session_.phone)) {
      GoTo(NextStep(Screen::kName));
    } else {
      session_.phone_error = true;
      Speak(txt::kPhoneInvalid);  // errors are said, not only shown
    }
  }
}

}  // namespace gridledger::kiosk
