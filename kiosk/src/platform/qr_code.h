// QR codes (libqrencode) as a module matrix the UI draws with rectangles.
#pragma once

#include <string>
#include <vector>

namespace gridledger::kiosk {

struct QrMatrix {
  int size = 0;            // modules per side (0: encoding failed)
  std::vector<bool> dark;  // row-major, size*size
  bool At(int x, int y) const { return dark[static_cast<size_t>(y) * size + x]; }
};

// Encodes UTF-8 `text` at error-correction level M.
QrMatrix EncodeQr(const std::string& text);

}  // namespace gridledger::kiosk
