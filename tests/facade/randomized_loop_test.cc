// Drives long random sequences of valid and invalid commands by random
// actors across many cases, then checks the invariants of the closed loop
// against the raw log.
#include <map>
#include <random>

#include "domain/registry.h"
#include "facade/engine_fixture.h"

namespace gridledger {
namespace {

using testing::EngineFixture;

class RandomizedLoop : public EngineFixture {};

CaseCommand RandomCommand(std::mt19937_64& rng, const std::string& id,
                          const std::vector<std::string>& ids) {
  auto pick = [&](int n) { return static_cast<int>(rng() % n); };
  switch (pick(16)) {
    case 0:
      return cmd::Register{id, std::nullopt};
    case 1:
      if (pick(3)) return cmd::Acknowledge{id};
      return cmd::Reject{id, pick(2) ? "invalid" : "duplicate", "说明", ids[pick(ids.size())]};
    case 2:
      return cmd::Dispatch{id, pick(4) ? AssigneeLevel::kGrid : AssigneeLevel::kDepartment,
                           pick(2) ? "w1" : "城管执法", ""};
    case 3:
      return cmd::Return{id, "不属于本网格"};
    case 4:
    case 5:
      return cmd::Acknowledge{id};
    case 6:
      return cmd::Handle{id, "处理中", {}};
    case 7:
    case 8:
      return cmd::ReportBack{id, "已处理"};
    case 9:
      return cmd::VerifyOnSite{id, pick(4) != 0, ""};
    case 10:
    case 11:
      return cmd::Close{id, ""};
    case 12:
      return cmd::FollowUp{id, static_cast<uint8_t>(1 + pick(5)), "", pick(5) != 0};
    case 13:
      return cmd::ExtendDeadline{id, 2, "等配件", pick(2) ? "c1" : ""};
    case 14:
      return pick(2) ? CaseCommand{cmd::Suspend{id, "施工"}} : CaseCommand{cmd::Resume{id}};
    default:
      return cmd::Escalate{id, "需要协调"};
  }
}

TEST_F(RandomizedLoop, InvariantsHoldOverThousandsOfRandomCommands) {
  std::mt19937_64 rng(20261123);
  const std::vector<std::string> actors = {"w1", "l1", "pt1", "w2", "l2", "c1", "s1", "d1"};
  std::vector<std::string> ids;
  for (int i = 0; i < 30; ++i)
    ids.push_back(FileSewer("138000000" + std::to_string(10 + i), i % 2 ? "p1" : "p2").case_id);
  int accepted = 0, refused = 0;
  for (int step = 0; step < 3000; ++step) {
    clock_.Advance(std::chrono::minutes(rng() % 240));
    if (step % 15 == 0)  // new matters keep arriving
      ids.push_back(
          FileSewer("139" + std::to_string(10000000 + step), ids.size() % 2 ? "p1" : "p2").case_id);
    size_t k = rng() % ids.size();
    const std::string& id = ids[k];
    // Half the time someone who works there, half the time anyone.
    const std::vector<std::string> local = k % 2 ? std::vector<std::string>{"w1", "l1", "c1", "s1"}
                                                 : std::vector<std::string>{"w2", "l2", "c1", "s1"};
    const std::string& who =
        rng() % 2 ? local[rng() % local.size()] : actors[rng() % actors.size()];
    auto r = engine_->Execute(Actor::Worker(who), RandomCommand(rng, id, ids));
    if (r.ok())
      ++accepted;
    else {
      ++refused;
      ASSERT_NE(r.error().code(), StatusCode::kInternal) << r.error().ToString();
      ASSERT_NE(r.error().code(), StatusCode::kIOError) << r.error().ToString();
    }
    if (step % 200 == 0) ASSERT_TRUE(engine_->RunDeadlineScan().ok());
  }
  EXPECT_GT(accepted, 300);
  EXPECT_GT(refused, 300);

  // Replay the raw log and check the invariants event by event.
  domain::Registry registry;
  std::map<std::string, bool> verified;
  std::map<std::string, Timestamp> deadline;
  std::map<std::string, std::string> grid_of;
  uint64_t filed = 0, closed = 0;
  ASSERT_TRUE(engine_->log()
                  .ScanAll(Position{1}, engine_->log().Committed(),
                           [&](const RecordedEvent& e) {
                             registry.Apply(e.payload);
                             const std::string& s = e.stream.value;
                             if (auto* f = std::get_if<CaseFiled>(&e.payload)) {
                               ++filed;
                               grid_of[s] = f->location.grid_code;
                             }
                             if (std::holds_alternative<CaseReported>(e.payload) ||
                                 std::holds_alternative<CaseReopened>(e.payload))
                               verified[s] = false;
                             if (auto* v = std::get_if<CaseVerified>(&e.payload))
                               verified[s] = v->passed;
                             if (std::holds_alternative<CaseClosed>(e.payload)) {
                               ++closed;
                               EXPECT_TRUE(verified[s])
                                   << s << " closed without verification at " << e.position.value;
                             }
                             // Deadlines never move earlier.
                             Timestamp next{};
                             if (auto* x = std::get_if<CaseRegistered>(&e.payload))
                               next = x->deadline;
                             if (auto* x = std::get_if<DeadlineExtended>(&e.payload))
                               next = x->new_deadline;
                             if (auto* x = std::get_if<CaseResumed>(&e.payload))
                               next = x->new_deadline;
                             if (next != Timestamp{}) {
                               EXPECT_GE(next, deadline[s])
                                   << s << " deadline moved earlier at " << e.position.value;
                               deadline[s] = next;
                             }
                             // Every worker event on a case comes from someone with a role there.
                             if (s.rfind("case-", 0) == 0 && e.actor.rfind("system:", 0) != 0 &&
                                 e.actor != "resident") {
                               bool has_role = false;
                               for (const auto& a : registry.AssignmentsOf(e.actor))
                                 has_role = has_role || domain::Covers(a.scope, grid_of[s]) ||
                                            a.role == Role::kDepartment;
                               EXPECT_TRUE(has_role)
                                   << e.actor << " acted on " << s << " in grid " << grid_of[s];
                             }
                             return Status::Ok();
                           })
                  .ok());

  // Statistics equal a recount from the log (no case closes twice without reopening).
  auto stats =
      engine_->Stats(Actor::System("test"), "", Timestamp{}, clock_.Now() + std::chrono::hours(1));
  ASSERT_TRUE(stats.ok());
  EXPECT_EQ(stats->filed, filed);
  uint64_t closed_now = 0;
  for (const auto& id : ids)
    closed_now += engine_->GetCase(Actor::System("t"), id)->state == CaseState::kClosed;
  EXPECT_EQ(stats->closed, closed_now);
  EXPECT_GE(closed, closed_now);

  std::string before = engine_->DumpReadModels();
  Reopen();
  EXPECT_EQ(engine_->DumpReadModels(), before);
}

}  // namespace
}  // namespace gridledger
