// BLAKE2b-256 (libsodium's crypto_generichash), incremental.
#pragma once

#include <sodium.h>

#include <string_view>

#include "gridledger/types.h"

namespace gridledger {

class Blake2b256 {
 public:
  Blake2b256();
  void Update(const void* data, size_t n);
  void Update(std::string_view s) { Update(s.data(), s.size()); }
  Hash256 Final();

 private:
  crypto_generichash_state state_;
};

}  // namespace gridledger
