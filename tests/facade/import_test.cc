// Engine::Import: File's rules for every request first, one atomic commit,
// exactly once per (source system, external id).
#include <gmock/gmock.h>

#include "facade/engine_fixture.h"

namespace gridledger::testing {
namespace {

using ::testing::HasSubstr;

class ImportTest : public EngineFixture {
 protected:
  ImportedCase Request(const std::string& external_id, std::string description = "路灯不亮") {
    ImportedCase r;
    r.filing.category = "facilities";
    r.filing.description = std::move(description);
    r.filing.location.address = "文化路";
    r.filing.source = CaseSource::kImport;
    r.filing.external_id = external_id;
    r.filing.occurred_at = MondayMorning() - std::chrono::hours(72);
    r.source_system = "open311:example";
    r.original_stream = "orig-" + external_id;
    r.original_type = "test.original";
    r.original = "{}";
    return r;
  }
  uint64_t Committed() { return engine_->log().Committed().value; }
};

TEST_F(ImportTest, ImportingTheSameRequestsAgainWritesNothing) {
  auto first = engine_->Import(Actor::System("import"), {Request("r1"), Request("r2")});
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  uint64_t after = Committed();
  auto again = engine_->Import(Actor::System("import"), {Request("r1"), Request("r2")});
  ASSERT_TRUE(again.ok()) << again.status().ToString();
  EXPECT_EQ(Committed(), after);
  for (size_t i = 0; i < 2; ++i) {
    EXPECT_FALSE((*first)[i].already_imported);
    EXPECT_TRUE((*again)[i].already_imported);
    EXPECT_EQ((*again)[i].case_id, (*first)[i].case_id);
  }
  // A document that adds a request files only the new one.
  auto more = engine_->Import(Actor::System("import"), {Request("r1"), Request("r3")});
  ASSERT_TRUE(more.ok());
  EXPECT_TRUE((*more)[0].already_imported);
  EXPECT_FALSE((*more)[1].already_imported);
}

TEST_F(ImportTest, OneRequestFileWouldRefuseRejectsAllAndWritesNothing) {
  uint64_t before = Committed();
  auto r = engine_->Import(Actor::System("import"),
                           {Request("ok"), Request("long", std::string(4001, 'x'))});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code(), StatusCode::kInvalidArgument);
  EXPECT_THAT(r.error().message(), HasSubstr("request 2 (external id long)"));
  EXPECT_EQ(Committed(), before);
}

TEST_F(ImportTest, ClosedRequestsBecomeClosedHistoryWithTheirTimes) {
  ImportedCase r = Request("c1");
  r.closed = true;
  r.closed_at = MondayMorning() - std::chrono::hours(24);
  auto out = engine_->Import(Actor::System("import"), {r});
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  auto view = engine_->GetCase(Actor::System("test"), (*out)[0].case_id);
  ASSERT_TRUE(view.ok());
  EXPECT_EQ(view->state, CaseState::kClosed);
  EXPECT_EQ(view->filed_at, r.filing.occurred_at);
  EXPECT_EQ(view->closed_at, r.closed_at);
}

TEST_F(ImportTest, InvalidUtf8ExternalIdIsRefused) {
  auto r = engine_->Import(Actor::System("import"), {Request("bad\xff")});
  ASSERT_FALSE(r.ok());
  EXPECT_THAT(r.error().message(), HasSubstr("not valid UTF-8"));
}

}  // namespace
}  // namespace gridledger::testing
