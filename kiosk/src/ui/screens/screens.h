// The screens' draw functions, one file each under ui/screens/; the table
// in app/screen.cc names them. Each draws the controller's state with the
// UI's context and calls the controller's actions for what is tapped.
// (Declarations only: no ImGui here.)
#pragma once

namespace gridledger::kiosk {

class KioskController;
struct ScreenUi;

void DrawStart(ScreenUi& ui, KioskController& k);
void DrawCategory(ScreenUi& ui, KioskController& k);
void DrawPlace(ScreenUi& ui, KioskController& k);
void DrawWhat(ScreenUi& ui, KioskController& k);
void DrawPhone(ScreenUi& ui, KioskController& k);
void DrawName(ScreenUi& ui, KioskController& k);
void DrawReview(ScreenUi& ui, KioskController& k);
void DrawSubmitting(ScreenUi& ui, KioskController& k);
void DrawReceipt(ScreenUi& ui, KioskController& k);
void DrawLookup(ScreenUi& ui, KioskController& k);
void DrawCaseView(ScreenUi& ui, KioskController& k);
void DrawEmergency(ScreenUi& ui, KioskController& k);

// Drawn over a screen, each in a window of its own.
void DrawHomeConfirm(ScreenUi& ui, KioskController& k);
// "还在使用吗?": over the whole screen, or a band over the receipt's bottom bar.
void DrawIdlePrompt(ScreenUi& ui, KioskController& k);

}  // namespace gridledger::kiosk
