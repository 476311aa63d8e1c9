// A 12-key telephone keypad (1-2-3 on top) editing a digit string. The
// bottom-left key deletes one digit; the bottom-right key clears all, or
// types "-" when `dash_key` (case numbers). Ids: "<prefix>/0".."/9",
// "<prefix>/del", "<prefix>/clear" or "<prefix>/dash".
#pragma once

#include <string>

#include "ui/widgets.h"

namespace gridledger::kiosk {

// Returns true when `value` changed.
bool DrawNumericPad(Ui& ui, const char* prefix, Rect r, std::string& value, size_t max_len,
                    bool dash_key = false);

}  // namespace gridledger::kiosk
