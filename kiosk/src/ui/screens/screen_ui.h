// What a screen draws with besides the controller: the widgets' context and
// what the UI keeps between frames (the text entry pads' state, the
// receipt's QR code). Wiped with the session (KioskApp).
#pragma once

#include <string>

#include "platform/qr_code.h"
#include "ui/text_entry.h"
#include "ui/ui_context.h"

namespace gridledger::kiosk {

struct ScreenUi {
  Ui ui;
  TextEntryState entry;
  TextEntryDeps text_entry;  // the input methods and the font library
  QrMatrix receipt_qr;
  std::string receipt_qr_text;  // what receipt_qr encodes
};

}  // namespace gridledger::kiosk
