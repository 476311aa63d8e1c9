// The authorisation matrix, role by permission, inside and outside the
// actor's grid. The expected table is written out here independently of
// authorization.cc so that a change to either shows up.
#include "domain/authorization.h"

#include <gtest/gtest.h>

#include <map>
#include <set>

namespace gridledger::domain {
namespace {

constexpr const char* kStreet = "411302001";
constexpr const char* kCommunity = "411302001001";
constexpr const char* kGrid = "41130200100101";
constexpr const char* kOtherStreetGrid = "41130200200101";

Registry MakeRegistry() {
  Registry r;
  r.Apply(GridDefined{kStreet, "街道", GridKind::kStreet, "", 0});
  r.Apply(GridDefined{kCommunity, "社区", GridKind::kCommunity, kStreet, 0});
  r.Apply(GridDefined{kGrid, "网格", GridKind::kGrid, kCommunity, 0});
  r.Apply(WorkerAssigned{"pt", "兼职", Role::kPartTimeWorker, kGrid, ""});
  r.Apply(WorkerAssigned{"ft", "专职", Role::kFullTimeWorker, kGrid, ""});
  r.Apply(WorkerAssigned{"gl", "网格长", Role::kGridLeader, kGrid, ""});
  r.Apply(WorkerAssigned{"co", "社区", Role::kCommunity, kCommunity, ""});
  r.Apply(WorkerAssigned{"sc", "街道", Role::kStreetCentre, kStreet, ""});
  r.Apply(WorkerAssigned{"de", "城管", Role::kDepartment, kStreet, "城管"});
  return r;
}

using P = Permission;
// Who may do what inside their own scope (assignee rights tested apart).
const std::map<P, std::set<std::string>> kExpected = {
    {P::kFile, {"resident", "system", "pt", "ft", "gl", "co", "sc"}},
    {P::kRegister, {"system", "gl", "co", "sc"}},
    {P::kDispatch, {"system", "gl", "co", "sc"}},
    {P::kDispatchToDepartment, {"sc"}},
    {P::kWorkOnCase, {}},
    {P::kVerify, {"gl", "co", "sc"}},
    {P::kFollowUp, {"ft", "gl", "co", "sc"}},
    {P::kReopen, {"gl", "co", "sc"}},
    {P::kExtend, {"gl", "co", "sc"}},
    {P::kApproveExtension, {"co", "sc"}},
    {P::kSuspend, {"gl", "co", "sc"}},
    {P::kEscalate, {"gl", "co"}},
    {P::kDefineRegistry, {"system", "co", "sc"}},
    {P::kPatrol, {"pt", "ft", "gl"}},
    {P::kInspect, {"ft", "gl", "co"}},
    {P::kMediate, {"ft", "gl", "co"}},
    {P::kMicroWish, {"ft", "gl", "co"}},
    {P::kCareVisit, {"ft", "gl", "co"}},
    {P::kOutreach, {"pt", "ft", "gl", "co"}},
    {P::kSensorAlarm, {"system"}},
    {P::kDeadlineJob, {"system"}},
    {P::kReadCase, {"system", "ft", "gl", "co", "sc"}},
    {P::kReadScope, {"system", "pt", "ft", "gl", "co", "sc"}},
};

Actor ActorNamed(const std::string& name) {
  if (name == "resident") return Actor::Resident();
  if (name == "system") return Actor::System("test");
  return Actor::Worker(name);
}

TEST(Authorization, EveryRoleAndPermissionInsideTheGridMatchesTheMatrix) {
  Registry r = MakeRegistry();
  ASSERT_EQ(kExpected.size(), static_cast<size_t>(P::kCount));
  for (const auto& [permission, allowed] : kExpected) {
    for (const char* who : {"resident", "system", "pt", "ft", "gl", "co", "sc", "de"}) {
      Status s = Authorize(ActorNamed(who), r, permission, {kGrid, AssigneeLevel::kGrid, "nobody"});
      EXPECT_EQ(s.ok(), allowed.count(who) == 1)
          << who << " / " << PermissionName(permission) << ": " << s.ToString();
    }
  }
}

TEST(Authorization, WorkersHaveNoRightsOutsideTheirScope) {
  Registry r = MakeRegistry();
  for (const auto& [permission, allowed] : kExpected) {
    for (const char* who : {"pt", "ft", "gl", "co", "sc"}) {
      Status s = Authorize(ActorNamed(who), r, permission,
                           {kOtherStreetGrid, AssigneeLevel::kGrid, "nobody"});
      EXPECT_FALSE(s.ok()) << who << " / " << PermissionName(permission);
      EXPECT_EQ(s.code(), StatusCode::kPermissionDenied);
    }
  }
}

TEST(Authorization, TheCaseHolderMayWorkOnItAndNoOneElse) {
  Registry r = MakeRegistry();
  EXPECT_TRUE(
      Authorize(Actor::Worker("ft"), r, P::kWorkOnCase, {kGrid, AssigneeLevel::kGrid, "ft"}).ok());
  EXPECT_FALSE(
      Authorize(Actor::Worker("gl"), r, P::kWorkOnCase, {kGrid, AssigneeLevel::kGrid, "ft"}).ok());
  EXPECT_TRUE(Authorize(Actor::Worker("co"), r, P::kWorkOnCase,
                        {kGrid, AssigneeLevel::kCommunity, kCommunity})
                  .ok());
  EXPECT_TRUE(
      Authorize(Actor::Worker("de"), r, P::kWorkOnCase, {kGrid, AssigneeLevel::kDepartment, "城管"})
          .ok());
  EXPECT_FALSE(
      Authorize(Actor::Worker("de"), r, P::kWorkOnCase, {kGrid, AssigneeLevel::kDepartment, "消防"})
          .ok());
  EXPECT_FALSE(
      Authorize(Actor::Resident(), r, P::kWorkOnCase, {kGrid, AssigneeLevel::kGrid, "resident"})
          .ok());
}

TEST(Authorization, UnknownWorkersAreToldTheyAreUnknown) {
  Registry r = MakeRegistry();
  Status s = Authorize(Actor::Worker("ghost"), r, P::kPatrol, {kGrid, AssigneeLevel::kGrid, ""});
  EXPECT_EQ(s.code(), StatusCode::kPermissionDenied);
  EXPECT_NE(s.message().find("unknown worker"), std::string::npos);
}

TEST(GridCodes, HierarchyAndLengthsAreEnforced) {
  std::map<std::string, GridInfo> grids;
  EXPECT_TRUE(ValidateGrid({kStreet, "街道", GridKind::kStreet, "", 0}, grids).ok());
  grids[kStreet] = {kStreet, "街道", GridKind::kStreet, "", 0};
  EXPECT_TRUE(ValidateGrid({kCommunity, "社区", GridKind::kCommunity, kStreet, 0}, grids).ok());
  grids[kCommunity] = {kCommunity, "社区", GridKind::kCommunity, kStreet, 0};
  EXPECT_TRUE(ValidateGrid({kGrid, "网格", GridKind::kGrid, kCommunity, 0}, grids).ok());
  EXPECT_TRUE(
      ValidateGrid({"411302001001001", "15位网格", GridKind::kGrid, kCommunity, 0}, grids).ok());
  EXPECT_FALSE(ValidateGrid({"4113020010010A", "x", GridKind::kGrid, kCommunity, 0}, grids).ok());
  EXPECT_FALSE(ValidateGrid({"41130200100101", "x", GridKind::kGrid, kStreet, 0}, grids).ok());
  EXPECT_FALSE(ValidateGrid({"41130200200101", "x", GridKind::kGrid, kCommunity, 0}, grids).ok());
  EXPECT_FALSE(ValidateGrid({"4113020010", "x", GridKind::kCommunity, kStreet, 0}, grids).ok());
}

}  // namespace
}  // namespace gridledger::domain
