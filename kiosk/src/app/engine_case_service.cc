#include "app/engine_case_service.h"

#include <map>

namespace gridledger::kiosk {

std::vector<ServiceCategory> EngineCaseService::Catalogue() { return engine_->Catalogue(); }

std::vector<PlaceChoice> EngineCaseService::Places() {
  std::vector<PlaceChoice> out;
  for (const GridInfo& g : engine_->Grids()) {
    if (g.kind == GridKind::kStreet || g.kind == GridKind::kCommunity) continue;
    auto places = engine_->Places(g.code);
    std::map<std::string, const PlaceInfo*> by_id;
    for (const PlaceInfo& p : places) by_id[p.place_id] = &p;
    // "翠园小区 3号楼 1单元": the names of the place and everything it lies in.
    auto full_name = [&](const PlaceInfo& p) {
      std::string name = p.name;
      const PlaceInfo* at = &p;
      for (int depth = 0; depth < 4; ++depth) {
        auto parent = by_id.find(at->parent_place_id);
        if (parent == by_id.end()) break;
        at = parent->second;
        if (name.find(at->name) == std::string::npos) name = at->name + " " + name;
      }
      return name;
    };
    for (int pass = 0; pass < 3; ++pass) {  // compounds, then buildings, then units
      for (const PlaceInfo& p : places) {
        bool compound = p.kind == PlaceKind::kCompound || p.kind == PlaceKind::kMarket ||
                        p.kind == PlaceKind::kSchool;
        if (p.kind == PlaceKind::kShop || p.kind == PlaceKind::kOther) continue;
        int rank = compound ? 0 : p.kind == PlaceKind::kBuilding ? 1 : 2;
        if (rank != pass) continue;
        PlaceChoice c;
        c.place_id = p.place_id;
        c.grid_code = p.grid_code.empty() ? g.code : p.grid_code;
        c.name = full_name(p);
        c.is_compound = compound;
        if (by_id.count(p.parent_place_id)) c.parent_place_id = p.parent_place_id;
        c.short_name = p.name;
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

std::vector<std::string> EngineCaseService::AreaNames() {
  // The community of DefaultGrid() and what it lies in (the street).
  std::vector<GridInfo> grids = engine_->Grids();
  std::vector<std::string> names;
  std::string code = DefaultGrid();
  for (int depth = 0; depth < 4 && !code.empty(); ++depth) {
    const GridInfo* g = nullptr;
    for (const GridInfo& x : grids)
      if (x.code == code) g = &x;
    if (!g || (g->kind != GridKind::kCommunity && g->kind != GridKind::kStreet)) break;
    names.insert(names.begin(), g->name);
    code = g->parent_code;
  }
  return names;
}

Result<FiledReceipt> EngineCaseService::File(const FileCase& request) {
  if (outbox_) return outbox_->File(request);
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

Result<CaseView> EngineCaseService::FeedbackByPhone(const std::string& phone,
                                                    const std::string& code,
                                                    const std::string& case_id,
                                                    uint8_t satisfaction, bool fixed) {
  return engine_->ResidentFeedbackByPhone(phone, code, case_id, satisfaction, fixed, "");
}

Result<LookupTries> EngineCaseService::Tries(bool by_phone, const std::string& key) {
  return by_phone ? engine_->PhoneLookupTries(key) : engine_->CaseLookupTries(key);
}

}  // namespace gridledger::kiosk
