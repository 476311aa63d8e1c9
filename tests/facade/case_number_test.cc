// Case numbers carry their partition (gridledger/case_number.h), so that a
// case id alone routes a city platform to the partition that holds it.
#include "gridledger/case_number.h"

#include <gtest/gtest.h>

#include "engine_fixture.h"

namespace gridledger {
namespace {

TEST(CaseNumberTest, BothFormsParseAndFormatBack) {
  auto tagged = ParseCaseNumber("case-411302-20261201-0042");
  ASSERT_TRUE(tagged);
  EXPECT_EQ(tagged->partition, "411302");
  EXPECT_EQ(tagged->date, "20261201");
  EXPECT_EQ(tagged->sequence, 42u);
  EXPECT_EQ(FormatCaseNumber(*tagged), "case-411302-20261201-0042");

  auto plain = ParseCaseNumber("case-20261123-000042");
  ASSERT_TRUE(plain);
  EXPECT_EQ(plain->partition, "");
  EXPECT_EQ(plain->date, "20261123");
  EXPECT_EQ(plain->sequence, 42u);
  EXPECT_EQ(FormatCaseNumber(*plain), "case-20261123-0042");
  EXPECT_EQ(FormatCaseNumber({"411302", "20261201", 12345}), "case-411302-20261201-12345");
}

TEST(CaseNumberTest, AnythingElseIsNotACaseNumber) {
  for (const char* id : {"", "case-", "grid-411302001001", "case-2026112-0001", "case-20261123-",
                         "case-20261123-0000", "case-20261123-00a1", "case-411302-2026-0001",
                         "case-201302-20261201-0001", "case-20261123-0001x", "cases-20261123-0001"})
    EXPECT_FALSE(ParseCaseNumber(id)) << id;
}

TEST(CaseNumberTest, APartitionIsADistrictCodeNeverAYear) {
  EXPECT_TRUE(IsValidPartition("411302"));
  EXPECT_TRUE(IsValidPartition("110101"));
  EXPECT_FALSE(IsValidPartition("202612"));  // a year: 20 is no province
  EXPECT_FALSE(IsValidPartition("41130"));
  EXPECT_FALSE(IsValidPartition("41130a"));
  EXPECT_FALSE(IsValidPartition("991302"));
}

class PartitionTest : public testing::EngineFixture {
 protected:
  void SetUp() override {}  // each test opens the store as it needs
};

TEST_F(PartitionTest, NewCasesCarryThePartitionAndItIsRecordedInTheStore) {
  Open("411302");
  SeedRegistry();
  EXPECT_EQ(engine_->Partition(), "411302");
  FiledReceipt first = FileSewer();
  EXPECT_EQ(first.case_id, "case-411302-20261123-0001");
  EXPECT_EQ(FileSewer().case_id, "case-411302-20261123-0002");
  auto view = engine_->GetCase(Actor::System("test"), first.case_id);
  ASSERT_TRUE(view.ok()) << view.status().ToString();

  // Reopened without naming it: the recorded partition, and numbering goes on.
  Reopen();
  EXPECT_EQ(engine_->Partition(), "411302");
  EXPECT_EQ(FileSewer().case_id, "case-411302-20261123-0003");

  // Naming another is refused, and the store is left as it was.
  engine_.reset();
  EngineOptions other;
  other.clock = &clock_;
  other.partition = "411303";
  auto refused = Engine::Open(dir_.path(), other);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(refused.status().message().find("partition 411302"), std::string::npos)
      << refused.status().message();
  Open("411302");
  EXPECT_EQ(FileSewer().case_id, "case-411302-20261123-0004");
}

TEST_F(PartitionTest, AStoreWithoutOneKeepsItsCaseIdsWhenItIsNamedLater) {
  Open();
  SeedRegistry();
  EXPECT_EQ(engine_->Partition(), "");
  FiledReceipt old_case = FileSewer();
  EXPECT_EQ(old_case.case_id, "case-20261123-0001");

  engine_.reset();
  Open("411302");
  // The old case is found by its old id; the new one carries the partition
  // and continues the day's sequence (no number is given twice).
  auto old_view = engine_->LookupCase(old_case.case_id, old_case.query_code);
  ASSERT_TRUE(old_view.ok()) << old_view.status().ToString();
  EXPECT_EQ(FileSewer().case_id, "case-411302-20261123-0002");
  // A rebuild from the log gives the same models (the sequence included).
  std::string before = engine_->DumpReadModels();
  ASSERT_TRUE(engine_->Rebuild().ok());
  EXPECT_EQ(engine_->DumpReadModels(), before);
}

TEST_F(PartitionTest, ACodeThatIsNoDistrictIsRefused) {
  EngineOptions options;
  options.clock = &clock_;
  options.partition = "20261";
  auto refused = Engine::Open(dir_.path(), options);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().code(), StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace gridledger
