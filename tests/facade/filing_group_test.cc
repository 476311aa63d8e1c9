// A command that files cases and records itself writes everything in one
// atomic multi-stream append (EngineImpl::FileAndRecord): an inspection and
// one rectification case per failed item, a patrol and its findings, a
// sensor alarm and its case, at consecutive positions, the record last;
// a retry with the same request id writes nothing more.
#include "facade/engine_fixture.h"

namespace gridledger {
namespace {

using testing::EngineFixture;

class FilingGroup : public EngineFixture {};

TEST_F(FilingGroup, AnInspectionAndItsRectificationCasesLandInOneAppend) {
  const Position before = engine_->log().Committed();
  const EventId request = EventId::Generate();
  cmd::RecordInspection inspection{"p1",
                                   "文化小区",
                                   kGrid1,
                                   {{"灭火器在有效期内", false, "过期"},
                                    {"消防栓有水", true, ""},
                                    {"安全出口畅通", false, "堆放杂物"}}};
  auto r = engine_->Record(Actor::Worker("w1"), inspection, CommandOptions{request});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  // Two cases of three events each, then the inspection: 7 consecutive events.
  EXPECT_EQ(engine_->log().Committed().value, before.value + 7);
  EXPECT_EQ(r->first_position.value, before.value + 7);
  auto all = engine_->log().ReadAll(Position{before.value + 1}, 100);
  ASSERT_TRUE(all.ok());
  ASSERT_EQ(all->size(), 7u);
  const auto* recorded = std::get_if<InspectionRecorded>(&all->back().payload);
  ASSERT_NE(recorded, nullptr);
  ASSERT_EQ(recorded->rectification_case_ids.size(), 2u);
  EXPECT_EQ((*all)[0].stream.value, recorded->rectification_case_ids[0]);
  EXPECT_EQ((*all)[3].stream.value, recorded->rectification_case_ids[1]);
  EXPECT_TRUE(std::holds_alternative<CaseFiled>((*all)[0].payload));
  EXPECT_TRUE(std::holds_alternative<CaseDispatched>((*all)[5].payload));
  EXPECT_EQ(all->back().stream.value, "inspection-p1");
  // One commit: every event carries the same recorded time.
  for (const auto& e : *all) EXPECT_EQ(e.recorded_at, all->front().recorded_at);
  // A retry writes nothing and answers as the original.
  auto again = engine_->Record(Actor::Worker("w1"), inspection, CommandOptions{request});
  ASSERT_TRUE(again.ok()) << again.status().ToString();
  EXPECT_EQ(again->first_position, r->first_position);
  EXPECT_EQ(engine_->log().Committed().value, before.value + 7);
  auto queue = engine_->WorkQueue(Actor::Worker("l1"), kGrid1);
  ASSERT_TRUE(queue.ok());
  EXPECT_EQ(queue->size(), 2u);
}

TEST_F(FilingGroup, APatrolWithFindingsAndASensorAlarmToo) {
  const Position before = engine_->log().Committed();
  cmd::RecordPatrol patrol;
  patrol.grid_code = kGrid1;
  patrol.note = "巡查";
  FileCase finding;
  finding.category = "parking";
  finding.description = "车辆堵塞消防通道";
  patrol.findings.push_back(finding);
  auto r = engine_->Record(Actor::Worker("pt1"), patrol);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->first_position.value, before.value + 4);
  auto all = engine_->log().ReadAll(Position{before.value + 1}, 100);
  ASSERT_TRUE(all.ok());
  ASSERT_EQ(all->size(), 4u);
  const auto* p = std::get_if<PatrolRecorded>(&all->back().payload);
  ASSERT_NE(p, nullptr);
  ASSERT_EQ(p->finding_case_ids.size(), 1u);
  EXPECT_EQ(p->finding_case_ids[0], all->front().stream.value);

  cmd::RaiseSensorAlarm alarm;
  alarm.device_id = "smoke-7";
  alarm.alarm_kind = "smoke";
  alarm.location.place_id = "p1";
  auto a = engine_->Record(Actor::System("sensors"), alarm);
  ASSERT_TRUE(a.ok()) << a.status().ToString();
  auto last = engine_->log().ReadAll(Position{a->first_position.value}, 1);
  ASSERT_TRUE(last.ok());
  const auto* raised = std::get_if<SensorAlarmRaised>(&last->front().payload);
  ASSERT_NE(raised, nullptr);
  EXPECT_EQ(last->front().grid_code, kGrid1);  // the case's routed grid
  auto filed = engine_->log().ReadAll(Position{a->first_position.value - 3}, 1);
  EXPECT_EQ(filed->front().stream.value, raised->case_id);
}

}  // namespace
}  // namespace gridledger
