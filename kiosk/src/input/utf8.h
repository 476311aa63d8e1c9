// Small UTF-8 helpers for the kiosk's own text buffers.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace gridledger::kiosk {

// Decodes UTF-8 into code points; invalid bytes become U+FFFD.
std::vector<char32_t> DecodeUtf8(std::string_view s);
void AppendUtf8(std::string& out, char32_t c);
// Removes the last code point (no-op on empty).
void PopUtf8(std::string& s);
// Number of code points.
size_t Utf8Length(std::string_view s);

}  // namespace gridledger::kiosk
