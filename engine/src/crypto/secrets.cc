#include "crypto/secrets.h"

#include <sodium.h>

#include <cassert>

#include "crypto/sodium_init.h"

namespace gridledger {

std::string RandomBytes(size_t n) {
  EnsureSodium();
  std::string out(n, '\0');
  randombytes_buf(out.data(), out.size());
  return out;
}

uint32_t RandomBelow(uint32_t bound) {
  EnsureSodium();
  return randombytes_uniform(bound);
}

std::string ToHex(std::string_view bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (unsigned char c : bytes) {
    out.push_back(kDigits[c >> 4]);
    out.push_back(kDigits[c & 15]);
  }
  return out;
}

std::string KeyedHash(std::string_view key, std::string_view data) {
  EnsureSodium();
  assert(key.size() >= crypto_generichash_KEYBYTES_MIN &&
         key.size() <= crypto_generichash_KEYBYTES_MAX);
  std::string out(32, '\0');
  crypto_generichash(reinterpret_cast<unsigned char*>(out.data()), out.size(),
                     reinterpret_cast<const unsigned char*>(data.data()), data.size(),
                     reinterpret_cast<const unsigned char*>(key.data()), key.size());
  return out;
}

bool ConstantTimeEqual(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  return sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace gridledger
