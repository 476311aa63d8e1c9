// An embedding system's own projection (gridledger/projection.h), kept by
// the engine in the same batch as the events: built from the whole log when
// first registered, in step with every append after, read back with
// ProjectionGet/Scan, and able to refuse a group (then nothing of it lands).
#include <gtest/gtest.h>

#include "gridledger/engine.h"
#include "testing/temp_dir.h"

namespace gridledger {
namespace {

// Counts events per stream; refuses any event of stream "refuse-me".
class StreamCounter final : public Projection {
 public:
  std::string name() const override { return "stream-counter"; }
  Status Apply(const std::vector<RecordedEvent>& events, ProjectionRows& rows) override {
    for (const auto& e : events) {
      if (e.stream.value == "refuse-me") return Status::Rejected("no events for refuse-me");
      auto now = rows.Get(e.stream.value);
      if (!now.ok()) return now.error();
      uint64_t n = *now ? std::stoull(**now) : 0;
      rows.Put(e.stream.value, std::to_string(n + 1));
    }
    return Status::Ok();
  }
};

Status AppendOne(EventLog& log, const std::string& stream) {
  NewEvent e;
  e.id = EventId::Generate();
  e.payload = OpaqueEvent{"acme.tick", "x"};
  auto r = log.Append(StreamId{stream}, ExpectedVersion::Any(), {e}, {});
  return r.ok() ? Status::Ok() : r.error();
}

std::optional<std::string> Count(Engine& engine, const std::string& stream) {
  auto v = engine.ProjectionGet("stream-counter", stream);
  EXPECT_TRUE(v.ok()) << v.status().ToString();
  return v.ok() ? *v : std::nullopt;
}

TEST(EmbeddingProjection, BuiltOnceFromTheLogThenKeptInStepInTheSameBatch) {
  testing::TempDir dir;
  {
    auto engine = Engine::Open(dir.path());  // no projection yet
    ASSERT_TRUE(engine.ok());
    for (int i = 0; i < 3; ++i) ASSERT_TRUE(AppendOne((*engine)->log(), "acme-1").ok());
  }
  EngineOptions options;
  options.projections.push_back(std::make_shared<StreamCounter>());
  {
    auto engine = Engine::Open(dir.path(), options);
    ASSERT_TRUE(engine.ok()) << engine.status().ToString();
    EXPECT_EQ(Count(**engine, "acme-1"), "3");  // built from the history
    ASSERT_TRUE(AppendOne((*engine)->log(), "acme-1").ok());
    ASSERT_TRUE(AppendOne((*engine)->log(), "acme-2").ok());
    EXPECT_EQ(Count(**engine, "acme-1"), "4");  // visible when the append returns
    // A refusal fails the group: the event is not in the log either.
    Position before = (*engine)->log().Committed();
    Status refused = AppendOne((*engine)->log(), "refuse-me");
    EXPECT_FALSE(refused.ok());
    EXPECT_NE(refused.message().find("stream-counter"), std::string::npos) << refused.ToString();
    EXPECT_EQ((*engine)->log().Committed(), before);
    EXPECT_EQ(Count(**engine, "refuse-me"), std::nullopt);
    std::vector<std::string> seen;
    ASSERT_TRUE((*engine)
                    ->ProjectionScan("stream-counter", "acme-",
                                     [&](std::string_view k, std::string_view v) {
                                       seen.push_back(std::string(k) + "=" + std::string(v));
                                       return true;
                                     })
                    .ok());
    EXPECT_EQ(seen, (std::vector<std::string>{"acme-1=4", "acme-2=1"}));
    EXPECT_FALSE((*engine)->ProjectionGet("nobody", "x").ok());
  }
  // Reopened, read-only too: no replay needed, same rows.
  options.log.read_only = true;
  auto engine = Engine::Open(dir.path(), options);
  ASSERT_TRUE(engine.ok()) << engine.status().ToString();
  EXPECT_EQ(Count(**engine, "acme-1"), "4");
}

TEST(EmbeddingProjection, BadNamesAndDuplicatesAreRefused) {
  testing::TempDir dir;
  EngineOptions options;
  options.projections = {std::make_shared<StreamCounter>(), std::make_shared<StreamCounter>()};
  auto twice = Engine::Open(dir.path(), options);
  ASSERT_FALSE(twice.ok());
  EXPECT_NE(twice.status().message().find("two projections"), std::string::npos);
  options.projections = {nullptr};
  EXPECT_FALSE(Engine::Open(dir.path(), options).ok());
}

}  // namespace
}  // namespace gridledger
