// "还在使用吗?": covers the screen (so nothing beneath can be tapped), shows
// the seconds left, what will happen, and one big button to continue. On
// the receipt it is a band over the bottom bar instead: the case number and
// query code stay in view (the request is already stored).
#include <algorithm>
#include <string>

#include "app/kiosk_controller.h"
#include "ui/screens/chrome.h"
#include "ui/screens/screen_ui.h"
#include "ui/screens/screens.h"
#include "ui/widgets.h"

namespace gridledger::kiosk {

namespace {

// On the receipt: a band over the bottom bar; the case number and query
// code stay in view.
void DrawIdleBand(ScreenUi& screen, KioskController& k) {
  Ui& ui = screen.ui;
  const Metrics& m = ui.metrics;
  float h = m.PrimaryHeight() + 2 * m.Mm(4);  // exactly the bottom bar
  Rect band = Rect::XYWH(0, ui.display.y - h, ui.display.x, h);
  ImGui::SetNextWindowPos(band.min);
  ImGui::SetNextWindowSize(ImVec2(band.W(), band.H()));
  ImGui::SetNextWindowFocus();
  ImGui::Begin("##idle_band", nullptr,
               ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                   ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoBackground);
  ImDrawList* dl = ImGui::GetWindowDrawList();
  dl->AddRectFilled(band.min, band.max, ui.palette.panel);
  dl->AddLine(band.min, ImVec2(band.max.x, band.min.y), ui.palette.border, m.Mm(1));
  float bw = m.Mm(110);
  float x = m.Margin();
  std::string words = std::to_string(k.idle_seconds_left()) + (ui.zh() ? " " : " ") +
                      ui.Words(txt::kIdleExplainReceipt);
  DrawText(ui, ui.fonts.heading, ImVec2(x, band.min.y + (h - ui.fonts.heading->FontSize) / 2),
           ui.palette.text, words, ui.display.x - 2 * m.Margin() - bw - m.Gap());
  ButtonOptions o;
  o.kind = ButtonKind::kPrimary;
  o.font = ui.fonts.heading;
  if (Button(
          ui, "idle/continue", ui.Words(txt::kContinue),
          Rect::XYWH(ui.display.x - m.Margin() - bw, band.min.y + m.Mm(4), bw, m.PrimaryHeight()),
          o)) {
    k.KeepUsing();
  }
  ImGui::End();
}

}  // namespace

void DrawIdlePrompt(ScreenUi& screen, KioskController& k) {
  Ui& ui = screen.ui;
  const Metrics& m = ui.metrics;
  if (k.screen() == Screen::kReceipt) {
    DrawIdleBand(screen, k);
    return;
  }
  ImGui::SetNextWindowPos(ImVec2(0, 0));
  ImGui::SetNextWindowSize(ui.display);
  ImGui::SetNextWindowFocus();
  ImGui::Begin("##idle", nullptr,
               ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                   ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoBackground);
  ImDrawList* dl = ImGui::GetWindowDrawList();
  dl->AddRectFilled(ImVec2(0, 0), ui.display, (ui.palette.background & 0x00FFFFFF) | 0xE6000000);
  float w = std::min(ui.display.x - 2 * m.Margin(), m.Mm(260));
  float h = m.Mm(150);
  Rect box = Rect::XYWH((ui.display.x - w) / 2, (ui.display.y - h) / 2, w, h);
  dl->AddRectFilled(box.min, box.max, ui.palette.panel, m.Mm(4));
  dl->AddRect(box.min, box.max, ui.palette.border, m.Mm(4), 0, m.Mm(1));
  float y = box.min.y + m.Mm(8);
  y += DrawTextCentered(ui, ui.fonts.heading,
                        Rect::XYWH(box.min.x, y, w, ui.fonts.heading->FontSize * 1.2f),
                        ui.palette.text, ui.Words(txt::kStillThere));
  // The seconds left, large, then what happens when they run out.
  y += m.Mm(2);
  float num_h = ui.fonts.huge->FontSize * 1.1f;
  DrawTextCentered(ui, ui.fonts.huge, Rect::XYWH(box.min.x, y, w, num_h), ui.palette.text,
                   std::to_string(k.idle_seconds_left()));
  y += num_h;
  DrawTextCentered(ui, ui.fonts.body,
                   Rect::XYWH(box.min.x + m.Mm(6), y, w - m.Mm(12), ui.fonts.body->FontSize * 2.6f),
                   ui.palette.text,
                   ui.Words(k.screen() == Screen::kLookup || k.screen() == Screen::kCaseView
                                ? txt::kIdleExplainPrivacy
                                : txt::kIdleExplain));
  ButtonOptions o;
  o.kind = ButtonKind::kPrimary;
  o.font = ui.fonts.heading;
  float bw = w - m.Mm(40);
  if (Button(ui, "idle/continue", ui.Words(txt::kContinue),
             Rect::XYWH(box.min.x + (w - bw) / 2, box.max.y - m.Mm(8) - m.Mm(32), bw, m.Mm(32)),
             o)) {
    k.KeepUsing();
  }
  ImGui::End();
}

}  // namespace gridledger::kiosk
