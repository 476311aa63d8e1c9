// The closed loop, decided: given a case's events, when a command, then
// these events or this refusal (commands.h's table, row by row).
#include "given_when_then.h"

namespace gridledger::domain::spec {
namespace {

using std::chrono::hours;

// ---- the closed loop, step by step -----------------------------------------

TEST(CaseLoop, AGridLeaderRegistersAFiledCaseWithTheCategorysDeadline) {
  CaseSpec spec;
  spec.Given({Filed("sewer")});
  const Timestamp deadline = spec.now() + hours(24);  // sewer: 24 calendar hours
  ExpectEvents(
      spec.When(Worker("l1"), cmd::Register{kCaseId, {}}),
      {CaseRegistered{Priority::kUrgent, deadline, WorkCalendar::WarnAt(spec.now(), deadline)}});
}

TEST(CaseLoop, RegisterTakesThePriorityGiven) {
  CaseSpec spec;
  spec.Given({Filed("sewer")});
  auto events = spec.When(Worker("l1"), cmd::Register{kCaseId, Priority::kEmergency});
  ASSERT_TRUE(events.ok());
  EXPECT_EQ(std::get<CaseRegistered>(events->front()).priority, Priority::kEmergency);
}

TEST(CaseLoop, DispatchToTheGridLandsWithTheGridsFullTimeWorker) {
  CaseSpec spec;
  spec.Given({Filed(), Registered()});
  ExpectEvents(spec.When(Worker("l1"), cmd::Dispatch{kCaseId, AssigneeLevel::kGrid, "", "请处理"}),
               {CaseDispatched{AssigneeLevel::kGrid, "w1", kGrid1, "请处理"}});
}

TEST(CaseLoop, DispatchToTheCommunityNamesTheCommunity) {
  CaseSpec spec;
  spec.Given({Filed(), Registered()});
  ExpectEvents(spec.When(Worker("l1"), cmd::Dispatch{kCaseId, AssigneeLevel::kCommunity, "", ""}),
               {CaseDispatched{AssigneeLevel::kCommunity, kCommunity, kGrid1, ""}});
}

TEST(CaseLoop, TheStreetCentreDispatchesToADepartment) {
  CaseSpec spec;
  spec.Given({Filed(), Registered()});
  ExpectEvents(
      spec.When(Worker("s1"), cmd::Dispatch{kCaseId, AssigneeLevel::kDepartment, "城管执法", ""}),
      {CaseDispatched{AssigneeLevel::kDepartment, "城管执法", kGrid1, ""}});
}

TEST(CaseLoop, TheHolderAcknowledges) {
  CaseSpec spec;
  spec.Given({Filed(), Registered(), DispatchedTo("w1")});
  ExpectEvents(spec.When(Worker("w1"), cmd::Acknowledge{kCaseId}), {CaseAcknowledged{"w1"}});
}

TEST(CaseLoop, TheHolderHandlesAndReportsBack) {
  CaseSpec spec;
  spec.Given(InProgressWithW1());
  ExpectEvents(spec.When(Worker("w1"), cmd::Handle{kCaseId, "疏通完毕", {"photo-1"}}),
               {CaseHandled{"疏通完毕", {"photo-1"}}});
  ExpectEvents(spec.When(Worker("w1"), cmd::ReportBack{kCaseId, "已疏通"}),
               {CaseReported{"已疏通"}});
}

TEST(CaseLoop, TheGridLeaderVerifiesOnSite) {
  CaseSpec spec;
  spec.Given(ReportedByW1());
  ExpectEvents(spec.When(Worker("l1"), cmd::VerifyOnSite{kCaseId, true, "现场已通"}),
               {CaseVerified{true, "现场已通"}});
}

TEST(CaseLoop, AVerifiedCaseClosesOnTimeBeforeItsDeadline) {
  CaseSpec spec;
  spec.Given(ReportedByW1()).Given({CaseVerified{true, ""}});
  ExpectEvents(spec.When(Worker("l1"), cmd::Close{kCaseId, "办结"}), {CaseClosed{true, "办结"}});
}

TEST(CaseLoop, AVerifiedCaseClosedAfterItsDeadlineIsLate) {
  CaseSpec spec;
  spec.Given(ReportedByW1()).Given({CaseVerified{true, ""}}).At(Monday(9) + hours(30));
  ExpectEvents(spec.When(Worker("l1"), cmd::Close{kCaseId, ""}), {CaseClosed{false, ""}});
}

TEST(CaseLoop, FollowUpOfAClosedCaseRecordsTheRating) {
  CaseSpec spec;
  spec.Given(ReportedByW1()).Given({CaseVerified{true, ""}, CaseClosed{true, ""}});
  ExpectEvents(spec.When(Worker("w1"), cmd::FollowUp{kCaseId, 5, "很满意", true}),
               {CaseFollowedUp{5, "很满意", true}});
}

TEST(CaseLoop, FollowUpNotFixedReopensTheCase) {
  CaseSpec spec;
  spec.Given(ReportedByW1()).Given({CaseVerified{true, ""}, CaseClosed{true, ""}});
  ExpectEvents(spec.When(Worker("w1"), cmd::FollowUp{kCaseId, 2, "又堵了", false}),
               {CaseFollowedUp{2, "又堵了", false},
                CaseReopened{"居民反映问题没有解决 / resident says not fixed"}});
}

TEST(CaseLoop, AResidentsVerdictFollowsTheSameRule) {
  CaseSpec spec;
  spec.Given(ReportedByW1()).Given({CaseVerified{true, ""}, CaseClosed{true, ""}});
  ExpectEvents(spec.WhenResidentRates(4, true), {CaseFollowedUp{4, "", true}});
  ExpectRefused(spec.WhenResidentRates(0, true), StatusCode::kInvalidArgument);
}

TEST(CaseLoop, TheWholeLoopFromFilingToFollowUp) {
  CaseSpec spec;
  spec.Given({Filed()});
  const std::vector<std::pair<const char*, CaseCommand>> steps = {
      {"l1", cmd::Register{kCaseId, {}}},
      {"l1", cmd::Dispatch{kCaseId, AssigneeLevel::kGrid, "", ""}},
      {"w1", cmd::Acknowledge{kCaseId}},
      {"w1", cmd::Handle{kCaseId, "疏通", {}}},
      {"w1", cmd::ReportBack{kCaseId, "已通"}},
      {"l1", cmd::VerifyOnSite{kCaseId, true, ""}},
      {"l1", cmd::Close{kCaseId, ""}},
      {"w1", cmd::FollowUp{kCaseId, 5, "", true}},
  };
  for (const auto& [who, command] : steps) {
    auto events = spec.When(Worker(who), command);
    ASSERT_TRUE(events.ok()) << who << ": " << events.status().ToString();
    spec.Given(*events);
  }
  EXPECT_EQ(spec.model().view.state, CaseState::kClosed);
  EXPECT_EQ(spec.model().view.satisfaction, 5);
}

// ---- refused: the wrong state ----------------------------------------------

TEST(CaseLoopState, ACaseThatDoesNotExistIsNotFound) {
  CaseSpec spec;
  ExpectRefused(spec.When(Worker("l1"), cmd::Register{kCaseId, {}}), StatusCode::kNotFound);
}

TEST(CaseLoopState, RegisterTwiceIsRejected) {
  CaseSpec spec;
  spec.Given({Filed(), Registered()});
  ExpectRefused(spec.When(Worker("l1"), cmd::Register{kCaseId, {}}), StatusCode::kRejected);
}

TEST(CaseLoopState, AcknowledgeBeforeDispatchIsRejected) {
  CaseSpec spec;
  spec.Given({Filed(), Registered()});
  ExpectRefused(spec.When(Worker("w1"), cmd::Acknowledge{kCaseId}), StatusCode::kPermissionDenied);
  spec.Given({DispatchedTo("w1"), CaseAcknowledged{"w1"}});
  ExpectRefused(spec.When(Worker("w1"), cmd::Acknowledge{kCaseId}), StatusCode::kRejected);
}

TEST(CaseLoopState, HandleBeforeAcknowledgeIsRejected) {
  CaseSpec spec;
  spec.Given({Filed(), Registered(), DispatchedTo("w1")});
  ExpectRefused(spec.When(Worker("w1"), cmd::Handle{kCaseId, "x", {}}), StatusCode::kRejected);
}

TEST(CaseLoopState, CloseWithoutOnSiteVerificationIsRejected) {
  CaseSpec spec;
  spec.Given(ReportedByW1());
  ExpectRefused(spec.When(Worker("l1"), cmd::Close{kCaseId, ""}), StatusCode::kRejected);
}

TEST(CaseLoopState, AFailedVerificationSendsTheCaseBackAndCloseIsRejected) {
  CaseSpec spec;
  spec.Given(ReportedByW1()).Given({CaseVerified{false, "还在冒水"}});
  EXPECT_EQ(spec.model().view.state, CaseState::kInProgress);
  ExpectRefused(spec.When(Worker("l1"), cmd::Close{kCaseId, ""}), StatusCode::kRejected);
}

TEST(CaseLoopState, VerifyTwiceIsRejected) {
  CaseSpec spec;
  spec.Given(ReportedByW1()).Given({CaseVerified{true, ""}});
  ExpectRefused(spec.When(Worker("l1"), cmd::VerifyOnSite{kCaseId, true, ""}),
                StatusCode::kRejected);
}

TEST(CaseLoopState, FollowUpOfAnOpenCaseIsRejected) {
  CaseSpec spec;
  spec.Given(InProgressWithW1());
  ExpectRefused(spec.When(Worker("w1"), cmd::FollowUp{kCaseId, 5, "", true}),
                StatusCode::kRejected);
}

TEST(CaseLoopState, HandleAndReportNeedWords) {
  CaseSpec spec;
  spec.Given(InProgressWithW1());
  ExpectRefused(spec.When(Worker("w1"), cmd::Handle{kCaseId, "", {}}), StatusCode::kRejected);
  ExpectRefused(spec.When(Worker("w1"), cmd::ReportBack{kCaseId, ""}), StatusCode::kRejected);
}

// ---- refused: the wrong role or scope --------------------------------------

TEST(CaseLoopWho, APartTimeWorkerMayNotRegister) {
  CaseSpec spec;
  spec.Given({Filed()});
  ExpectRefused(spec.When(Worker("pt1"), cmd::Register{kCaseId, {}}),
                StatusCode::kPermissionDenied);
}

TEST(CaseLoopWho, AnotherGridsLeaderMayNotRegister) {
  CaseSpec spec;
  spec.Given({Filed()});
  ExpectRefused(spec.When(Worker("l2"), cmd::Register{kCaseId, {}}), StatusCode::kPermissionDenied);
}

TEST(CaseLoopWho, AnUnknownWorkerIsDenied) {
  CaseSpec spec;
  spec.Given({Filed()});
  ExpectRefused(spec.When(Worker("nobody"), cmd::Register{kCaseId, {}}),
                StatusCode::kPermissionDenied);
}

TEST(CaseLoopWho, OnlyTheStreetCentreDispatchesToADepartment) {
  CaseSpec spec;
  spec.Given({Filed(), Registered()});
  ExpectRefused(
      spec.When(Worker("l1"), cmd::Dispatch{kCaseId, AssigneeLevel::kDepartment, "城管执法", ""}),
      StatusCode::kPermissionDenied);
}

TEST(CaseLoopWho, OnlyTheHolderAcknowledges) {
  CaseSpec spec;
  spec.Given({Filed(), Registered(), DispatchedTo("w1")});
  ExpectRefused(spec.When(Worker("w2"), cmd::Acknowledge{kCaseId}), StatusCode::kPermissionDenied);
}

TEST(CaseLoopWho, AFullTimeWorkerMayNotVerify) {
  CaseSpec spec;
  spec.Given(ReportedByW1());
  ExpectRefused(spec.When(Worker("w1"), cmd::VerifyOnSite{kCaseId, true, ""}),
                StatusCode::kPermissionDenied);
}

TEST(CaseLoopWho, TheHandlerMayNotVerifyTheirOwnWork) {
  CaseSpec spec;
  spec.Given({Filed(), Registered(), DispatchedTo("l1"), CaseAcknowledged{"l1"},
              CaseHandled{"x", {}}, CaseReported{"y"}});
  ExpectRefused(spec.When(Worker("l1"), cmd::VerifyOnSite{kCaseId, true, ""}),
                StatusCode::kRejected);
  ExpectEvents(spec.When(Worker("c1"), cmd::VerifyOnSite{kCaseId, true, ""}),
               {CaseVerified{true, ""}});
}

TEST(CaseLoopWho, DispatchToAWorkerOutsideTheGridIsRejected) {
  CaseSpec spec;
  spec.Given({Filed(), Registered()});
  ExpectRefused(spec.When(Worker("l1"), cmd::Dispatch{kCaseId, AssigneeLevel::kGrid, "w2", ""}),
                StatusCode::kRejected);
  ExpectRefused(spec.When(Worker("l1"), cmd::Dispatch{kCaseId, AssigneeLevel::kGrid, "pt1", ""}),
                StatusCode::kRejected);
}

TEST(CaseLoopWho, DispatchToAnUnnamedDepartmentIsMalformed) {
  CaseSpec spec;
  spec.Given({Filed(), Registered()});
  ExpectRefused(spec.When(Worker("s1"), cmd::Dispatch{kCaseId, AssigneeLevel::kDepartment, "", ""}),
                StatusCode::kInvalidArgument);
}

// ---- rejecting, returning, reopening, merging ------------------------------

TEST(CaseReject, AnInvalidCaseIsRejectedWithItsNote) {
  CaseSpec spec;
  spec.Given({Filed()});
  ExpectEvents(spec.When(Worker("l1"), cmd::Reject{kCaseId, "invalid", "误报，已电话告知", ""}),
               {CaseRejected{RejectReason::kInvalid, "误报，已电话告知", ""}});
}

TEST(CaseReject, ADuplicateNamesTheCaseItDuplicates) {
  CaseSpec spec;
  spec.Given({Filed()});
  ExpectEvents(spec.When(Worker("l1"), cmd::Reject{kCaseId, "duplicate", "", "case-1"}),
               {CaseRejected{RejectReason::kDuplicate, "", "case-1"}});
  ExpectRefused(spec.When(Worker("l1"), cmd::Reject{kCaseId, "duplicate", "", ""}),
                StatusCode::kInvalidArgument);
}

TEST(CaseReject, AReasonOutsideTheThreeIsMalformed) {
  CaseSpec spec;
  spec.Given({Filed()});
  ExpectRefused(spec.When(Worker("l1"), cmd::Reject{kCaseId, "boring", "x", ""}),
                StatusCode::kInvalidArgument);
}

TEST(CaseReject, WithoutANoteTheResidentIsNotToldWhereToGo) {
  CaseSpec spec;
  spec.Given({Filed()});
  ExpectRefused(spec.When(Worker("l1"), cmd::Reject{kCaseId, "notResponsible", "", ""}),
                StatusCode::kRejected);
}

TEST(CaseReject, ACaseInProgressCannotBeRejected) {
  CaseSpec spec;
  spec.Given(InProgressWithW1());
  ExpectRefused(spec.When(Worker("l1"), cmd::Reject{kCaseId, "invalid", "x", ""}),
                StatusCode::kRejected);
}

TEST(CaseReturn, TheHolderReturnsAMisdispatchedCaseWithAReason) {
  CaseSpec spec;
  spec.Given({Filed(), Registered(), DispatchedTo("w1")});
  ExpectEvents(spec.When(Worker("w1"), cmd::Return{kCaseId, "不是本网格"}),
               {CaseReturned{"不是本网格"}});
  ExpectRefused(spec.When(Worker("w1"), cmd::Return{kCaseId, ""}), StatusCode::kRejected);
}

TEST(CaseReopen, AClosedCaseReopens) {
  CaseSpec spec;
  spec.Given(ReportedByW1()).Given({CaseVerified{true, ""}, CaseClosed{true, ""}});
  ExpectEvents(spec.When(Worker("l1"), cmd::Reopen{kCaseId, "居民说没修好"}),
               {CaseReopened{"居民说没修好"}});
}

TEST(CaseReopen, AnOpenCaseCannotReopen) {
  CaseSpec spec;
  spec.Given(InProgressWithW1());
  ExpectRefused(spec.When(Worker("l1"), cmd::Reopen{kCaseId, "x"}), StatusCode::kRejected);
}

TEST(CaseMerge, AnOpenCaseMergesIntoAnother) {
  CaseSpec spec;
  spec.Given({Filed()});
  ExpectEvents(spec.When(Worker("l1"), cmd::Merge{kCaseId, "case-2"}), {CaseMerged{"case-2"}});
  ExpectRefused(spec.When(Worker("l1"), cmd::Merge{kCaseId, kCaseId}),
                StatusCode::kInvalidArgument);
}

// ---- deadlines: warnings, overdue, extensions, suspension, escalation -------

TEST(CaseDeadlines, NothingIsDueBeforeTheWarning) {
  CaseSpec spec;
  spec.Given({Filed(), Registered()}).At(Monday(9) + hours(1));
  EXPECT_TRUE(spec.WhenDeadlinesAreScanned().empty());
}

TEST(CaseDeadlines, AWarningComesBeforeTheDeadlineOnce) {
  CaseSpec spec;
  const Timestamp deadline = Monday(9) + hours(24);
  spec.Given({Filed(), Registered(deadline)}).At(deadline - hours(2));
  ExpectEvents(spec.WhenDeadlinesAreScanned(), {DeadlineWarned{deadline}});
  spec.Given({DeadlineWarned{deadline}});
  EXPECT_TRUE(spec.WhenDeadlinesAreScanned().empty());
}

TEST(CaseDeadlines, PastTheDeadlineTheCaseIsFlaggedOverdueOnce) {
  CaseSpec spec;
  const Timestamp deadline = Monday(9) + hours(24);
  spec.Given({Filed(), Registered(deadline)}).At(deadline + hours(1));
  ExpectEvents(spec.WhenDeadlinesAreScanned(), {CaseOverdue{deadline}});
  spec.Given({CaseOverdue{deadline}});
  EXPECT_TRUE(spec.WhenDeadlinesAreScanned().empty());
}

TEST(CaseDeadlines, ASuspendedOrClosedCaseHasNoDeadlineEvents) {
  CaseSpec suspended;
  suspended.Given({Filed(), Registered(), CaseSuspended{"冬季施工"}}).At(Monday(9) + hours(48));
  EXPECT_TRUE(suspended.WhenDeadlinesAreScanned().empty());
  CaseSpec closed;
  closed.Given(ReportedByW1()).Given({CaseVerified{true, ""}, CaseClosed{true, ""}});
  closed.At(Monday(9) + hours(48));
  EXPECT_TRUE(closed.WhenDeadlinesAreScanned().empty());
}

TEST(CaseDeadlines, AnExtensionCountsWorkingDaysFromTheLaterOfDeadlineAndNow) {
  CaseSpec spec;
  const Timestamp deadline = Monday(9) + hours(24);
  spec.Given(InProgressWithW1()).At(deadline + hours(5));
  const Timestamp extended = spec.calendar().AddTime(spec.now(), SlaUnit::kWorkingDays, 3);
  ExpectEvents(
      spec.When(Worker("w1"), cmd::ExtendDeadline{kCaseId, 3, "等配件", ""}),
      {DeadlineExtended{extended, WorkCalendar::WarnAt(spec.now(), extended), "等配件", ""}});
}

TEST(CaseDeadlines, AnExtensionNeedsAReasonAndOneToThirtyDays) {
  CaseSpec spec;
  spec.Given(InProgressWithW1());
  ExpectRefused(spec.When(Worker("l1"), cmd::ExtendDeadline{kCaseId, 3, "", ""}),
                StatusCode::kRejected);
  ExpectRefused(spec.When(Worker("l1"), cmd::ExtendDeadline{kCaseId, 0, "x", ""}),
                StatusCode::kInvalidArgument);
  ExpectRefused(spec.When(Worker("l1"), cmd::ExtendDeadline{kCaseId, 31, "x", ""}),
                StatusCode::kInvalidArgument);
}

TEST(CaseDeadlines, ASecondExtensionNeedsTheCommunitysApproval) {
  CaseSpec spec;
  spec.Given(InProgressWithW1()).Given({DeadlineExtended{Monday(9) + hours(72), {}, "x", ""}});
  ExpectRefused(spec.When(Worker("l1"), cmd::ExtendDeadline{kCaseId, 3, "还要等", ""}),
                StatusCode::kRejected);
  ExpectRefused(spec.When(Worker("l1"), cmd::ExtendDeadline{kCaseId, 3, "还要等", "l1"}),
                StatusCode::kRejected);
  auto approved = spec.When(Worker("l1"), cmd::ExtendDeadline{kCaseId, 3, "还要等", "c1"});
  ASSERT_TRUE(approved.ok()) << approved.status().ToString();
  EXPECT_EQ(std::get<DeadlineExtended>(approved->front()).approved_by, "c1");
}

TEST(CaseDeadlines, AFiledOrSuspendedCaseCannotBeExtended) {
  CaseSpec filed;
  filed.Given({Filed()});
  ExpectRefused(filed.When(Worker("l1"), cmd::ExtendDeadline{kCaseId, 3, "x", ""}),
                StatusCode::kRejected);
  CaseSpec suspended;
  suspended.Given({Filed(), Registered(), CaseSuspended{"x"}});
  ExpectRefused(suspended.When(Worker("l1"), cmd::ExtendDeadline{kCaseId, 3, "x", ""}),
                StatusCode::kRejected);
}

TEST(CaseDeadlines, ResumeGivesBackTheTimeThatRemained) {
  CaseSpec spec;
  const Timestamp deadline = Monday(9) + hours(24);
  spec.Given({Filed(), Registered(deadline)}).At(Monday(10)).Given({CaseSuspended{"冬季施工"}});
  spec.At(Monday(9) + hours(100));
  const Timestamp resumed = spec.now() + hours(23);
  ExpectEvents(spec.When(Worker("l1"), cmd::Resume{kCaseId}),
               {CaseResumed{resumed, WorkCalendar::WarnAt(spec.now(), resumed)}});
}

TEST(CaseDeadlines, SuspendNeedsAReasonAndAnActiveCase) {
  CaseSpec spec;
  spec.Given({Filed(), Registered()});
  ExpectRefused(spec.When(Worker("l1"), cmd::Suspend{kCaseId, ""}), StatusCode::kRejected);
  ExpectEvents(spec.When(Worker("l1"), cmd::Suspend{kCaseId, "冬季施工"}),
               {CaseSuspended{"冬季施工"}});
  ExpectRefused(spec.When(Worker("w1"), cmd::Suspend{kCaseId, "x"}), StatusCode::kPermissionDenied);
  ExpectRefused(spec.When(Worker("l1"), cmd::Resume{kCaseId}), StatusCode::kRejected);
}

TEST(CaseEscalation, TheGridEscalatesToTheCommunityAndTheCommunityToTheStreet) {
  CaseSpec spec;
  spec.Given(InProgressWithW1());
  ExpectEvents(spec.When(Worker("w1"), cmd::Escalate{kCaseId, "需要社区协调"}),
               {CaseEscalated{AssigneeLevel::kCommunity, "需要社区协调"}});
  spec.Given({CaseEscalated{AssigneeLevel::kCommunity, "需要社区协调"}});
  EXPECT_EQ(spec.model().view.assignee, kCommunity);
  ExpectEvents(spec.When(Worker("c1"), cmd::Escalate{kCaseId, "需要街道"}),
               {CaseEscalated{AssigneeLevel::kStreet, "需要街道"}});
}

TEST(CaseEscalation, AtTheStreetTheStreetDispatchesADepartmentInstead) {
  CaseSpec spec;
  spec.Given(InProgressWithW1())
      .Given({CaseEscalated{AssigneeLevel::kCommunity, "a"},
              CaseEscalated{AssigneeLevel::kStreet, "b"}});
  ExpectRefused(spec.When(Worker("c1"), cmd::Escalate{kCaseId, "c"}), StatusCode::kRejected);
}

TEST(CaseEscalation, EscalationNeedsAReasonAndTheRight) {
  CaseSpec spec;
  spec.Given(InProgressWithW1());
  ExpectRefused(spec.When(Worker("w1"), cmd::Escalate{kCaseId, ""}), StatusCode::kRejected);
  ExpectRefused(spec.When(Worker("pt1"), cmd::Escalate{kCaseId, "x"}),
                StatusCode::kPermissionDenied);
}

}  // namespace
}  // namespace gridledger::domain::spec
