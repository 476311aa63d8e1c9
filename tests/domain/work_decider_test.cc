// The grid's other work, decided: each command's one record (stream,
// expected version, grid), the cases it opens and the personal data it
// seals, or the refusal.
#include "given_when_then.h"

namespace gridledger::domain::spec {
namespace {

const Actor kSystem = Actor::System("test");

// Then this record, on this stream.
void ExpectRecord(const Result<WorkDecision>& got, const std::string& stream,
                  ExpectedVersion::Kind expected, const Events& events) {
  ASSERT_TRUE(got.ok()) << "refused: " << got.status().ToString();
  EXPECT_EQ(got->stream, stream);
  EXPECT_EQ(got->expected.kind, expected);
  ExpectEvents(got->events, events);
}

// ---- the registry ------------------------------------------------------------

TEST(WorkRegistry, ANewGridIsDefinedOnItsOwnStream) {
  WorkSpec spec;
  GridDefined g{"41130200100103", "第三网格", GridKind::kGrid, kCommunity, 300};
  ExpectRecord(spec.When(kSystem, cmd::DefineGrid{g}), "grid-41130200100103",
               ExpectedVersion::Kind::kNoStream, {g});
  ExpectRecord(spec.When(Worker("c1"), cmd::DefineGrid{g}), "grid-41130200100103",
               ExpectedVersion::Kind::kNoStream, {g});
}

TEST(WorkRegistry, AGridIsDefinedOnceInItsHierarchyByTheCommunityOrStreet) {
  WorkSpec spec;
  ExpectRefused(
      spec.When(kSystem, cmd::DefineGrid{{kGrid1, "重复", GridKind::kGrid, kCommunity, 0}}),
      StatusCode::kRejected);
  ExpectRefused(spec.When(kSystem, cmd::DefineGrid{{"41130200100103", "孤儿", GridKind::kGrid,
                                                    "411302001009", 0}}),
                StatusCode::kInvalidArgument);
  ExpectRefused(spec.When(Worker("l1"),
                          cmd::DefineGrid{{"41130200100103", "x", GridKind::kGrid, kCommunity, 0}}),
                StatusCode::kPermissionDenied);
}

TEST(WorkRegistry, PlacesAndWorkersNeedAKnownGridAndTheirNames) {
  WorkSpec spec;
  PlaceRegistered shop{"p3", kGrid1, "小卖部", PlaceKind::kShop, ""};
  ExpectRecord(spec.When(kSystem, cmd::RegisterPlace{shop}), "place-p3",
               ExpectedVersion::Kind::kNoStream, {shop});
  ExpectRefused(
      spec.When(kSystem, cmd::RegisterPlace{{"p4", "41130200100199", "x", PlaceKind::kShop, ""}}),
      StatusCode::kInvalidArgument);
  ExpectRefused(spec.When(kSystem, cmd::RegisterPlace{{"", kGrid1, "x", PlaceKind::kShop, ""}}),
                StatusCode::kInvalidArgument);

  WorkerAssigned w{"w3", "新人", Role::kFullTimeWorker, kGrid1, ""};
  ExpectRecord(spec.When(kSystem, cmd::AssignWorker{w}), "worker-w3", ExpectedVersion::Kind::kAny,
               {w});
  ExpectRefused(spec.When(kSystem, cmd::AssignWorker{{"w4", "x", Role::kResident, kGrid1, ""}}),
                StatusCode::kInvalidArgument);
}

// ---- patrols and inspections open cases ------------------------------------

TEST(WorkPatrol, APatrolsFindingsAreFiledAsPatrolCasesInItsGrid) {
  WorkSpec spec;
  FileCase finding;
  finding.category = "sanitation";
  finding.description = "垃圾外溢";
  auto patrol = spec.When(Worker("pt1"), cmd::RecordPatrol{kGrid1, "巡查", {}, 3, {finding}});
  ExpectRecord(patrol, "patrol-" + std::string(kGrid1), ExpectedVersion::Kind::kAny,
               {PatrolRecorded{kGrid1, "巡查", {}, {}, 3}});
  ASSERT_EQ(patrol->filings.size(), 1u);
  EXPECT_EQ(patrol->filings[0].source, CaseSource::kPatrol);
  EXPECT_EQ(patrol->filings[0].location.grid_code, kGrid1);

  RecordFiledCases(*patrol, {FiledReceipt{"case-7"}});
  EXPECT_EQ(std::get<PatrolRecorded>(patrol->events[0]).finding_case_ids,
            std::vector<std::string>{"case-7"});
}

TEST(WorkPatrol, OnlyThePatrolsOwnGridsWorkersPatrolIt) {
  WorkSpec spec;
  ExpectRefused(spec.When(Worker("w2"), cmd::RecordPatrol{kGrid1, "", {}, 0, {}}),
                StatusCode::kPermissionDenied);
  ExpectRefused(spec.When(Worker("c1"), cmd::RecordPatrol{kGrid1, "", {}, 0, {}}),
                StatusCode::kPermissionDenied);
}

TEST(WorkInspection, EachFailedItemOpensARectificationCase) {
  WorkSpec spec;
  std::vector<InspectionItem> items = {{"灭火器在有效期内", true, ""},
                                       {"安全出口畅通", false, "堆放纸箱"}};
  auto inspection = spec.When(Worker("w1"), cmd::RecordInspection{"p1", "文化小区", kGrid1, items});
  ExpectRecord(inspection, "inspection-p1", ExpectedVersion::Kind::kAny,
               {InspectionRecorded{"p1", "文化小区", items, {}}});
  ASSERT_EQ(inspection->filings.size(), 1u);
  EXPECT_EQ(inspection->filings[0].category, "fire_hazard");
  EXPECT_EQ(inspection->filings[0].source, CaseSource::kInspection);
  EXPECT_EQ(inspection->filings[0].description, "文化小区：安全出口畅通（堆放纸箱）");

  RecordFiledCases(*inspection, {FiledReceipt{"case-8"}});
  EXPECT_EQ(std::get<InspectionRecorded>(inspection->events[0]).rectification_case_ids,
            std::vector<std::string>{"case-8"});
}

TEST(WorkInspection, AnInspectionNeedsItsChecklist) {
  WorkSpec spec;
  ExpectRefused(spec.When(Worker("w1"), cmd::RecordInspection{"p1", "x", kGrid1, {}}),
                StatusCode::kInvalidArgument);
  ExpectRefused(
      spec.When(Worker("pt1"), cmd::RecordInspection{"p1", "x", kGrid1, {{"a", true, ""}}}),
      StatusCode::kPermissionDenied);
}

TEST(WorkSensor, OnlyTheSystemRaisesAnAlarmWhichFilesAnUrgentCase) {
  WorkSpec spec;
  Location where{kGrid1, "", "一号楼", 0, 0};
  auto alarm = spec.When(kSystem, cmd::RaiseSensorAlarm{"smoke-17", "smoke", where});
  ExpectRecord(alarm, "sensor-smoke-17", ExpectedVersion::Kind::kAny,
               {SensorAlarmRaised{"smoke-17", "smoke", where, ""}});
  ASSERT_EQ(alarm->filings.size(), 1u);
  EXPECT_EQ(alarm->filings[0].category, "fire_hazard");
  EXPECT_EQ(alarm->filings[0].source, CaseSource::kSensor);

  RecordFiledCases(*alarm, {FiledReceipt{"case-9", "", {}, Priority::kNormal, kMicro}});
  const auto& raised = std::get<SensorAlarmRaised>(alarm->events[0]);
  EXPECT_EQ(raised.case_id, "case-9");
  EXPECT_EQ(raised.location.grid_code, kMicro);
  EXPECT_EQ(alarm->grid_code, kMicro);

  ExpectRefused(spec.When(Worker("l1"), cmd::RaiseSensorAlarm{"smoke-17", "smoke", where}),
                StatusCode::kPermissionDenied);
  ExpectRefused(spec.When(kSystem, cmd::RaiseSensorAlarm{"", "gas", where}),
                StatusCode::kInvalidArgument);
}

// ---- mediations ---------------------------------------------------------------

TEST(WorkMediation, OpeningSealsEachPartyAsAPersonOfTheirOwn) {
  WorkSpec spec;
  auto opened =
      spec.When(Worker("w1"), cmd::OpenMediation{"m1", kGrid1, "噪音纠纷", {"甲", "乙"}, "noise"});
  ExpectRecord(opened, "mediation-m1", ExpectedVersion::Kind::kNoStream,
               {MediationOpened{"噪音纠纷", {{}, {}}, "noise"}});
  ASSERT_EQ(opened->seals.size(), 2u);
  EXPECT_EQ(opened->seals[1].phone, "");  // a new anonymous person
  EXPECT_EQ(opened->seals[1].texts, std::vector<std::string>{"乙"});
  opened->seals[1].place(opened->events[0], "p-2", {SealedField{"p-2", "n", "c"}});
  EXPECT_EQ(std::get<MediationOpened>(opened->events[0]).parties[1].person_id, "p-2");
}

TEST(WorkMediation, SessionsFollowAnOpenMediationInItsGrid) {
  WorkSpec spec;
  ExpectRefused(spec.When(Worker("w1"), cmd::RecordMediationSession{"m1", "第一次"}),
                StatusCode::kNotFound);
  spec.GivenStream(1, kGrid1);
  ExpectRecord(spec.When(Worker("w1"), cmd::RecordMediationSession{"m1", "第一次"}), "mediation-m1",
               ExpectedVersion::Kind::kAny, {MediationSession{"第一次"}});
  ExpectRecord(spec.When(Worker("l1"), cmd::ConcludeMediation{"m1", true, "达成协议"}),
               "mediation-m1", ExpectedVersion::Kind::kAny, {MediationConcluded{true, "达成协议"}});
  ExpectRefused(spec.When(Worker("w2"), cmd::ConcludeMediation{"m1", true, ""}),
                StatusCode::kPermissionDenied);
}

TEST(WorkMediation, AMediationNeedsAnIdAndASubject) {
  WorkSpec spec;
  ExpectRefused(spec.When(Worker("w1"), cmd::OpenMediation{"m1", kGrid1, "", {}, ""}),
                StatusCode::kInvalidArgument);
}

TEST(WorkMediation, FollowUpsReadTheMediationsStream) {
  EXPECT_EQ(WorkStreamToRead(cmd::ConcludeMediation{"m1", true, ""})->stream, "mediation-m1");
  EXPECT_EQ(WorkStreamToRead(cmd::PlanMicroWish{"w1", "", ""})->stream, "wish-w1");
  EXPECT_FALSE(WorkStreamToRead(cmd::RecordOutreach{kGrid1, "医保", 1, 1}).has_value());
}

// ---- micro-wishes: collected -> planned -> fulfilled -> revisited ----------------

TEST(WorkMicroWish, ACollectedWishSealsTheResidentUnderTheirPhone) {
  WorkSpec spec;
  auto wish = spec.When(
      Worker("w1"), cmd::CollectMicroWish{"wish-1", kGrid1, "一副老花镜", "李奶奶", "13812345678"});
  ExpectRecord(wish, "wish-wish-1", ExpectedVersion::Kind::kNoStream,
               {MicroWishCollected{"一副老花镜", {}}});
  ASSERT_EQ(wish->seals.size(), 1u);
  EXPECT_EQ(wish->seals[0].phone, "13812345678");
  EXPECT_EQ(wish->seals[0].texts, std::vector<std::string>{"李奶奶\n13812345678"});
}

TEST(WorkMicroWish, AnAnonymousWishSealsNothing) {
  WorkSpec spec;
  auto wish = spec.When(Worker("w1"), cmd::CollectMicroWish{"wish-1", kGrid1, "书包", "", ""});
  ASSERT_TRUE(wish.ok());
  EXPECT_TRUE(wish->seals.empty());
}

TEST(WorkMicroWish, EachStageFollowsTheOneBeforeOnTheVersionRead) {
  WorkSpec spec;
  spec.GivenStream(1);
  auto planned = spec.When(Worker("w1"), cmd::PlanMicroWish{"wish-1", "社区购买", "爱心企业"});
  ExpectRecord(planned, "wish-wish-1", ExpectedVersion::Kind::kExact,
               {MicroWishPlanned{"社区购买", "爱心企业"}});
  EXPECT_EQ(planned->expected.version, StreamVersion{1});
  ExpectRefused(spec.When(Worker("w1"), cmd::FulfilMicroWish{"wish-1", ""}),
                StatusCode::kRejected);  // not planned yet

  spec.GivenStream(2);
  ExpectRefused(spec.When(Worker("w1"), cmd::PlanMicroWish{"wish-1", "", ""}),
                StatusCode::kRejected);  // planned already
  ExpectRecord(spec.When(Worker("w1"), cmd::FulfilMicroWish{"wish-1", "已送达"}), "wish-wish-1",
               ExpectedVersion::Kind::kExact, {MicroWishFulfilled{"已送达"}});

  spec.GivenStream(4);  // revisited once: a revisit may repeat
  ExpectRecord(spec.When(Worker("w1"), cmd::RevisitMicroWish{"wish-1", "很好", true}),
               "wish-wish-1", ExpectedVersion::Kind::kExact, {MicroWishRevisited{"很好", true}});
}

TEST(WorkMicroWish, AWishThatWasNeverCollectedIsNotFound) {
  WorkSpec spec;
  ExpectRefused(spec.When(Worker("w1"), cmd::PlanMicroWish{"wish-9", "", ""}),
                StatusCode::kNotFound);
}

// ---- care visits and outreach -----------------------------------------------

TEST(WorkCare, AVisitSealsWhoAndTheNotesUnderTheVisitedPerson) {
  WorkSpec spec;
  auto visit = spec.When(Worker("w1"),
                         cmd::RecordCareVisit{kGrid1, "张爷爷", "13900001111", "血压偏高", true});
  ExpectRecord(visit, "care-" + std::string(kGrid1), ExpectedVersion::Kind::kAny,
               {CareVisitRecorded{{}, {}, true}});
  ASSERT_EQ(visit->seals.size(), 1u);
  EXPECT_EQ(visit->seals[0].texts, (std::vector<std::string>{"张爷爷\n13900001111", "血压偏高"}));
  visit->seals[0].place(visit->events[0], "p",
                        {SealedField{"p", "", "who"}, SealedField{"p", "", "notes"}});
  EXPECT_EQ(std::get<CareVisitRecorded>(visit->events[0]).notes.cipher, "notes");
  ExpectRefused(spec.When(Worker("pt1"), cmd::RecordCareVisit{kGrid1, "x", "", "", false}),
                StatusCode::kPermissionDenied);
}

TEST(WorkOutreach, OutreachNeedsATopicAndAKnownGrid) {
  WorkSpec spec;
  ExpectRecord(spec.When(Worker("pt1"), cmd::RecordOutreach{kGrid1, "医保缴费", 120, 300}),
               "outreach-" + std::string(kGrid1), ExpectedVersion::Kind::kAny,
               {PolicyOutreachRecorded{"医保缴费", 120, 300}});
  ExpectRefused(spec.When(Worker("pt1"), cmd::RecordOutreach{kGrid1, "", 1, 1}),
                StatusCode::kInvalidArgument);
  ExpectRefused(spec.When(Worker("pt1"), cmd::RecordOutreach{"41130200100199", "x", 1, 1}),
                StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace gridledger::domain::spec
