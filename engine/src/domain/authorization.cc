#include "domain/authorization.h"

#include <array>
#include <initializer_list>

namespace gridledger::domain {

namespace {

using R = Role;

struct Rule {
  Permission permission;
  std::initializer_list<Role> roles;  // roles that hold it within their scope
  bool system = false;                // the engine's own jobs hold it
  bool resident = false;              // a kiosk user holds it
  bool assignee = false;              // the case's current holder holds it
};

// The authorisation matrix. tests/domain/authorization_test.cc walks it.
const Rule kRules[] = {
    {Permission::kFile,
     {R::kPartTimeWorker, R::kFullTimeWorker, R::kGridLeader, R::kCommunity, R::kStreetCentre},
     true,
     true},
    {Permission::kRegister, {R::kGridLeader, R::kCommunity, R::kStreetCentre}, true},
    {Permission::kDispatch, {R::kGridLeader, R::kCommunity, R::kStreetCentre}, true},
    {Permission::kDispatchToDepartment, {R::kStreetCentre}},
    {Permission::kWorkOnCase, {}, false, false, true},
    {Permission::kVerify, {R::kGridLeader, R::kCommunity, R::kStreetCentre}},
    {Permission::kFollowUp, {R::kFullTimeWorker, R::kGridLeader, R::kCommunity, R::kStreetCentre}},
    {Permission::kReopen, {R::kGridLeader, R::kCommunity, R::kStreetCentre}},
    {Permission::kExtend, {R::kGridLeader, R::kCommunity, R::kStreetCentre}, false, false, true},
    {Permission::kApproveExtension, {R::kCommunity, R::kStreetCentre}},
    {Permission::kSuspend, {R::kGridLeader, R::kCommunity, R::kStreetCentre}},
    {Permission::kEscalate, {R::kGridLeader, R::kCommunity}, false, false, true},
    {Permission::kDefineRegistry, {R::kCommunity, R::kStreetCentre}, true},
    {Permission::kPatrol, {R::kPartTimeWorker, R::kFullTimeWorker, R::kGridLeader}},
    {Permission::kInspect, {R::kFullTimeWorker, R::kGridLeader, R::kCommunity}},
    {Permission::kMediate, {R::kFullTimeWorker, R::kGridLeader, R::kCommunity}},
    {Permission::kMicroWish, {R::kFullTimeWorker, R::kGridLeader, R::kCommunity}},
    {Permission::kCareVisit, {R::kFullTimeWorker, R::kGridLeader, R::kCommunity}},
    {Permission::kOutreach,
     {R::kPartTimeWorker, R::kFullTimeWorker, R::kGridLeader, R::kCommunity}},
    {Permission::kSensorAlarm, {}, true},
    {Permission::kDeadlineJob, {}, true},
    {Permission::kReadCase,
     {R::kFullTimeWorker, R::kGridLeader, R::kCommunity, R::kStreetCentre},
     true,
     false,
     true},
    {Permission::kReadScope,
     {R::kPartTimeWorker, R::kFullTimeWorker, R::kGridLeader, R::kCommunity, R::kStreetCentre},
     true},
};

const Rule& RuleFor(Permission p) {
  for (const auto& r : kRules)
    if (r.permission == p) return r;
  static const Rule none{Permission::kCount, {}};
  return none;
}

// Is `actor` the holder of a case at `context`?
bool IsAssignee(const Actor& actor, const Registry& registry, const CaseContext& context) {
  if (actor.kind != Actor::Kind::kWorker || context.assignee.empty()) return false;
  if (context.level == AssigneeLevel::kGrid) return actor.id == context.assignee;
  for (const auto& a : registry.AssignmentsOf(actor.id)) {
    switch (context.level) {
      case AssigneeLevel::kCommunity:
        if (a.role == Role::kCommunity && Covers(a.scope, context.grid_code)) return true;
        break;
      case AssigneeLevel::kStreet:
        if (a.role == Role::kStreetCentre && Covers(a.scope, context.grid_code)) return true;
        break;
      case AssigneeLevel::kDepartment:
        if (a.role == Role::kDepartment && a.department == context.assignee) return true;
        break;
      case AssigneeLevel::kGrid:
        break;
    }
  }
  return false;
}

}  // namespace

std::string_view PermissionName(Permission p) {
  static constexpr std::array<std::string_view, static_cast<size_t>(Permission::kCount)> names = {
      "file",
      "register",
      "dispatch",
      "dispatch to department",
      "work on case",
      "verify",
      "follow up",
      "reopen",
      "extend deadline",
      "approve extension",
      "suspend",
      "escalate",
      "define registry",
      "patrol",
      "inspect",
      "mediate",
      "micro-wish",
      "care visit",
      "outreach",
      "sensor alarm",
      "deadline job",
      "read case",
      "read scope"};
  return names[static_cast<size_t>(p)];
}

Status Authorize(const Actor& actor, const Registry& registry, Permission permission,
                 const CaseContext& context) {
  const Rule& rule = RuleFor(permission);
  switch (actor.kind) {
    case Actor::Kind::kSystem:
      if (rule.system) return Status::Ok();
      break;
    case Actor::Kind::kResident:
      if (rule.resident) return Status::Ok();
      break;
    case Actor::Kind::kWorker:
      if (rule.assignee && IsAssignee(actor, registry, context)) return Status::Ok();
      for (const auto& a : registry.AssignmentsOf(actor.id)) {
        bool has_role = false;
        for (Role r : rule.roles) has_role = has_role || r == a.role;
        // Workers act only inside the grids their assignment covers.
        bool in_scope = !context.grid_code.empty() && Covers(a.scope, context.grid_code);
        if (has_role && in_scope) return Status::Ok();
      }
      if (!registry.FindWorker(actor.id))
        return Status::PermissionDenied("未登记的工作人员 / unknown worker '" + actor.id + "'");
      break;
  }
  return Status::PermissionDenied(
      "无权在此网格执行此操作 / " + actor.id + " may not " +
      std::string(PermissionName(permission)) +
      (context.grid_code.empty() ? std::string() : " in grid " + context.grid_code));
}

}  // namespace gridledger::domain
