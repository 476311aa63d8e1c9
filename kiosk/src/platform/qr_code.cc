#include "platform/qr_code.h"

#include <qrencode.h>

namespace gridledger::kiosk {

QrMatrix EncodeQr(const std::string& text) {
  QrMatrix m;
  QRcode* code = QRcode_encodeString(text.c_str(), 0, QR_ECLEVEL_M, QR_MODE_8, 1);
  if (!code) return m;
  m.size = code->width;
  m.dark.resize(static_cast<size_t>(m.size) * m.size);
  for (size_t i = 0; i < m.dark.size(); ++i) m.dark[i] = code->data[i] & 1;
  QRcode_free(code);
  return m;
}

}  // namespace gridledger::kiosk
