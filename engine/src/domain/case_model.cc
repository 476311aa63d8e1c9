#include "domain/case_model.h"

#include "gridledger/catalogue.h"

namespace gridledger {

std::string_view CaseStateName(CaseState s, bool chinese) {
  switch (s) {
    case CaseState::kFiled:
      return chinese ? "已受理" : "Received";
    case CaseState::kRegistered:
      return chinese ? "已立案" : "Registered";
    case CaseState::kRejected:
      return chinese ? "未立案" : "Not accepted";
    case CaseState::kDispatched:
      return chinese ? "已派发" : "Assigned";
    case CaseState::kInProgress:
      return chinese ? "办理中" : "Being handled";
    case CaseState::kReported:
      return chinese ? "待核查" : "Being checked";
    case CaseState::kClosed:
      return chinese ? "已办结" : "Closed";
    case CaseState::kSuspended:
      return chinese ? "暂缓办理" : "On hold";
    case CaseState::kMerged:
      return chinese ? "已合并" : "Merged";
  }
  return "";
}

}  // namespace gridledger

namespace gridledger::domain {

namespace {

std::string WorkerName(const Registry& registry, const std::string& id) {
  if (const WorkerInfo* w = registry.FindWorker(id)) return w->display_name;
  return id;
}

std::string LevelZh(AssigneeLevel l) {
  switch (l) {
    case AssigneeLevel::kGrid:
      return "网格";
    case AssigneeLevel::kCommunity:
      return "社区";
    case AssigneeLevel::kStreet:
      return "街道";
    case AssigneeLevel::kDepartment:
      return "职能部门";
  }
  return "";
}
std::string LevelEn(AssigneeLevel l) {
  switch (l) {
    case AssigneeLevel::kGrid:
      return "the grid";
    case AssigneeLevel::kCommunity:
      return "the community";
    case AssigneeLevel::kStreet:
      return "the street office";
    case AssigneeLevel::kDepartment:
      return "a department";
  }
  return "";
}

std::string HolderZh(const Registry& r, AssigneeLevel level, const std::string& assignee) {
  if (level == AssigneeLevel::kGrid) return "网格员" + WorkerName(r, assignee);
  if (level == AssigneeLevel::kDepartment) return assignee;
  if (const GridInfo* g = r.FindGrid(assignee)) return g->name;
  return LevelZh(level);
}
std::string HolderEn(const Registry& r, AssigneeLevel level, const std::string& assignee) {
  if (level == AssigneeLevel::kGrid) return "grid worker " + WorkerName(r, assignee);
  if (level == AssigneeLevel::kDepartment) return "department " + assignee;
  return LevelEn(level);
}

}  // namespace

bool IsOpen(CaseState s) {
  return s != CaseState::kClosed && s != CaseState::kRejected && s != CaseState::kMerged;
}

TimelineEntry DescribeCaseEvent(const RecordedEvent& e, const Registry& r) {
  TimelineEntry t;
  t.at = e.recorded_at;
  t.type = std::string(EventTypeName(e.payload));
  std::visit(
      [&](const auto& p) {
        using T = std::decay_t<decltype(p)>;
        if constexpr (std::is_same_v<T, CaseFiled>) {
          t.text_zh = "您的诉求已受理";
          t.text_en = "Your request was received";
        } else if constexpr (std::is_same_v<T, CaseRegistered>) {
          t.text_zh = "已立案";
          t.text_en = "Registered as a case";
        } else if constexpr (std::is_same_v<T, CaseRejected>) {
          if (p.reason == RejectReason::kDuplicate) {
            t.text_zh = "与已有案件" + p.duplicate_of + "相同，合并办理";
            t.text_en = "Same matter as case " + p.duplicate_of + ", handled there";
          } else if (p.reason == RejectReason::kNotResponsible) {
            t.text_zh = "不属于本社区办理范围，已告知办理渠道";
            t.text_en = "Outside the community's remit; we told you where to go";
          } else {
            t.text_zh = "暂未立案：" + p.note;
            t.text_en = "Not registered: " + p.note;
          }
        } else if constexpr (std::is_same_v<T, CaseDispatched>) {
          t.text_zh = "已派发给" + HolderZh(r, p.level, p.assignee);
          t.text_en = "Assigned to " + HolderEn(r, p.level, p.assignee);
        } else if constexpr (std::is_same_v<T, CaseReturned>) {
          t.text_zh = "重新分派中";
          t.text_en = "Being reassigned";
        } else if constexpr (std::is_same_v<T, CaseAcknowledged>) {
          t.text_zh = WorkerName(r, p.by) + "已接单";
          t.text_en = WorkerName(r, p.by) + " accepted the case";
        } else if constexpr (std::is_same_v<T, CaseHandled>) {
          t.text_zh = "正在处理：" + p.note;
          t.text_en = "Being handled: " + p.note;
        } else if constexpr (std::is_same_v<T, CaseReported>) {
          t.text_zh = "处理完毕，等待核查：" + p.result;
          t.text_en = "Work done, waiting to be checked: " + p.result;
        } else if constexpr (std::is_same_v<T, CaseVerified>) {
          t.text_zh = p.passed ? "现场核查通过" : "现场核查未通过，继续处理";
          t.text_en = p.passed ? "Checked on site: done" : "Checked on site: not done yet";
        } else if constexpr (std::is_same_v<T, CaseClosed>) {
          t.text_zh = "已办结（销号）";
          t.text_en = "Closed";
        } else if constexpr (std::is_same_v<T, CaseFollowedUp>) {
          t.text_zh = p.fixed ? "回访：满意度" + std::to_string(p.satisfaction) + "星"
                              : "回访：问题没有解决";
          t.text_en = p.fixed ? "Follow-up: rated " + std::to_string(p.satisfaction) + " of 5"
                              : "Follow-up: not fixed";
        } else if constexpr (std::is_same_v<T, CaseReopened>) {
          t.text_zh = "重新办理";
          t.text_en = "Reopened";
        } else if constexpr (std::is_same_v<T, DeadlineExtended>) {
          t.text_zh = "办理期限延长：" + p.reason;
          t.text_en = "Deadline extended: " + p.reason;
        } else if constexpr (std::is_same_v<T, CaseSuspended>) {
          t.text_zh = "暂缓办理：" + p.reason;
          t.text_en = "On hold: " + p.reason;
        } else if constexpr (std::is_same_v<T, CaseResumed>) {
          t.text_zh = "恢复办理";
          t.text_en = "Resumed";
        } else if constexpr (std::is_same_v<T, CaseEscalated>) {
          t.text_zh = "已上报" + LevelZh(p.to_level) + "协调办理";
          t.text_en = "Passed up to " + LevelEn(p.to_level);
        } else if constexpr (std::is_same_v<T, DeadlineWarned>) {
          t.text_zh = "临近办理期限，已提醒";
          t.text_en = "Deadline approaching: reminder sent";
        } else if constexpr (std::is_same_v<T, CaseOverdue>) {
          t.text_zh = "已超期，正在督办";
          t.text_en = "Overdue: being chased";
        } else if constexpr (std::is_same_v<T, CaseMerged>) {
          t.text_zh = "与案件" + p.into_case_id + "合并办理";
          t.text_en = "Merged into case " + p.into_case_id;
        } else {
          t.text_zh = t.type;
          t.text_en = t.type;
        }
      },
      e.payload);
  return t;
}

void ApplyCaseEvent(CaseModel& m, const RecordedEvent& e, const Registry& r) {
  m.view.timeline.push_back(DescribeCaseEvent(e, r));
  FoldCaseEvent(m, e, r);
}

void FoldCaseEvent(CaseModel& m, const RecordedEvent& e, const Registry& r) {
  CaseView& v = m.view;
  v.version = e.version.value;
  std::visit(
      [&](const auto& p) {
        using T = std::decay_t<decltype(p)>;
        if constexpr (std::is_same_v<T, CaseFiled>) {
          m.exists = true;
          v.case_id = e.stream.value;
          v.kind = std::string(CaseKindName(p.kind));
          v.category = p.category;
          v.description = p.description;
          v.location = p.location;
          v.source = p.source;
          v.state = CaseState::kFiled;
          // An imported request keeps the time it was made in its own
          // system as the filing time; everything else is filed when stored.
          v.filed_at = p.source == CaseSource::kImport && e.occurred_at != Timestamp{}
                           ? e.occurred_at
                           : e.recorded_at;
          m.reporter = p.reporter;
          m.resident_key = p.resident_key;
          m.query_code_hash = p.query_code_hash;
        } else if constexpr (std::is_same_v<T, CaseRegistered>) {
          v.state = CaseState::kRegistered;
          v.priority = p.priority;
          v.deadline = p.deadline;
          v.warn_at = p.warn_at;
        } else if constexpr (std::is_same_v<T, CaseRejected>) {
          v.state = CaseState::kRejected;
          v.closed_at = e.recorded_at;
        } else if constexpr (std::is_same_v<T, CaseDispatched>) {
          v.state = CaseState::kDispatched;
          v.level = p.level;
          v.assignee = p.assignee;
          v.assignee_name =
              p.level == AssigneeLevel::kGrid ? WorkerName(r, p.assignee) : p.assignee;
        } else if constexpr (std::is_same_v<T, CaseReturned>) {
          v.state = CaseState::kRegistered;
          v.assignee.clear();
          v.assignee_name.clear();
        } else if constexpr (std::is_same_v<T, CaseAcknowledged>) {
          v.state = CaseState::kInProgress;
          if (v.first_response_at == Timestamp{}) v.first_response_at = e.recorded_at;
        } else if constexpr (std::is_same_v<T, CaseReported>) {
          v.state = CaseState::kReported;
          m.verified = false;
        } else if constexpr (std::is_same_v<T, CaseVerified>) {
          m.verified = p.passed;
          if (!p.passed) v.state = CaseState::kInProgress;
        } else if constexpr (std::is_same_v<T, CaseClosed>) {
          v.state = CaseState::kClosed;
          // Closed history of an import: the other system's closing time.
          v.closed_at = v.source == CaseSource::kImport && e.occurred_at != Timestamp{}
                            ? e.occurred_at
                            : e.recorded_at;
          v.closed_on_time = p.on_time;
          v.overdue = !p.on_time;
        } else if constexpr (std::is_same_v<T, CaseFollowedUp>) {
          v.satisfaction = p.satisfaction;
          m.rated_at = e.recorded_at;
        } else if constexpr (std::is_same_v<T, CaseReopened>) {
          v.state = CaseState::kInProgress;
          m.verified = false;
          v.closed_at = Timestamp{};
          v.closed_on_time = false;
          ++v.reopen_count;
        } else if constexpr (std::is_same_v<T, DeadlineExtended>) {
          v.deadline = p.new_deadline;
          v.warn_at = p.new_warn_at;
          v.warned = false;
          v.overdue = false;
          ++v.extensions;
        } else if constexpr (std::is_same_v<T, CaseSuspended>) {
          m.suspended_from = v.state;
          m.remaining_at_suspend = v.deadline - e.recorded_at;
          v.state = CaseState::kSuspended;
        } else if constexpr (std::is_same_v<T, CaseResumed>) {
          v.state = m.suspended_from;
          v.deadline = p.new_deadline;
          v.warn_at = p.new_warn_at;
          v.warned = false;
          v.overdue = false;
        } else if constexpr (std::is_same_v<T, CaseEscalated>) {
          v.level = p.to_level;
          v.state = CaseState::kDispatched;  // the next level holds it now
          v.assignee = p.to_level == AssigneeLevel::kCommunity ? r.CommunityOf(v.location.grid_code)
                                                               : r.StreetOf(v.location.grid_code);
          v.assignee_name = v.assignee;
        } else if constexpr (std::is_same_v<T, DeadlineWarned>) {
          v.warned = true;
          m.last_warned_deadline = p.deadline;
        } else if constexpr (std::is_same_v<T, CaseOverdue>) {
          v.overdue = true;
          m.last_overdue_deadline = p.deadline;
        } else if constexpr (std::is_same_v<T, CaseMerged>) {
          v.state = CaseState::kMerged;
          v.merged_into = p.into_case_id;
          v.closed_at = e.recorded_at;
        }
      },
      e.payload);
}

}  // namespace gridledger::domain
