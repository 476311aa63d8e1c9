#include "domain/registry.h"

#include <algorithm>

namespace gridledger::domain {

bool Covers(std::string_view scope_code, std::string_view grid_code) {
  return !scope_code.empty() && grid_code.substr(0, scope_code.size()) == scope_code;
}

Status ValidateGrid(const GridDefined& grid, const std::map<std::string, GridInfo>& grids) {
  const std::string& c = grid.code;
  if (c.empty() || !std::all_of(c.begin(), c.end(), [](char ch) { return ch >= '0' && ch <= '9'; }))
    return Status::InvalidArgument("网格编码只能是数字 / grid code must be digits: '" + c + "'");
  if (grid.name.empty()) return Status::InvalidArgument("网格名称为空 / grid name is empty");
  auto parent_must_be = [&](std::initializer_list<GridKind> kinds) -> Status {
    auto it = grids.find(grid.parent_code);
    if (it == grids.end())
      return Status::InvalidArgument("上级网格 " + grid.parent_code + " 不存在 / parent " +
                                     grid.parent_code + " is not defined");
    if (std::find(kinds.begin(), kinds.end(), it->second.kind) == kinds.end())
      return Status::InvalidArgument("grid " + c + " cannot sit under " + grid.parent_code);
    if (!Covers(grid.parent_code, c) || grid.parent_code.size() == c.size())
      return Status::InvalidArgument("grid code " + c + " must extend its parent's code " +
                                     grid.parent_code);
    return Status::Ok();
  };
  switch (grid.kind) {
    case GridKind::kStreet:
      if (c.size() != 9) return Status::InvalidArgument("a street code has 9 digits (6+3): " + c);
      if (!grid.parent_code.empty()) return Status::InvalidArgument("a street has no parent grid");
      return Status::Ok();
    case GridKind::kCommunity:
      if (c.size() != 12) return Status::InvalidArgument("a community code has 12 digits: " + c);
      return parent_must_be({GridKind::kStreet});
    case GridKind::kGrid:
    case GridKind::kDedicated:
      if (c.size() != 14 && c.size() != 15)
        return Status::InvalidArgument("a grid code has 14 or 15 digits: " + c);
      // A grid belongs to exactly one community, never directly to a street.
      return parent_must_be({GridKind::kCommunity});
    case GridKind::kMicroGrid:
      if (c.size() < 16 || c.size() > 18)
        return Status::InvalidArgument("a micro-grid code has 16-18 digits: " + c);
      return parent_must_be({GridKind::kGrid, GridKind::kDedicated});
  }
  return Status::InvalidArgument("unknown grid kind");
}

void Registry::Apply(const EventPayload& payload) {
  if (const auto* g = std::get_if<GridDefined>(&payload)) {
    grids_[g->code] = GridInfo{g->code, g->name, g->kind, g->parent_code, g->households};
  } else if (const auto* p = std::get_if<PlaceRegistered>(&payload)) {
    places_[p->place_id] =
        PlaceInfo{p->place_id, p->grid_code, p->name, p->kind, p->parent_place_id};
  } else if (const auto* w = std::get_if<WorkerAssigned>(&payload)) {
    workers_.try_emplace(w->worker_id, WorkerInfo{w->worker_id, w->display_name, w->role,
                                                  w->grid_code, w->department});
    assignments_.emplace(w->worker_id, Assignment{w->role, w->grid_code, w->department});
  } else if (const auto* r = std::get_if<WorkerReleased>(&payload)) {
    auto range = assignments_.equal_range(r->worker_id);
    for (auto it = range.first; it != range.second;) {
      if (it->second.scope == r->grid_code)
        it = assignments_.erase(it);
      else
        ++it;
    }
  }
}

const GridInfo* Registry::FindGrid(const std::string& code) const {
  auto it = grids_.find(code);
  return it == grids_.end() ? nullptr : &it->second;
}
const PlaceInfo* Registry::FindPlace(const std::string& id) const {
  auto it = places_.find(id);
  return it == places_.end() ? nullptr : &it->second;
}
const WorkerInfo* Registry::FindWorker(const std::string& id) const {
  auto it = workers_.find(id);
  return it == workers_.end() ? nullptr : &it->second;
}

std::vector<Assignment> Registry::AssignmentsOf(const std::string& worker_id) const {
  std::vector<Assignment> out;
  auto range = assignments_.equal_range(worker_id);
  for (auto it = range.first; it != range.second; ++it) out.push_back(it->second);
  return out;
}

std::string Registry::GridWorker(const std::string& grid_code) const {
  std::string leader;
  for (const auto& [id, a] : assignments_) {
    if (a.scope != grid_code) continue;
    if (a.role == Role::kFullTimeWorker) return id;
    if (a.role == Role::kGridLeader && leader.empty()) leader = id;
  }
  return leader;
}

std::string Registry::CommunityOf(const std::string& grid_code) const {
  for (const GridInfo* g = FindGrid(grid_code); g; g = FindGrid(g->parent_code))
    if (g->kind == GridKind::kCommunity) return g->code;
  return grid_code.size() >= 12 ? grid_code.substr(0, 12) : grid_code;
}

std::string Registry::StreetOf(const std::string& grid_code) const {
  return grid_code.size() >= 9 ? grid_code.substr(0, 9) : grid_code;
}

std::string Registry::DefaultCommunity() const {
  for (const auto& [code, g] : grids_)
    if (g.kind == GridKind::kCommunity) return code;
  return {};
}

}  // namespace gridledger::domain
