#include "common/utf8.h"

#include <cstdint>
#include <string>

namespace gridledger {

namespace {
// Length of the first well-formed sequence at `s[i]`, or 0.
size_t SequenceLength(std::string_view s, size_t i) {
  const auto b = [&](size_t k) { return static_cast<uint8_t>(s[k]); };
  const uint8_t c = b(i);
  if (c < 0x80) return 1;
  size_t n;
  uint8_t lo = 0x80, hi = 0xBF;  // bounds of the second byte
  if (c >= 0xC2 && c <= 0xDF) {
    n = 2;
  } else if (c >= 0xE0 && c <= 0xEF) {
    n = 3;
    if (c == 0xE0) lo = 0xA0;  // overlong
    if (c == 0xED) hi = 0x9F;  // surrogates
  } else if (c >= 0xF0 && c <= 0xF4) {
    n = 4;
    if (c == 0xF0) lo = 0x90;  // overlong
    if (c == 0xF4) hi = 0x8F;  // above U+10FFFF
  } else {
    return 0;
  }
  if (i + n > s.size()) return 0;
  if (b(i + 1) < lo || b(i + 1) > hi) return 0;
  for (size_t k = 2; k < n; ++k)
    if (b(i + k) < 0x80 || b(i + k) > 0xBF) return 0;
  return n;
}

size_t FirstInvalid(std::string_view s) {
  for (size_t i = 0; i < s.size();) {
    size_t n = SequenceLength(s, i);
    if (n == 0) return i;
    i += n;
  }
  return std::string_view::npos;
}
}  // namespace

bool IsValidUtf8(std::string_view text) { return FirstInvalid(text) == std::string_view::npos; }

Status CheckUtf8(std::string_view what, std::string_view text) {
  size_t bad = FirstInvalid(text);
  if (bad == std::string_view::npos) return Status::Ok();
  return Status::InvalidArgument(std::string(what) + " is not valid UTF-8 (byte " +
                                 std::to_string(bad + 1) + ")");
}

}  // namespace gridledger
