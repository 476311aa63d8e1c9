// UTF-8 well-formedness: the one rule every identifier the engine accepts
// (stream ids, case, grid, place, worker and external ids) must meet.
#pragma once

#include <string_view>

#include "gridledger/status.h"

namespace gridledger {

// True when `text` is well-formed UTF-8 (RFC 3629: no overlong forms, no
// surrogates, nothing above U+10FFFF).
bool IsValidUtf8(std::string_view text);

// OK, or kInvalidArgument "<what> is not valid UTF-8 (byte N)".
Status CheckUtf8(std::string_view what, std::string_view text);

}  // namespace gridledger
