#include "facade/engine_fixture.h"

namespace gridledger {
namespace {

using std::chrono::hours;
using testing::EngineFixture;

class ClosedLoop : public EngineFixture {};

TEST_F(ClosedLoop, KioskFilingLandsWithTheGridWorkerAndIsVisibleAtOnce) {
  auto receipt = FileSewer();
  EXPECT_EQ(receipt.grid_code, kGrid1);
  EXPECT_EQ(receipt.assignee, "w1");
  EXPECT_EQ(receipt.query_code.size(), 6u);
  EXPECT_EQ(receipt.deadline, clock_.Now() + hours(24));  // sewer: 24 calendar hours
  auto view = engine_->LookupCase(receipt.case_id, receipt.query_code);
  ASSERT_TRUE(view.ok()) << view.status().ToString();
  EXPECT_EQ(view->state, CaseState::kDispatched);
  EXPECT_EQ(view->assignee, "w1");
  EXPECT_EQ(view->masked_phone, "138****5678");
  ASSERT_EQ(view->timeline.size(), 3u);
  EXPECT_EQ(view->timeline[2].text_zh, "已派发给网格员张敏");
}

TEST_F(ClosedLoop, FullLoopClosesOnlyAfterVerification) {
  auto r = FileSewer();
  Exec("w1", cmd::Acknowledge{r.case_id});
  Exec("w1", cmd::Handle{r.case_id, "疏通下水道", {}});
  Exec("w1", cmd::ReportBack{r.case_id, "已疏通"});
  auto early = engine_->Execute(Actor::Worker("l1"), cmd::Close{r.case_id, ""});
  ASSERT_FALSE(early.ok());
  EXPECT_TRUE(early.error().IsRejected());
  auto self_verify = engine_->Execute(Actor::Worker("w1"), cmd::VerifyOnSite{r.case_id, true, ""});
  EXPECT_FALSE(self_verify.ok());
  Exec("l1", cmd::VerifyOnSite{r.case_id, true, "核查通过"});
  auto closed = Exec("l1", cmd::Close{r.case_id, "销号"});
  EXPECT_EQ(closed.state, CaseState::kClosed);
  EXPECT_TRUE(closed.closed_on_time);
  auto rated = engine_->ResidentFeedback(r.case_id, r.query_code, 5, true, "很满意");
  ASSERT_TRUE(rated.ok()) << rated.status().ToString();
  EXPECT_EQ(rated->satisfaction, 5);
}

TEST_F(ClosedLoop, ResidentSayingNotFixedReopensTheCase) {
  auto r = FileSewer();
  Exec("w1", cmd::Acknowledge{r.case_id});
  Exec("w1", cmd::ReportBack{r.case_id, "已疏通"});
  Exec("l1", cmd::VerifyOnSite{r.case_id, true, ""});
  Exec("l1", cmd::Close{r.case_id, ""});
  auto reopened = engine_->ResidentFeedback(r.case_id, r.query_code, 2, false, "还是堵");
  ASSERT_TRUE(reopened.ok());
  EXPECT_EQ(reopened->state, CaseState::kInProgress);
  EXPECT_EQ(reopened->reopen_count, 1u);
}

TEST_F(ClosedLoop, WorkerOfAnotherGridIsRefused) {
  auto r = FileSewer();
  auto denied = engine_->Execute(Actor::Worker("w2"), cmd::Acknowledge{r.case_id});
  ASSERT_FALSE(denied.ok());
  EXPECT_EQ(denied.error().code(), StatusCode::kPermissionDenied);
  auto leader2 = engine_->Execute(Actor::Worker("l2"), cmd::Reject{r.case_id, "invalid", "x", ""});
  EXPECT_EQ(leader2.error().code(), StatusCode::kPermissionDenied);
}

TEST_F(ClosedLoop, EscalationGoesGridToCommunityToStreetThenDepartment) {
  auto r = FileSewer();
  Exec("w1", cmd::Acknowledge{r.case_id});
  auto up = Exec("w1", cmd::Escalate{r.case_id, "需要社区协调"});
  EXPECT_EQ(up.level, AssigneeLevel::kCommunity);
  EXPECT_EQ(up.assignee, kCommunity);
  auto up2 = Exec("c1", cmd::Escalate{r.case_id, "需要职能部门"});
  EXPECT_EQ(up2.level, AssigneeLevel::kStreet);
  auto no_more = engine_->Execute(Actor::Worker("s1"), cmd::Escalate{r.case_id, "x"});
  EXPECT_FALSE(no_more.ok());
  // Only the street centre dispatches to departments.
  auto by_community = engine_->Execute(
      Actor::Worker("c1"), cmd::Dispatch{r.case_id, AssigneeLevel::kDepartment, "城管执法", ""});
  EXPECT_EQ(by_community.error().code(), StatusCode::kPermissionDenied);
  auto dept = Exec("s1", cmd::Dispatch{r.case_id, AssigneeLevel::kDepartment, "城管执法", ""});
  EXPECT_EQ(dept.assignee, "城管执法");
  auto ack = Exec("d1", cmd::Acknowledge{r.case_id});
  EXPECT_EQ(ack.state, CaseState::kInProgress);
}

TEST_F(ClosedLoop, SecondExtensionNeedsApprovalFromCommunity) {
  auto r = FileSewer();
  Exec("w1", cmd::Acknowledge{r.case_id});
  auto first = Exec("w1", cmd::ExtendDeadline{r.case_id, 2, "等配件", ""});
  EXPECT_EQ(first.extensions, 1u);
  auto second =
      engine_->Execute(Actor::Worker("w1"), cmd::ExtendDeadline{r.case_id, 2, "还在等", ""});
  EXPECT_TRUE(second.error().IsRejected());
  auto bad_approver =
      engine_->Execute(Actor::Worker("w1"), cmd::ExtendDeadline{r.case_id, 2, "还在等", "l1"});
  EXPECT_TRUE(bad_approver.error().IsRejected());
  auto approved = Exec("w1", cmd::ExtendDeadline{r.case_id, 2, "还在等", "c1"});
  EXPECT_EQ(approved.extensions, 2u);
  EXPECT_GT(approved.deadline, first.deadline);
}

TEST_F(ClosedLoop, DeadlineScanWarnsBeforeAndFlagsOverdueAfterOnce) {
  auto r = FileSewer();
  auto v = *engine_->LookupCase(r.case_id, r.query_code);
  clock_.Set(v.warn_at + hours(0));
  EXPECT_EQ(*engine_->RunDeadlineScan(), 1u);
  EXPECT_EQ(*engine_->RunDeadlineScan(), 0u);
  clock_.Set(v.deadline + hours(1));
  EXPECT_EQ(*engine_->RunDeadlineScan(), 1u);
  EXPECT_EQ(*engine_->RunDeadlineScan(), 0u);
  auto after = *engine_->LookupCase(r.case_id, r.query_code);
  EXPECT_TRUE(after.warned);
  EXPECT_TRUE(after.overdue);
  auto queue = engine_->WorkQueue(Actor::Worker("l1"), kGrid1);
  ASSERT_TRUE(queue.ok());
  ASSERT_EQ(queue->size(), 1u);
  EXPECT_TRUE(queue->front().overdue);
}

TEST_F(ClosedLoop, SuspendAndResumeKeepTheRemainingTime) {
  auto r = FileSewer();
  Exec("w1", cmd::Acknowledge{r.case_id});
  auto before = *engine_->LookupCase(r.case_id, r.query_code);
  clock_.Advance(hours(2));
  Exec("l1", cmd::Suspend{r.case_id, "等待雨季结束施工"});
  clock_.Advance(hours(100));
  auto resumed = Exec("l1", cmd::Resume{r.case_id});
  EXPECT_EQ(resumed.state, CaseState::kInProgress);
  EXPECT_EQ(resumed.deadline - clock_.Now(), before.deadline - (before.filed_at + hours(2)));
}

TEST_F(ClosedLoop, ReturnedCaseCanBeDispatchedAgain) {
  auto r = FileSewer();
  auto back = Exec("w1", cmd::Return{r.case_id, "不属于本网格"});
  EXPECT_EQ(back.state, CaseState::kRegistered);
  auto again = Exec("l1", cmd::Dispatch{r.case_id, AssigneeLevel::kGrid, "l1", ""});
  EXPECT_EQ(again.state, CaseState::kDispatched);
  EXPECT_EQ(again.assignee, "l1");
}

TEST_F(ClosedLoop, MergeAndRejectDuplicates) {
  auto a = FileSewer();
  auto b = FileSewer("13900001111");
  auto merged = Exec("l1", cmd::Merge{b.case_id, a.case_id});
  EXPECT_EQ(merged.state, CaseState::kMerged);
  auto c = FileSewer("13900002222");
  auto rejected = Exec("l1", cmd::Reject{c.case_id, "duplicate", "", a.case_id});
  EXPECT_EQ(rejected.state, CaseState::kRejected);
}

TEST_F(ClosedLoop, WrongCodesLockTheLookup) {
  auto r = FileSewer();
  for (int i = 0; i < 5; ++i)
    EXPECT_EQ(engine_->LookupCase(r.case_id, "000000").status().code(), StatusCode::kNotFound);
  EXPECT_EQ(engine_->LookupCase(r.case_id, r.query_code).status().code(),
            StatusCode::kResourceExhausted);
  clock_.Advance(std::chrono::minutes(16));
  EXPECT_TRUE(engine_->LookupCase(r.case_id, r.query_code).ok());
}

TEST_F(ClosedLoop, PhoneAndCodeFindOnlyThatResidentsCases) {
  auto mine1 = FileSewer("13812345678");
  auto mine2 = FileSewer("13812345678", "p2");
  auto other = FileSewer("13999999999");
  auto found = engine_->LookupByPhone("138 1234 5678", mine1.query_code);
  ASSERT_TRUE(found.ok()) << found.status().ToString();
  ASSERT_EQ(found->size(), 2u);
  for (const auto& v : *found) EXPECT_NE(v.case_id, other.case_id);
  EXPECT_FALSE(engine_->LookupByPhone("13812345678", other.query_code).ok());
}

TEST_F(ClosedLoop, ErasingAPersonRemovesTheirPhoneEverywhere) {
  auto r = FileSewer("13812345678");
  ASSERT_EQ(*engine_->ErasePerson("13812345678"), 1u);
  auto v = engine_->GetCase(Actor::Worker("l1"), r.case_id);
  ASSERT_TRUE(v.ok());
  EXPECT_EQ(v->masked_phone, "");
  EXPECT_FALSE(engine_->LookupByPhone("13812345678", r.query_code).ok());
  std::string dump_before = engine_->DumpReadModels();
  Reopen();
  EXPECT_EQ(engine_->DumpReadModels(), dump_before);
  auto verify = engine_->log().Verify();
  ASSERT_TRUE(verify.ok());
  EXPECT_TRUE(verify->ok());
}

TEST_F(ClosedLoop, RebuildIsByteIdenticalAndStatisticsAddUp) {
  for (int i = 0; i < 6; ++i) {
    auto r = FileSewer("1381234560" + std::to_string(i));
    Exec("w1", cmd::Acknowledge{r.case_id});
    if (i % 2 == 0) {
      Exec("w1", cmd::ReportBack{r.case_id, "ok"});
      Exec("l1", cmd::VerifyOnSite{r.case_id, true, ""});
      Exec("l1", cmd::Close{r.case_id, ""});
      Exec("w1", cmd::FollowUp{r.case_id, static_cast<uint8_t>(i == 0 ? 3 : 5), "", true});
    }
  }
  std::string before = engine_->DumpReadModels();
  ASSERT_TRUE(engine_->Rebuild().ok());
  EXPECT_EQ(engine_->DumpReadModels(), before);
  auto stats = engine_->Stats(Actor::Worker("c1"), kCommunity, clock_.Now() - hours(24),
                              clock_.Now() + hours(1));
  ASSERT_TRUE(stats.ok()) << stats.status().ToString();
  EXPECT_EQ(stats->filed, 6u);
  EXPECT_EQ(stats->closed, 3u);
  EXPECT_DOUBLE_EQ(stats->closed_rate, 0.5);
  EXPECT_EQ(stats->rated, 3u);
  EXPECT_EQ(stats->satisfied, 2u);
}

TEST_F(ClosedLoop, PatrolFindingsAndFailedInspectionItemsOpenCases) {
  cmd::RecordPatrol patrol{kGrid1, "巡查", {}, 5, {}};
  FileCase finding;
  finding.category = "parking";
  finding.description = "车辆堵塞消防通道";
  patrol.findings.push_back(finding);
  Ok(engine_->Record(Actor::Worker("pt1"), patrol));
  Ok(engine_->Record(
      Actor::Worker("w1"),
      cmd::RecordInspection{"p1",
                            "文化小区",
                            kGrid1,
                            {{"灭火器在有效期内", false, "过期"}, {"消防栓有水", true, ""}}}));
  auto queue = engine_->WorkQueue(Actor::Worker("l1"), kGrid1);
  ASSERT_TRUE(queue.ok());
  EXPECT_EQ(queue->size(), 2u);
  EXPECT_EQ(queue->front().priority, Priority::kEmergency);  // the fire hazard first
  // A part-time worker may patrol but not inspect.
  auto denied = engine_->Record(Actor::Worker("pt1"),
                                cmd::RecordInspection{"p1", "x", kGrid1, {{"a", true, ""}}});
  EXPECT_EQ(denied.status().code(), StatusCode::kPermissionDenied);
}

TEST_F(ClosedLoop, InvalidGridCodesAreRejectedWithAReason) {
  auto bad = engine_->Record(Actor::System("t"),
                             cmd::DefineGrid{{"4113020019", "x", GridKind::kGrid, kStreet, 0}});
  EXPECT_EQ(bad.status().code(), StatusCode::kInvalidArgument);
  auto under_street = engine_->Record(
      Actor::System("t"), cmd::DefineGrid{{"41130200199901", "x", GridKind::kGrid, kStreet, 0}});
  EXPECT_EQ(under_street.status().code(), StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace gridledger

namespace gridledger {
namespace {

TEST_F(ClosedLoop, TheSchedulerFlagsOverdueCasesByItself) {
  auto r = FileSewer();
  auto v = *engine_->LookupCase(r.case_id, r.query_code);
  clock_.Set(v.deadline + std::chrono::hours(2));
  const Position before = engine_->log().Committed();  // the scan may run as soon as Open returns
  engine_.reset();
  EngineOptions options;
  options.clock = &clock_;
  options.deadline_scan_every = std::chrono::seconds(3600);  // the first scan runs at start
  auto e = Engine::Open(dir_.path(), options);
  ASSERT_TRUE(e.ok());
  engine_ = std::move(e).value();
  // Wait for the scheduler's event through a subscription, not a sleep.
  std::atomic<bool> overdue{false};
  auto sub =
      engine_->log().Subscribe({.start = Position{before.value + 1}}, [&](const RecordedEvent& ev) {
        if (std::holds_alternative<CaseOverdue>(ev.payload) && ev.stream.value == r.case_id)
          overdue = true;
        return Status::Ok();
      });
  ASSERT_TRUE(sub.ok());
  ASSERT_TRUE((*sub)->WaitUntilHandled(Position{before.value + 1}, std::chrono::seconds(30)));
  (*sub)->Stop();
  EXPECT_TRUE(overdue.load());
  EXPECT_TRUE(engine_->LookupCase(r.case_id, r.query_code)->overdue);
}

}  // namespace
}  // namespace gridledger
