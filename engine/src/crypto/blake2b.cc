#include "crypto/blake2b.h"

#include "crypto/sodium_init.h"

namespace gridledger {

Blake2b256::Blake2b256() {
  EnsureSodium();
  crypto_generichash_init(&state_, nullptr, 0, 32);
}

void Blake2b256::Update(const void* data, size_t n) {
  crypto_generichash_update(&state_, static_cast<const unsigned char*>(data), n);
}

Hash256 Blake2b256::Final() {
  Hash256 out;
  crypto_generichash_final(&state_, out.data(), out.size());
  return out;
}

}  // namespace gridledger
