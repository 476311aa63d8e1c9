// Read models: what the engine answers questions with.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "gridledger/event_payloads.h"
#include "gridledger/export.h"
#include "gridledger/types.h"

namespace gridledger {

enum class CaseState : uint8_t {
  kFiled,       // 受理: waiting to be registered
  kRegistered,  // 立案: waiting to be dispatched
  kRejected,    // 注销: invalid or duplicate (terminal)
  kDispatched,  // 派遣: waiting for the assignee to acknowledge
  kInProgress,  // 签收/处置: being handled
  kReported,    // 反馈: handler reported back, waiting for verification
  kClosed,      // 结案/销号: verified and closed
  kSuspended,   // 挂起
  kMerged,      // 合并 into another case (terminal)
};

// Plain words for a state: "办理中" / "Being handled".
GRIDLEDGER_EXPORT std::string_view CaseStateName(CaseState s, bool chinese = true);

struct TimelineEntry {
  Timestamp at{};
  std::string type;     // event type, e.g. "caseDispatched"
  std::string text_zh;  // 网格员张敏已接单
  std::string text_en;  // Grid worker Zhang Min accepted the case
};

struct CaseView {
  std::string case_id;
  std::string kind;  // "request" | "microWish"
  std::string category;
  std::string description;
  Location location;
  CaseSource source = CaseSource::kKiosk;
  CaseState state = CaseState::kFiled;
  Priority priority = Priority::kNormal;
  AssigneeLevel level = AssigneeLevel::kGrid;
  std::string assignee;       // who holds it now (worker id, community, department)
  std::string assignee_name;  // public display name
  Timestamp filed_at{};
  Timestamp first_response_at{};  // first acknowledge; epoch when none
  Timestamp closed_at{};
  Timestamp deadline{};  // epoch until registered
  Timestamp warn_at{};
  bool warned = false;
  bool overdue = false;  // past deadline and not closed (or closed late)
  bool closed_on_time = false;
  uint32_t extensions = 0;
  uint32_t reopen_count = 0;
  std::optional<uint8_t> satisfaction;
  std::string masked_phone;  // 138****5678, empty when none / erased
  std::string merged_into;
  uint64_t version = 0;  // stream version the view reflects
  std::vector<TimelineEntry> timeline;
};

struct QueueItem {
  std::string case_id;
  std::string category;
  CaseState state = CaseState::kFiled;
  Priority priority = Priority::kNormal;
  Timestamp deadline{};
  bool overdue = false;
  bool warned = false;
  std::string assignee;
};

// One line of the ledger (台账).
struct LedgerEntry {
  std::string case_id;
  std::string grid_code;
  std::string category;
  std::string description;
  CaseState state = CaseState::kFiled;
  Timestamp filed_at{};
  Timestamp deadline{};
  Timestamp closed_at{};
  bool closed_off = false;  // 销号
  bool on_time = false;
  std::string assignee;
};

struct Statistics {
  std::string scope;  // grid, community or street code; "" = all
  Timestamp from{}, to{};
  uint64_t filed = 0;
  uint64_t closed = 0;
  uint64_t closed_on_time = 0;
  uint64_t rejected = 0;
  uint64_t overdue_open = 0;
  uint64_t rated = 0;
  uint64_t satisfied = 0;             // rated 4 or 5
  uint64_t mediations = 0;            // opened in the window
  uint64_t mediations_concluded = 0;  // of those, concluded (agreed or not)
  uint64_t mediations_agreed = 0;     // of those, concluded with an agreement
  uint64_t patrols = 0;
  uint64_t inspections = 0;
  uint64_t hazards_found = 0;
  uint64_t micro_wishes = 0;
  uint64_t care_visits = 0;
  uint64_t people_informed = 0;
  // Rates over cases filed (mediations opened) in [from, to); 0 when the
  // denominator is 0. docs/cli.md#stats defines each for users.
  double closed_rate = 0;             // 办结率 closed / (filed - rejected)
  double on_time_rate = 0;            // 按期办结率 closed on time / closed
  double satisfaction_rate = 0;       // 满意率 rated 4 or 5 / rated
  double mediation_success_rate = 0;  // 调解成功率 agreed / concluded (open ones not counted)
  double avg_response_hours = 0;      // filed -> acknowledged
  double avg_resolution_hours = 0;    // filed -> closed
  std::map<std::string, uint64_t> by_category;
  std::map<std::string, uint64_t> by_state;
};

// Sets the four rates of `s` from its counts, as defined above (the
// engine's Stats and any sum of statistics, e.g. a city's over its
// partitions, use this one definition). The average hours are left alone.
GRIDLEDGER_EXPORT void ComputeRates(Statistics& s);

struct GridInfo {
  std::string code;
  std::string name;
  GridKind kind = GridKind::kGrid;
  std::string parent_code;
  uint32_t households = 0;
};

struct PlaceInfo {
  std::string place_id;
  std::string grid_code;
  std::string name;
  PlaceKind kind = PlaceKind::kBuilding;
  std::string parent_place_id;
};

struct WorkerInfo {
  std::string worker_id;
  std::string display_name;
  Role role = Role::kFullTimeWorker;
  std::string grid_code;
  std::string department;
};

}  // namespace gridledger
