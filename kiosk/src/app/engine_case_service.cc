#include "app/engine_case_service.h"

#include <map>

namespace gridledger::kiosk {

std::vector<ServiceCategory> EngineCaseService::Catalogue() { return engine_->Catalogue(); }

std::vector<PlaceChoice> EngineCaseService::Places() {
  std::vector<PlaceChoice> out;
  for (const GridInfo& g : engine_->Grids()) {
    if (g.kind == GridKind::kStreet || g.kind == GridKind::kCommunity) continue;
    auto places = engine_->Places(g.code);
    std::map<std::string, std::string> names;  // place id -> name, for "compound building"
    for (const PlaceInfo& p : places) names[p.place_id] = p.name;
    for (int pass = 0; pass < 2; ++pass) {  // compounds first, then buildings
      for (const PlaceInfo& p : places) {
        bool compound = p.kind == PlaceKind::kCompound || p.kind == PlaceKind::kMarket ||
                        p.kind == PlaceKind::kSchool;
        if (p.kind == PlaceKind::kShop || p.kind == PlaceKind::kOther) continue;
        if ((pass == 0) != compound) continue;
        PlaceChoice c{p.place_id, p.grid_code.empty() ? g.code : p.grid_code, p.name, compound};
        auto parent = names.find(p.parent_place_id);
        if (!compound && parent != names.end() && p.name.find(parent->second) == std::string::npos)
          c.name = parent->second + " " + p.name;
        out.push_back(std::move(c));
      }
    }
  }
  return out;
}

std::string EngineCaseService::DefaultGrid() {
  std::string first;
  for (const GridInfo& g : engine_->Grids()) {
    if (g.kind == GridKind::kCommunity) return g.code;
    if (first.empty() && g.kind == GridKind::kGrid) first = g.code;
  }
  return first;
}

Result<FiledReceipt> EngineCaseService::File(const FileCase& request) {
  return engine_->File(Actor::Resident(), request);
}

Result<CaseView> EngineCaseService::Lookup(const std::string& case_id, const std::string& code) {
  return engine_->LookupCase(case_id, code);
}

Result<std::vector<CaseView>> EngineCaseService::LookupByPhone(const std::string& phone,
                                                               const std::string& code) {
  return engine_->LookupByPhone(phone, code);
}

Result<CaseView> EngineCaseService::Feedback(const std::string& case_id, const std::string& code,
                                             uint8_t satisfaction, bool fixed) {
  return engine_->ResidentFeedback(case_id, code, satisfaction, fixed, "");
}

}  // namespace gridledger::kiosk
