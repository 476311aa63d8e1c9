// "还在使用吗?": covers the screen (so nothing beneath can be tapped), shows
// the seconds left, what will happen, and one big button to continue. On
// the receipt it is a band over the bottom bar instead: the case number and
// query code stay in view (the request is already stored).
#include <algorithm>
#include <string>

#include "kiosk_app.h"

namespace gridledger::kiosk {

void KioskApp::DrawIdlePrompt() {
  const Metrics& m = ui_.metrics;
  if (screen_ == Screen::kReceipt) {
    DrawIdleBand();
    return;
  }
  ImGui::SetNextWindowPos(ImVec2(0, 0));
  ImGui::SetNextWindowSize(ui_.display);
  ImGui::SetNextWindowFocus();
  ImGui::Begin("##idle", nullptr,
               ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                   ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoBackground);
  ImDrawList* dl = ImGui::GetWindowDrawList();
  dl->AddRectFilled(ImVec2(0, 0), ui_.display, (ui_.palette.background & 0x00FFFFFF) | 0xE6000000);
  float w = std::min(ui_.display.x - 2 * m.Margin(), m.Mm(260));
  float h = m.Mm(150);
  Rect box = Rect::XYWH((ui_.display.x - w) / 2, (ui_.display.y - h) / 2, w, h);
  dl->AddRectFilled(box.min, box.max, ui_.palette.panel, m.Mm(4));
  dl->AddRect(box.min, box.max, ui_.palette.border, m.Mm(4), 0, m.Mm(1));
  float y = box.min.y + m.Mm(8);
  y += DrawTextCentered(ui_, ui_.fonts.heading,
                        Rect::XYWH(box.min.x, y, w, ui_.fonts.heading->FontSize * 1.2f),
                        ui_.palette.text, ui_.Words(txt::kStillThere));
  // The seconds left, large, then what happens when they run out.
  y += m.Mm(2);
  float num_h = ui_.fonts.huge->FontSize * 1.1f;
  DrawTextCentered(ui_, ui_.fonts.huge, Rect::XYWH(box.min.x, y, w, num_h), ui_.palette.text,
                   std::to_string(idle_.SecondsLeft()));
  y += num_h;
  DrawTextCentered(
      ui_, ui_.fonts.body,
      Rect::XYWH(box.min.x + m.Mm(6), y, w - m.Mm(12), ui_.fonts.body->FontSize * 2.6f),
      ui_.palette.text,
      ui_.Words(screen_ == Screen::kLookup || screen_ == Screen::kCaseView
                    ? txt::kIdleExplainPrivacy
                    : txt::kIdleExplain));
  ButtonOptions o;
  o.kind = ButtonKind::kPrimary;
  o.font = ui_.fonts.heading;
  float bw = w - m.Mm(40);
  if (Button(ui_, "idle/continue", ui_.Words(txt::kContinue),
             Rect::XYWH(box.min.x + (w - bw) / 2, box.max.y - m.Mm(8) - m.Mm(32), bw, m.Mm(32)),
             o)) {
    idle_.Touch();
    idle_prompt_ = false;
  }
  ImGui::End();
}

void KioskApp::DrawIdleBand() {
  const Metrics& m = ui_.metrics;
  float h = m.PrimaryHeight() + 2 * m.Mm(4);  // exactly the bottom bar
  Rect band = Rect::XYWH(0, ui_.display.y - h, ui_.display.x, h);
  ImGui::SetNextWindowPos(band.min);
  ImGui::SetNextWindowSize(ImVec2(band.W(), band.H()));
  ImGui::SetNextWindowFocus();
  ImGui::Begin("##idle_band", nullptr,
               ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                   ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoBackground);
  ImDrawList* dl = ImGui::GetWindowDrawList();
  dl->AddRectFilled(band.min, band.max, ui_.palette.panel);
  dl->AddLine(band.min, ImVec2(band.max.x, band.min.y), ui_.palette.border, m.Mm(1));
  float bw = m.Mm(110);
  float x = m.Margin();
  std::string words = std::to_string(idle_.SecondsLeft()) + (ui_.zh() ? " " : " ") +
                      ui_.Words(txt::kIdleExplainReceipt);
  DrawText(ui_, ui_.fonts.heading, ImVec2(x, band.min.y + (h - ui_.fonts.heading->FontSize) / 2),
           ui_.palette.text, words, ui_.display.x - 2 * m.Margin() - bw - m.Gap());
  ButtonOptions o;
  o.kind = ButtonKind::kPrimary;
  o.font = ui_.fonts.heading;
  if (Button(
          ui_, "idle/continue", ui_.Words(txt::kContinue),
          Rect::XYWH(ui_.display.x - m.Margin() - bw, band.min.y + m.Mm(4), bw, m.PrimaryHeight()),
          o)) {
    idle_.Touch();
    idle_prompt_ = false;
  }
  ImGui::End();
}

}  // namespace gridledger::kiosk
