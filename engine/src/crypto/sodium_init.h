// libsodium must be initialised once before use; this does it thread-safely.
#pragma once

namespace gridledger {
// Initialises libsodium on first call; aborts if the library cannot start
// (no entropy source), since nothing secure can be done without it.
void EnsureSodium();
}  // namespace gridledger
