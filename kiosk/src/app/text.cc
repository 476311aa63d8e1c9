#include "app/text.h"

namespace gridledger::kiosk {

const std::vector<Text>& AllTexts() {
#define GL_KIOSK_LIST_TEXT(name, zh, en) txt::name,
  static const std::vector<Text> all = {GL_KIOSK_TEXTS(GL_KIOSK_LIST_TEXT)};
#undef GL_KIOSK_LIST_TEXT
  return all;
}

}  // namespace gridledger::kiosk
