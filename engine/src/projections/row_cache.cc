#include "projections/row_cache.h"

namespace gridledger {

namespace {
// What an entry costs beyond its bytes: the node, the hash slot and the
// strings' own headers (libstdc++, 64-bit).
constexpr size_t kEntryOverhead = 112;
}  // namespace

size_t RowCache::Cost(std::string_view key, const std::optional<std::string>& value) {
  return key.size() + (value ? value->size() : 0) + kEntryOverhead;
}

const std::optional<std::string>* RowCache::Find(std::string_view key) {
  if (auto it = young_.find(key); it != young_.end()) return &it->second;
  auto it = old_.find(key);
  if (it == old_.end()) return nullptr;
  // Still in use: back into the young generation.
  auto node = old_.extract(it);
  old_bytes_ -= Cost(node.key(), node.mapped());
  return Insert(std::move(node.key()), std::move(node.mapped()));
}

void RowCache::Put(std::string_view key, std::optional<std::string> value) {
  if (budget_ == 0) return;
  if (auto it = young_.find(key); it != young_.end()) {
    young_bytes_ -= Cost(key, it->second);
    it->second = std::move(value);
    young_bytes_ += Cost(key, it->second);
    return;
  }
  if (auto it = old_.find(key); it != old_.end()) {
    old_bytes_ -= Cost(key, it->second);
    old_.erase(it);
  }
  Insert(std::string(key), std::move(value));
}

const std::optional<std::string>* RowCache::Insert(std::string key,
                                                   std::optional<std::string> value) {
  const size_t cost = Cost(key, value);
  if (young_bytes_ + cost > budget_ / 2) {
    old_ = std::move(young_);
    old_bytes_ = young_bytes_;
    young_ = Map();
    young_bytes_ = 0;
  }
  young_bytes_ += cost;
  return &young_.insert_or_assign(std::move(key), std::move(value)).first->second;
}

void RowCache::Clear() {
  young_.clear();
  old_.clear();
  young_bytes_ = old_bytes_ = 0;
}

}  // namespace gridledger
