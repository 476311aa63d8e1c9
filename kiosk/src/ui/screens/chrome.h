// The frame around every screen: the top bar (title, language, large text,
// contrast, voice, start over), the content area, screen titles, the
// bottom nav bar and "getting ready".
#pragma once

#include <string>

#include "app/text.h"
#include "ui/ui_context.h"
#include "ui/widgets.h"

namespace gridledger::kiosk {

class KioskController;
struct ScreenUi;

// Every screen but the full-screen ones has it.
void DrawTopBar(ScreenUi& screen, KioskController& k);
// The area between the top bar and the nav bar.
Rect ContentArea(const Ui& ui);
// At the top of the content area; returns the y below it.
float DrawTitle(Ui& ui, const Text& title);
float DrawTitle(Ui& ui, const std::string& title);
// Bottom bar with back / next; returns 1 for next, -1 for back, 0 none.
// `hint` says why next is disabled (drawn beside it; only when disabled).
int DrawNavBar(Ui& ui, bool show_back, const char* next_label, bool next_enabled = true,
               const char* hint = nullptr);
// "Getting ready" with the start-up progress, at `y` in the content area.
void DrawPreparing(Ui& ui, const KioskController& k, float y);

}  // namespace gridledger::kiosk
