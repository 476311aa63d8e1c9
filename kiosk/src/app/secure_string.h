// Wiping strings that held a resident's data: overwrite the bytes (not just
// the size) before releasing them, so a later user cannot find them in the
// process's memory through the app's own buffers.
#pragma once

#include <string>
#include <vector>

namespace gridledger::kiosk {

// Overwrites every byte of `s` (up to its capacity) and clears it.
void Wipe(std::string& s);
void Wipe(std::vector<std::string>& v);

}  // namespace gridledger::kiosk
