// "要放弃已经填写的内容吗？": asked when 回首页 is tapped with something
// entered and not yet submitted. Covers the screen (nothing beneath can be
// tapped); keeping on is the large primary choice.
#include <algorithm>

#include "app/kiosk_controller.h"
#include "ui/screens/chrome.h"
#include "ui/screens/screen_ui.h"
#include "ui/screens/screens.h"
#include "ui/widgets.h"

namespace gridledger::kiosk {

void DrawHomeConfirm(ScreenUi& screen, KioskController& k) {
  Ui& ui = screen.ui;
  const Metrics& m = ui.metrics;
  ImGui::SetNextWindowPos(ImVec2(0, 0));
  ImGui::SetNextWindowSize(ui.display);
  ImGui::SetNextWindowFocus();
  ImGui::Begin("##confirm_home", nullptr,
               ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                   ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoBackground);
  ImDrawList* dl = ImGui::GetWindowDrawList();
  dl->AddRectFilled(ImVec2(0, 0), ui.display, (ui.palette.background & 0x00FFFFFF) | 0xE6000000);
  float w = std::min(ui.display.x - 2 * m.Margin(), m.Mm(300));
  float h = m.Mm(130);
  Rect box = Rect::XYWH((ui.display.x - w) / 2, (ui.display.y - h) / 2, w, h);
  dl->AddRectFilled(box.min, box.max, ui.palette.panel, m.Mm(4));
  dl->AddRect(box.min, box.max, ui.palette.border, m.Mm(4), 0, m.Mm(1));
  float y = box.min.y + m.Mm(8);
  y += DrawTextCentered(ui, ui.fonts.heading,
                        Rect::XYWH(box.min.x, y, w, ui.fonts.heading->FontSize * 1.2f),
                        ui.palette.text, ui.Words(txt::kDiscardTitle)) +
       m.Mm(4);
  DrawTextCentered(ui, ui.fonts.body,
                   Rect::XYWH(box.min.x + m.Mm(6), y, w - m.Mm(12), ui.fonts.body->FontSize * 1.4f),
                   ui.palette.text, ui.Words(txt::kDiscardExplain));
  float gap = m.Gap();
  float bh = m.PrimaryHeight() + m.Mm(4);
  float by = box.max.y - m.Mm(8) - bh;
  float bw = (w - m.Mm(16) - gap) / 2;
  ButtonOptions discard;
  if (Button(ui, "confirm/discard", ui.Words(txt::kDiscard),
             Rect::XYWH(box.min.x + m.Mm(8), by, bw, bh), discard)) {
    ImGui::End();
    k.StartOver();
    return;
  }
  ButtonOptions keep;
  keep.kind = ButtonKind::kPrimary;
  keep.font = ui.fonts.heading;
  if (Button(ui, "confirm/keep", ui.Words(txt::kKeepFilling),
             Rect::XYWH(box.min.x + m.Mm(8) + bw + gap, by, bw, bh), keep))
    k.KeepFilling();
  ImGui::End();
}

}  // namespace gridledger::kiosk
