// The community's places as a tree (compound › building › unit), built once
// from CaseService::Places() when the service opens and only read after:
// the place step shows one level of it, the case view names a case's place.
// A place whose parent is not among the places is at the top.
#pragma once

#include <atomic>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "app/case_service.h"

namespace gridledger::kiosk {

class PlaceTree {
 public:
  PlaceTree() : PlaceTree(std::vector<PlaceChoice>{}) {}
  explicit PlaceTree(std::vector<PlaceChoice> places);
  // Holds pointers into itself.
  PlaceTree(const PlaceTree&) = delete;
  PlaceTree& operator=(const PlaceTree&) = delete;

  // Every place, in the service's order.
  const std::vector<PlaceChoice>& all() const { return places_; }
  bool empty() const { return places_.empty(); }
  // The place `id`; nullptr for "" or an unknown id (of duplicates, the last).
  const PlaceChoice* Find(std::string_view id) const;
  // The places inside `level` in the service's order; "" = the top level.
  const std::vector<const PlaceChoice*>& PartsOf(std::string_view level) const;
  bool HasParts(std::string_view id) const { return parts_.count(std::string(id)) > 0; }
  // The level above `id`: its parent, or "" when it is at the top.
  std::string LevelAbove(std::string_view id) const;
  // The short names (else the names) from the top level down to `at`.
  std::vector<std::string> PathTo(const PlaceChoice* at) const;

  // Trees built in this process so far (tests check that drawing builds none).
  static uint64_t built() { return built_.load(); }

 private:
  std::vector<PlaceChoice> places_;
  std::map<std::string, const PlaceChoice*, std::less<>> by_id_;
  // The parts of each level ("" = the top), for levels with parts.
  std::map<std::string, std::vector<const PlaceChoice*>, std::less<>> parts_;
  std::vector<const PlaceChoice*> none_;
  static std::atomic<uint64_t> built_;
};

}  // namespace gridledger::kiosk
