// Receipt: shown only once the request is durably stored. The case number
// and query code large, a QR code (the installation's link, or both in
// words in the resident's language), the expected response time.
#include "app/case_number.h"
#include "app/kiosk_controller.h"
#include "app/plain_words.h"
#include "ui/qr_view.h"
#include "ui/screens/chrome.h"
#include "ui/screens/screen_ui.h"
#include "ui/screens/screens.h"
#include "ui/widgets.h"

namespace gridledger::kiosk {

void DrawReceipt(ScreenUi& screen, KioskController& k) {
  Ui& ui = screen.ui;
  Session& session = k.session();
  const Metrics& m = ui.metrics;
  Rect c = ContentArea(ui);
  const bool queued = session.receipt && session.receipt->queued;
  float y = DrawTitle(ui, queued ? txt::kReceiptQueuedTitle : txt::kReceiptTitle);
  if (!session.receipt) {
    DrawNavBar(ui, false, nullptr);
    return;
  }
  const FiledReceipt& r = *session.receipt;
  float qr_side = std::min(m.Mm(110), c.max.y - y);
  float left_w = c.W() - qr_side - m.Mm(10);
  ImDrawList* dl = ImGui::GetWindowDrawList();
  auto big_field = [&](const Text& label, const std::string& value, float yy) {
    DrawText(ui, ui.fonts.body, ImVec2(c.min.x, yy), ui.palette.muted, ui.Words(label));
    yy += ui.fonts.body->FontSize * 1.2f;
    Rect box = Rect::XYWH(c.min.x, yy, left_w, ui.fonts.huge->FontSize * 1.3f);
    dl->AddRectFilled(box.min, box.max, ui.palette.panel, m.Mm(2));
    dl->AddRect(box.min, box.max, ui.palette.border, m.Mm(2), 0, m.Mm(0.6f));
    DrawTextCentered(ui, ui.fonts.huge, box, ui.palette.text, value);
    return box.max.y + m.Gap();
  };
  if (queued) {
    // Saved on the kiosk's outbox, not yet on the ledger: no case number
    // yet, and no expected time; the code is final.
    y = big_field(txt::kQueryCode, r.query_code, y);
    y += DrawText(ui, ui.fonts.heading, ImVec2(c.min.x, y), ui.palette.text,
                  ui.Words(txt::kReceiptQueued), left_w);
    if (DrawNavBar(ui, false, ui.Words(txt::kDone)) > 0) k.StartOver();
    return;
  }
  y = big_field(txt::kCaseNumber, DisplayCaseNumber(r.case_id), y);
  y = big_field(txt::kQueryCode, r.query_code, y);
  std::string expected = std::string(ui.Words(txt::kExpected)) + (ui.zh() ? "：" : ": ") +
                         FormatLocalTime(r.deadline, ui.lang);
  y += DrawText(ui, ui.fonts.heading, ImVec2(c.min.x, y), ui.palette.text, expected, left_w);
  DrawText(ui, ui.fonts.body, ImVec2(c.min.x, y + m.Gap()), ui.palette.text,
           ui.Words(txt::kKeepCode), left_w);
  Rect qr = Rect::XYWH(c.max.x - qr_side, c.min.y, qr_side, qr_side);
  if (std::string want = k.ReceiptQrText(); want != screen.receipt_qr_text) {
    screen.receipt_qr = EncodeQr(want);  // again when the language changes
    screen.receipt_qr_text = std::move(want);
  }
  DrawQr(dl, screen.receipt_qr, qr);
  DrawTextCentered(ui, ui.fonts.body,
                   Rect::XYWH(qr.min.x, qr.max.y, qr_side, ui.fonts.body->FontSize * 1.4f),
                   ui.palette.text, ui.Words(txt::kScanQr));
  if (DrawNavBar(ui, false, ui.Words(txt::kDone)) > 0) k.StartOver();
}

}  // namespace gridledger::kiosk
