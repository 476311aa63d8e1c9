// Draws a QR matrix dark-on-light with a quiet zone (also in high contrast:
// phone cameras need dark modules on a light ground).
#pragma once

#include "platform/qr_code.h"
#include "ui/widgets.h"

namespace gridledger::kiosk {

void DrawQr(ImDrawList* dl, const QrMatrix& qr, Rect r);

}  // namespace gridledger::kiosk
