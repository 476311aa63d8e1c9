// Receipt: shown only once the request is durably stored. The case number
// and query code large, a QR code (the installation's link, or both in
// words in the resident's language), the expected response time.
#include "app/case_number.h"
#include "app/plain_words.h"
#include "kiosk_app.h"
#include "ui/qr_view.h"

namespace gridledger::kiosk {

void KioskApp::DrawReceipt() {
  const Metrics& m = ui_.metrics;
  Rect c = Content();
  const bool queued = session_.receipt && session_.receipt->queued;
  float y = DrawTitle(queued ? txt::kReceiptQueuedTitle : txt::kReceiptTitle);
  if (!session_.receipt) {
    DrawNavBar(false, nullptr);
    return;
  }
  const FiledReceipt& r = *session_.receipt;
  float qr_side = std::min(m.Mm(110), c.max.y - y);
  float left_w = c.W() - qr_side - m.Mm(10);
  ImDrawList* dl = ImGui::GetWindowDrawList();
  auto big_field = [&](const Text& label, const std::string& value, float yy) {
    DrawText(ui_, ui_.fonts.body, ImVec2(c.min.x, yy), ui_.palette.muted, ui_.Words(label));
    yy += ui_.fonts.body->FontSize * 1.2f;
    Rect box = Rect::XYWH(c.min.x, yy, left_w, ui_.fonts.huge->FontSize * 1.3f);
    dl->AddRectFilled(box.min, box.max, ui_.palette.panel, m.Mm(2));
    dl->AddRect(box.min, box.max, ui_.palette.border, m.Mm(2), 0, m.Mm(0.6f));
    DrawTextCentered(ui_, ui_.fonts.huge, box, ui_.palette.text, value);
    return box.max.y + m.Gap();
  };
  if (queued) {
    // Saved on the kiosk's outbox, not yet on the ledger: no case number
    // yet, and no expected time; the code is final.
    y = big_field(txt::kQueryCode, r.query_code, y);
    y += DrawText(ui_, ui_.fonts.heading, ImVec2(c.min.x, y), ui_.palette.text,
                  ui_.Words(txt::kReceiptQueued), left_w);
    if (DrawNavBar(false, ui_.Words(txt::kDone)) > 0) StartOver();
    return;
  }
  y = big_field(txt::kCaseNumber, DisplayCaseNumber(r.case_id), y);
  y = big_field(txt::kQueryCode, r.query_code, y);
  std::string expected = std::string(ui_.Words(txt::kExpected)) + (ui_.zh() ? "：" : ": ") +
                         FormatLocalTime(r.deadline, ui_.lang);
  y += DrawText(ui_, ui_.fonts.heading, ImVec2(c.min.x, y), ui_.palette.text, expected, left_w);
  DrawText(ui_, ui_.fonts.body, ImVec2(c.min.x, y + m.Gap()), ui_.palette.text,
           ui_.Words(txt::kKeepCode), left_w);
  Rect qr = Rect::XYWH(c.max.x - qr_side, c.min.y, qr_side, qr_side);
  if (std::string want = ReceiptQrText(); want != receipt_qr_text_) {
    receipt_qr_ = EncodeQr(want);  // again when the language changes
    receipt_qr_text_ = std::move(want);
  }
  DrawQr(dl, receipt_qr_, qr);
  DrawTextCentered(ui_, ui_.fonts.body,
                   Rect::XYWH(qr.min.x, qr.max.y, qr_side, ui_.fonts.body->FontSize * 1.4f),
                   ui_.palette.text, ui_.Words(txt::kScanQr));
  if (DrawNavBar(false, ui_.Words(txt::kDone)) > 0) StartOver();
}

}  // namespace gridledger::kiosk
