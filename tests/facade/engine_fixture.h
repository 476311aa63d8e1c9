// A small registry on a manual clock: one street, one community, two grids,
// each with a full-time worker and a grid leader.
#pragma once

#include <gtest/gtest.h>

#include "gridledger/engine.h"
#include "testing/temp_dir.h"

namespace gridledger::testing {

inline Timestamp MondayMorning() {
  // 2026-11-23 (a Monday) 09:00 China time = 01:00 UTC.
  return Timestamp(std::chrono::sys_days(std::chrono::year{2026} / 11 / 23).time_since_epoch() +
                   std::chrono::hours(1));
}

class EngineFixture : public ::testing::Test {
 protected:
  static constexpr const char* kStreet = "411302001";
  static constexpr const char* kCommunity = "411302001001";
  static constexpr const char* kGrid1 = "41130200100101";
  static constexpr const char* kGrid2 = "41130200100102";

  void SetUp() override {
    Open();
    SeedRegistry();
  }

  void Open(const std::string& partition = "") {
    EngineOptions options;
    options.clock = &clock_;
    options.partition = partition;
    auto e = Engine::Open(dir_.path(), options);
    ASSERT_TRUE(e.ok()) << e.status().ToString();
    engine_ = std::move(e).value();
  }
  void Reopen() {
    engine_.reset();
    Open();
  }

  void Ok(Result<AppendResult> r) { ASSERT_TRUE(r.ok()) << r.status().ToString(); }

  void SeedRegistry() {
    const Actor sys = Actor::System("test");
    Ok(engine_->Record(sys, cmd::DefineGrid{{kStreet, "新华街道", GridKind::kStreet, "", 0}}));
    Ok(engine_->Record(
        sys, cmd::DefineGrid{{kCommunity, "文化社区", GridKind::kCommunity, kStreet, 0}}));
    Ok(engine_->Record(sys,
                       cmd::DefineGrid{{kGrid1, "第一网格", GridKind::kGrid, kCommunity, 400}}));
    Ok(engine_->Record(sys,
                       cmd::DefineGrid{{kGrid2, "第二网格", GridKind::kGrid, kCommunity, 400}}));
    Ok(engine_->Record(sys,
                       cmd::RegisterPlace{{"p1", kGrid1, "文化小区", PlaceKind::kCompound, ""}}));
    Ok(engine_->Record(sys,
                       cmd::RegisterPlace{{"p2", kGrid2, "百花小区", PlaceKind::kCompound, ""}}));
    Ok(engine_->Record(sys, cmd::AssignWorker{{"w1", "张敏", Role::kFullTimeWorker, kGrid1, ""}}));
    Ok(engine_->Record(sys, cmd::AssignWorker{{"l1", "李强", Role::kGridLeader, kGrid1, ""}}));
    Ok(engine_->Record(sys, cmd::AssignWorker{{"pt1", "赵芳", Role::kPartTimeWorker, kGrid1, ""}}));
    Ok(engine_->Record(sys, cmd::AssignWorker{{"w2", "王伟", Role::kFullTimeWorker, kGrid2, ""}}));
    Ok(engine_->Record(sys, cmd::AssignWorker{{"l2", "刘洋", Role::kGridLeader, kGrid2, ""}}));
    Ok(engine_->Record(
        sys, cmd::AssignWorker{{"c1", "文化社区居委会", Role::kCommunity, kCommunity, ""}}));
    Ok(engine_->Record(sys,
                       cmd::AssignWorker{{"s1", "综治中心", Role::kStreetCentre, kStreet, ""}}));
    Ok(engine_->Record(
        sys, cmd::AssignWorker{{"d1", "城管执法", Role::kDepartment, kStreet, "城管执法"}}));
  }

  FiledReceipt FileSewer(const std::string& phone = "13812345678",
                         const std::string& place = "p1") {
    FileCase f;
    f.category = "sewer";
    f.description = "下水道堵了";
    f.location.place_id = place;
    f.reporter_phone = phone;
    f.reporter_name = "王阿姨";
    auto r = engine_->File(Actor::Resident(), f);
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.ok() ? *r : FiledReceipt{};
  }

  CaseView Exec(const std::string& worker, CaseCommand c) {
    auto r = engine_->Execute(Actor::Worker(worker), c);
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.ok() ? *r : CaseView{};
  }

  TempDir dir_;
  ManualClock clock_{MondayMorning()};
  std::unique_ptr<Engine> engine_;
};

}  // namespace gridledger::testing
