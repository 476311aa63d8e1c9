// Small secrets: random tokens, keyed hashes and their comparison, for
// credentials that must be stored only as keyed hashes.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace gridledger {

// `n` bytes from the OS's CSPRNG.
std::string RandomBytes(size_t n);
// A uniformly random number in [0, bound), from the CSPRNG. REQUIRES: bound > 0.
uint32_t RandomBelow(uint32_t bound);

// Lower-case hex of `bytes`.
std::string ToHex(std::string_view bytes);

// BLAKE2b-256 of `data` keyed with `key` (16..64 bytes): a MAC, so the
// stored hash of a credential is useless without the key kept elsewhere.
std::string KeyedHash(std::string_view key, std::string_view data);

// Equality in time independent of where the inputs differ.
bool ConstantTimeEqual(std::string_view a, std::string_view b);

}  // namespace gridledger
