// Who may do what, where. One table (kRules in authorization.cc) maps each
// permission to the roles that hold it; a role holds it only in the grids
// its assignment's code covers. Decided from the registry, never from
// anything the caller claims about itself.
#pragma once

#include <string>

#include "domain/registry.h"
#include "gridledger/actor.h"
#include "gridledger/status.h"

namespace gridledger::domain {

enum class Permission : uint8_t {
  kFile,
  kRegister,  // also reject, merge
  kDispatch,  // to a grid worker or the community
  kDispatchToDepartment,
  kWorkOnCase,  // acknowledge, handle, report back, return (assignee)
  kVerify,      // verify on site, close
  kFollowUp,
  kReopen,
  kExtend,
  kApproveExtension,
  kSuspend,  // suspend, resume
  kEscalate,
  kDefineRegistry,  // grids, places, workers
  kPatrol,
  kInspect,
  kMediate,
  kMicroWish,
  kCareVisit,
  kOutreach,
  kSensorAlarm,
  kDeadlineJob,
  kReadCase,
  kReadScope,  // queue, ledger, statistics
  kCount,
};

std::string_view PermissionName(Permission p);

// The case context a permission is checked against.
struct CaseContext {
  std::string grid_code;  // where the matter is
  AssigneeLevel level = AssigneeLevel::kGrid;
  std::string assignee;  // who holds it now
};

// OK, or kPermissionDenied with a sentence a UI can show.
Status Authorize(const Actor& actor, const Registry& registry, Permission permission,
                 const CaseContext& context);

}  // namespace gridledger::domain
