#include "crypto/sodium_init.h"

#include <sodium.h>

#include <cstdio>
#include <cstdlib>

namespace gridledger {
void EnsureSodium() {
  static const bool ok = [] {
    if (sodium_init() < 0) {
      std::fprintf(stderr, "gridledger: libsodium failed to initialise\n");
      std::abort();
    }
    return true;
  }();
  (void)ok;
}
}  // namespace gridledger
