// Edits a store behind the engine's back with RocksDB itself: how tests
// make a store look like one an older GridLedger wrote (no live read
// models named, another schema version) or look at what a killed process
// left. The store must not be open elsewhere.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace gridledger::testing {

// Sets `key` in the meta family to `value`, or deletes it (nullopt).
void SetMetaKey(const std::string& dir, std::string_view key, std::optional<std::string> value);
// Whether the meta family holds `key` (opens the store read-only).
bool HasMetaKey(const std::string& dir, std::string_view key);

}  // namespace gridledger::testing
