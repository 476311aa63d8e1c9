#include "app/place_tree.h"

namespace gridledger::kiosk {

std::atomic<uint64_t> PlaceTree::built_{0};

PlaceTree::PlaceTree(std::vector<PlaceChoice> places) : places_(std::move(places)) {
  for (const auto& p : places_)
    if (!p.place_id.empty()) by_id_[p.place_id] = &p;
  for (const auto& p : places_) {
    std::string level = by_id_.count(p.parent_place_id) ? p.parent_place_id : "";
    parts_[level].push_back(&p);
  }
  ++built_;
}

const PlaceChoice* PlaceTree::Find(std::string_view id) const {
  if (id.empty()) return nullptr;
  auto it = by_id_.find(id);
  return it == by_id_.end() ? nullptr : it->second;
}

const std::vector<const PlaceChoice*>& PlaceTree::PartsOf(std::string_view level) const {
  auto it = parts_.find(level);
  return it == parts_.end() ? none_ : it->second;
}

std::string PlaceTree::LevelAbove(std::string_view id) const {
  const PlaceChoice* p = Find(id);
  return p && Find(p->parent_place_id) ? p->parent_place_id : "";
}

std::vector<std::string> PlaceTree::PathTo(const PlaceChoice* at) const {
  std::vector<std::string> path;
  // Bounded by the number of places: a cycle in the data ends the walk.
  for (size_t n = 0; at && n <= places_.size(); ++n) {
    path.insert(path.begin(), at->short_name.empty() ? at->name : at->short_name);
    at = Find(at->parent_place_id);
  }
  return path;
}

}  // namespace gridledger::kiosk
