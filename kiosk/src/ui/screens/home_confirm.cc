// "要放弃已经填写的内容吗？": asked when 回首页 is tapped with something
// entered and not yet submitted. Covers the screen (nothing beneath can be
// tapped); keeping on is the large primary choice.
#include <algorithm>

#include "kiosk_app.h"

namespace gridledger::kiosk {

void KioskApp::DrawHomeConfirm() {
  const Metrics& m = ui_.metrics;
  ImGui::SetNextWindowPos(ImVec2(0, 0));
  ImGui::SetNextWindowSize(ui_.display);
  ImGui::SetNextWindowFocus();
  ImGui::Begin("##confirm_home", nullptr,
               ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                   ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoBackground);
  ImDrawList* dl = ImGui::GetWindowDrawList();
  dl->AddRectFilled(ImVec2(0, 0), ui_.display, (ui_.palette.background & 0x00FFFFFF) | 0xE6000000);
  float w = std::min(ui_.display.x - 2 * m.Margin(), m.Mm(300));
  float h = m.Mm(130);
  Rect box = Rect::XYWH((ui_.display.x - w) / 2, (ui_.display.y - h) / 2, w, h);
  dl->AddRectFilled(box.min, box.max, ui_.palette.panel, m.Mm(4));
  dl->AddRect(box.min, box.max, ui_.palette.border, m.Mm(4), 0, m.Mm(1));
  float y = box.min.y + m.Mm(8);
  y += DrawTextCentered(ui_, ui_.fonts.heading,
                        Rect::XYWH(box.min.x, y, w, ui_.fonts.heading->FontSize * 1.2f),
                        ui_.palette.text, ui_.Words(txt::kDiscardTitle)) +
       m.Mm(4);
  DrawTextCentered(
      ui_, ui_.fonts.body,
      Rect::XYWH(box.min.x + m.Mm(6), y, w - m.Mm(12), ui_.fonts.body->FontSize * 1.4f),
      ui_.palette.text, ui_.Words(txt::kDiscardExplain));
  float gap = m.Gap();
  float bh = m.PrimaryHeight() + m.Mm(4);
  float by = box.max.y - m.Mm(8) - bh;
  float bw = (w - m.Mm(16) - gap) / 2;
  ButtonOptions discard;
  if (Button(ui_, "confirm/discard", ui_.Words(txt::kDiscard),
             Rect::XYWH(box.min.x + m.Mm(8), by, bw, bh), discard)) {
    ImGui::End();
    StartOver();
    return;
  }
  ButtonOptions keep;
  keep.kind = ButtonKind::kPrimary;
  keep.font = ui_.fonts.heading;
  if (Button(ui_, "confirm/keep", ui_.Words(txt::kKeepFilling),
             Rect::XYWH(box.min.x + m.Mm(8) + bw + gap, by, bw, bh), keep))
    confirm_home_ = false;
  ImGui::End();
}

}  // namespace gridledger::kiosk
