// The grid registry as the domain sees it: grids in their hierarchy,
// places, and workers' roles. Built by applying registry events; pure.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "gridledger/read_models.h"
#include "gridledger/status.h"

namespace gridledger::domain {

// Grid codes are hierarchical digit strings (DOMAIN.md): street 9 digits
// (district 6 + street 3), community 12, grid 14-15, micro-grid 2-3 more.
// A code covers every code it is a prefix of.
bool Covers(std::string_view scope_code, std::string_view grid_code);

// Checks a new grid against the hierarchy: digits only, length for its
// kind, parent exists, is of the right kind and is the code's prefix.
Status ValidateGrid(const GridDefined& grid, const std::map<std::string, GridInfo>& grids);

struct Assignment {
  Role role;
  std::string scope;       // grid / community / street code
  std::string department;  // for Role::kDepartment
};

class Registry {
 public:
  void Apply(const EventPayload& payload);

  const GridInfo* FindGrid(const std::string& code) const;
  const PlaceInfo* FindPlace(const std::string& place_id) const;
  const WorkerInfo* FindWorker(const std::string& worker_id) const;
  std::vector<Assignment> AssignmentsOf(const std::string& worker_id) const;

  // The worker a new case in `grid_code` lands with: the grid's full-time
  // worker, else its grid leader. Empty when the grid has neither.
  std::string GridWorker(const std::string& grid_code) const;
  // The community code a grid belongs to (its community ancestor).
  std::string CommunityOf(const std::string& grid_code) const;
  std::string StreetOf(const std::string& grid_code) const;
  // First community in code order: where matters with no known place go.
  std::string DefaultCommunity() const;

  const std::map<std::string, GridInfo>& grids() const { return grids_; }
  const std::map<std::string, PlaceInfo>& places() const { return places_; }
  const std::map<std::string, WorkerInfo>& workers() const { return workers_; }

 private:
  std::map<std::string, GridInfo> grids_;
  std::map<std::string, PlaceInfo> places_;
  std::map<std::string, WorkerInfo> workers_;           // worker id -> first assignment's info
  std::multimap<std::string, Assignment> assignments_;  // worker id -> roles
};

}  // namespace gridledger::domain
