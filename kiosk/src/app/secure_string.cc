#include "app/secure_string.h"

#include <cstring>

namespace gridledger::kiosk {

void Wipe(std::string& s) {
  s.resize(s.capacity());
  volatile char* p = s.data();
  for (size_t i = 0; i < s.size(); ++i) p[i] = 0;
  s.clear();
  s.shrink_to_fit();
}

void Wipe(std::vector<std::string>& v) {
  for (auto& s : v) Wipe(s);
  v.clear();
}

}  // namespace gridledger::kiosk
