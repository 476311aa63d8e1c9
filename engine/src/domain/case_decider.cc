#include "domain/case_decider.h"

#include "domain/authorization.h"

namespace gridledger::domain {

namespace {

using Events = std::vector<EventPayload>;

Status Reject(std::string zh, std::string en) { return Status::Rejected(zh + " / " + en); }

CaseContext ContextOf(const CaseModel& m) {
  return {m.view.location.grid_code, m.view.level, m.view.assignee};
}

bool OneOf(CaseState s, std::initializer_list<CaseState> states) {
  for (CaseState x : states)
    if (s == x) return true;
  return false;
}

Status WrongState(const CaseModel& m, std::string_view action_zh, std::string_view action_en) {
  return Reject(
      "案件" + m.view.case_id + "当前为“" + std::string(CaseStateName(m.view.state, true)) +
          "”，不能" + std::string(action_zh),
      "case " + m.view.case_id + " is " + std::string(CaseStateName(m.view.state, false)) +
          " and cannot be " + std::string(action_en));
}

class Decider {
 public:
  Decider(const CaseModel& m, const DecideContext& c) : m_(m), c_(c) {}

  Status Allow(Permission p) const { return Authorize(c_.actor, c_.registry, p, ContextOf(m_)); }

  Result<Events> operator()(const cmd::Register& x) {
    GL_RETURN_IF_ERROR(Allow(Permission::kRegister));
    if (m_.view.state != CaseState::kFiled) return WrongState(m_, "立案", "registered");
    const ServiceCategory* cat = FindCategory(m_.view.category);
    Priority pr = x.priority.value_or(cat ? cat->priority : Priority::kNormal);
    Timestamp deadline = cat ? DeadlineFor(*cat, c_.now, c_.calendar)
                             : c_.calendar.AddTime(c_.now, SlaUnit::kWorkingDays, 7);
    return Events{CaseRegistered{pr, deadline, WorkCalendar::WarnAt(c_.now, deadline)}};
  }

  Result<Events> operator()(const cmd::Reject& x) {
    GL_RETURN_IF_ERROR(Allow(Permission::kRegister));
    if (!OneOf(m_.view.state, {CaseState::kFiled, CaseState::kRegistered, CaseState::kDispatched}))
      return WrongState(m_, "注销", "rejected");
    const std::optional<RejectReason> reason = ParseRejectReason(x.reason);
    if (!reason)
      return Status::InvalidArgument("reason must be invalid, duplicate or notResponsible");
    const bool duplicate = *reason == RejectReason::kDuplicate;
    if (duplicate && x.duplicate_of.empty())
      return Status::InvalidArgument("a duplicate needs the case it duplicates");
    if (!duplicate && x.note.empty())
      return Reject("请写明不立案的原因和办理渠道",
                    "say why, and where the resident can go instead");
    return Events{CaseRejected{*reason, x.note, x.duplicate_of}};
  }

  Result<Events> operator()(const cmd::Dispatch& x) {
    GL_RETURN_IF_ERROR(Allow(x.level == AssigneeLevel::kDepartment
                                 ? Permission::kDispatchToDepartment
                                 : Permission::kDispatch));
    if (!OneOf(m_.view.state, {CaseState::kRegistered, CaseState::kDispatched}))
      return WrongState(m_, "派遣", "dispatched");
    std::string assignee = x.assignee;
    const std::string& grid = m_.view.location.grid_code;
    switch (x.level) {
      case AssigneeLevel::kGrid: {
        if (assignee.empty()) assignee = c_.registry.GridWorker(grid);
        bool in_grid = false;
        for (const auto& a : c_.registry.AssignmentsOf(assignee))
          in_grid = in_grid || (Covers(a.scope, grid) &&
                                (a.role == Role::kFullTimeWorker || a.role == Role::kGridLeader));
        if (!in_grid)
          return Reject("网格员" + assignee + "不在本网格",
                        "worker '" + assignee + "' does not work in grid " + grid);
        break;
      }
      case AssigneeLevel::kCommunity:
        assignee = c_.registry.CommunityOf(grid);
        break;
      case AssigneeLevel::kStreet:
        assignee = c_.registry.StreetOf(grid);
        break;
      case AssigneeLevel::kDepartment:
        if (assignee.empty()) return Status::InvalidArgument("name the department to dispatch to");
        break;
    }
    return Events{CaseDispatched{x.level, assignee, grid, x.note}};
  }

  Result<Events> operator()(const cmd::Return& x) {
    GL_RETURN_IF_ERROR(Allow(Permission::kWorkOnCase));
    if (m_.view.state != CaseState::kDispatched) return WrongState(m_, "退回", "returned");
    if (x.reason.empty()) return Reject("请写明退回原因", "say why the case is returned");
    return Events{CaseReturned{x.reason}};
  }

  Result<Events> operator()(const cmd::Acknowledge&) {
    GL_RETURN_IF_ERROR(Allow(Permission::kWorkOnCase));
    if (m_.view.state != CaseState::kDispatched) return WrongState(m_, "签收", "acknowledged");
    return Events{CaseAcknowledged{c_.actor.id}};
  }

  Result<Events> operator()(const cmd::Handle& x) {
    GL_RETURN_IF_ERROR(Allow(Permission::kWorkOnCase));
    if (m_.view.state != CaseState::kInProgress) return WrongState(m_, "处置", "handled");
    if (x.note.empty()) return Reject("请填写处置情况", "describe what was done");
    return Events{CaseHandled{x.note, x.photo_refs}};
  }

  Result<Events> operator()(const cmd::ReportBack& x) {
    GL_RETURN_IF_ERROR(Allow(Permission::kWorkOnCase));
    if (m_.view.state != CaseState::kInProgress) return WrongState(m_, "反馈", "reported back");
    if (x.result.empty()) return Reject("请填写处置结果", "describe the result");
    return Events{CaseReported{x.result}};
  }

  Result<Events> operator()(const cmd::VerifyOnSite& x) {
    GL_RETURN_IF_ERROR(Allow(Permission::kVerify));
    if (m_.view.state != CaseState::kReported || m_.verified)
      return WrongState(m_, "核查", "verified");
    if (c_.actor.id == m_.view.assignee)
      return Reject("处置人不能核查自己的工作", "the handler cannot verify their own work");
    return Events{CaseVerified{x.passed, x.note}};
  }

  Result<Events> operator()(const cmd::Close& x) {
    GL_RETURN_IF_ERROR(Allow(Permission::kVerify));
    if (m_.view.state != CaseState::kReported) return WrongState(m_, "结案", "closed");
    if (!m_.verified)
      return Reject("未经现场核查，不能结案", "a case closes only after on-site verification");
    bool on_time = m_.view.deadline == Timestamp{} || c_.now <= m_.view.deadline;
    return Events{CaseClosed{on_time, x.note}};
  }

  Result<Events> operator()(const cmd::FollowUp& x) {
    GL_RETURN_IF_ERROR(Allow(Permission::kFollowUp));
    return FollowUpEvents(m_, x.satisfaction, x.fixed, x.comment);
  }

  Result<Events> operator()(const cmd::Reopen& x) {
    GL_RETURN_IF_ERROR(Allow(Permission::kReopen));
    if (m_.view.state != CaseState::kClosed) return WrongState(m_, "重新办理", "reopened");
    return Events{CaseReopened{x.reason}};
  }

  Result<Events> operator()(const cmd::ExtendDeadline& x) {
    GL_RETURN_IF_ERROR(Allow(Permission::kExtend));
    if (!IsOpen(m_.view.state) || m_.view.state == CaseState::kFiled ||
        m_.view.state == CaseState::kSuspended)
      return WrongState(m_, "延期", "extended");
    if (x.reason.empty()) return Reject("请写明延期原因", "say why more time is needed");
    if (x.working_days == 0 || x.working_days > 30)
      return Status::InvalidArgument("an extension is 1 to 30 working days");
    if (m_.view.extensions >= 1) {
      // A second extension needs approval from the community or street.
      if (x.approved_by.empty())
        return Reject("第二次延期需要社区或街道审批", "a second extension needs approval");
      Status approver = Authorize(Actor::Worker(x.approved_by), c_.registry,
                                  Permission::kApproveExtension, ContextOf(m_));
      if (!approver.ok())
        return Reject("审批人无权批准延期",
                      "'" + x.approved_by + "' may not approve extensions here");
    }
    Timestamp base = std::max(m_.view.deadline, c_.now);
    Timestamp deadline = c_.calendar.AddTime(base, SlaUnit::kWorkingDays, x.working_days);
    return Events{DeadlineExtended{deadline, WorkCalendar::WarnAt(c_.now, deadline), x.reason,
                                   x.approved_by}};
  }

  Result<Events> operator()(const cmd::Suspend& x) {
    GL_RETURN_IF_ERROR(Allow(Permission::kSuspend));
    if (!OneOf(m_.view.state,
               {CaseState::kRegistered, CaseState::kDispatched, CaseState::kInProgress}))
      return WrongState(m_, "挂起", "suspended");
    if (x.reason.empty()) return Reject("请写明挂起原因", "say why the case is put on hold");
    return Events{CaseSuspended{x.reason}};
  }

  Result<Events> operator()(const cmd::Resume&) {
    GL_RETURN_IF_ERROR(Allow(Permission::kSuspend));
    if (m_.view.state != CaseState::kSuspended) return WrongState(m_, "恢复", "resumed");
    auto remaining =
        std::max(m_.remaining_at_suspend, std::chrono::microseconds(std::chrono::hours(1)));
    Timestamp deadline = c_.now + remaining;
    return Events{CaseResumed{deadline, WorkCalendar::WarnAt(c_.now, deadline)}};
  }

  Result<Events> operator()(const cmd::Escalate& x) {
    GL_RETURN_IF_ERROR(Allow(Permission::kEscalate));
    if (!OneOf(m_.view.state,
               {CaseState::kRegistered, CaseState::kDispatched, CaseState::kInProgress}))
      return WrongState(m_, "上报", "escalated");
    if (x.reason.empty()) return Reject("请写明上报原因", "say why the grid cannot resolve it");
    AssigneeLevel next;
    switch (m_.view.level) {
      case AssigneeLevel::kGrid:
        next = AssigneeLevel::kCommunity;
        break;
      case AssigneeLevel::kCommunity:
        next = AssigneeLevel::kStreet;
        break;
      default:
        return Reject("已在街道层级，请由街道派遣职能部门",
                      "already at the street: the street centre dispatches a department");
    }
    return Events{CaseEscalated{next, x.reason}};
  }

  Result<Events> operator()(const cmd::Merge& x) {
    GL_RETURN_IF_ERROR(Allow(Permission::kRegister));
    if (!IsOpen(m_.view.state)) return WrongState(m_, "合并", "merged");
    if (x.into_case_id.empty() || x.into_case_id == m_.view.case_id)
      return Status::InvalidArgument("merge into another, existing case");
    return Events{CaseMerged{x.into_case_id}};
  }

  static Result<Events> FollowUpEvents(const CaseModel& m, uint8_t satisfaction, bool fixed,
                                       const std::string& comment) {
    if (m.view.state != CaseState::kClosed) return WrongState(m, "回访评价", "rated");
    if (satisfaction < 1 || satisfaction > 5)
      return Status::InvalidArgument("satisfaction is 1 to 5");
    Events events{CaseFollowedUp{satisfaction, comment, fixed}};
    if (!fixed) events.push_back(CaseReopened{"居民反映问题没有解决 / resident says not fixed"});
    return events;
  }

 private:
  const CaseModel& m_;
  const DecideContext& c_;
};

}  // namespace

Timestamp DeadlineFor(const ServiceCategory& category, Timestamp now,
                      const WorkCalendar& calendar) {
  return calendar.AddTime(now, category.unit, category.limit);
}

Result<std::vector<EventPayload>> DecideCase(const CaseModel& model, const CaseCommand& command,
                                             const DecideContext& context) {
  if (!model.exists) return Status::NotFound("no such case");
  Decider decider(model, context);
  return std::visit([&](const auto& c) { return decider(c); }, command);
}

std::vector<EventPayload> DecideDeadlines(const CaseModel& m, Timestamp now) {
  std::vector<EventPayload> out;
  const CaseView& v = m.view;
  if (!IsOpen(v.state) || v.state == CaseState::kSuspended || v.deadline == Timestamp{}) return out;
  if (now >= v.warn_at && m.last_warned_deadline != v.deadline && now < v.deadline)
    out.push_back(DeadlineWarned{v.deadline});
  if (now >= v.deadline && m.last_overdue_deadline != v.deadline)
    out.push_back(CaseOverdue{v.deadline});
  return out;
}

// Exposed for the facade's resident feedback path.
Result<std::vector<EventPayload>> DecideResidentFeedback(const CaseModel& m, uint8_t satisfaction,
                                                         bool fixed, const std::string& comment) {
  if (!m.exists) return Status::NotFound("no such case");
  return Decider::FollowUpEvents(m, satisfaction, fixed, comment);
}

}  // namespace gridledger::domain
