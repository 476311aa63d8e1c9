// RowMap: read-model rows held in memory by key, looked up by string_view
// without building a key string (the writer's RowCache, a build's
// SpillingModelStore). A value, or nullopt for a row known to be absent or
// deleted.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

namespace gridledger {

struct RowKeyHash {
  using is_transparent = void;
  size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};

using RowMap =
    std::unordered_map<std::string, std::optional<std::string>, RowKeyHash, std::equal_to<>>;

}  // namespace gridledger
