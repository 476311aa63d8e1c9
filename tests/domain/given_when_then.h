// Given / When / Then for the pure deciders: given a case's past events
// (or a work stream's state), when a command, then these events or this
// refusal. No store, no clock, no engine: the registry, the calendar and
// "now" are built here, so each test reads as one rule of the domain.
//
//   CaseSpec spec;
//   spec.Given({Filed(), Registered(), DispatchedTo("w1")});
//   auto events = spec.When(Worker("w1"), cmd::Acknowledge{kCaseId});
//   ExpectEvents(events, {CaseAcknowledged{"w1"}});
#pragma once

#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <vector>

#include "domain/case_decider.h"
#include "domain/case_model.h"
#include "domain/filing_decider.h"
#include "domain/registry.h"
#include "domain/work_decider.h"

namespace gridledger::domain::spec {

using Events = std::vector<EventPayload>;

// The registry every spec starts from: street kStreet > community
// kCommunity > grids kGrid1 (w1 full-time, l1 leader, pt1 part-time, place
// p1) and kGrid2 (w2, l2, place p2), a micro-grid kMicro of kGrid1; c1 the
// community office, s1 the street centre, d1 a department (城管执法).
inline constexpr const char* kStreet = "411302001";
inline constexpr const char* kCommunity = "411302001001";
inline constexpr const char* kGrid1 = "41130200100101";
inline constexpr const char* kGrid2 = "41130200100102";
inline constexpr const char* kMicro = "4113020010010101";
inline constexpr const char* kCaseId = "case-20261123-0001";

inline Registry StandardRegistry() {
  Registry r;
  r.Apply(GridDefined{kStreet, "新华街道", GridKind::kStreet, "", 0});
  r.Apply(GridDefined{kCommunity, "文化社区", GridKind::kCommunity, kStreet, 0});
  r.Apply(GridDefined{kGrid1, "第一网格", GridKind::kGrid, kCommunity, 400});
  r.Apply(GridDefined{kGrid2, "第二网格", GridKind::kGrid, kCommunity, 400});
  r.Apply(GridDefined{kMicro, "一号楼", GridKind::kMicroGrid, kGrid1, 40});
  r.Apply(PlaceRegistered{"p1", kGrid1, "文化小区", PlaceKind::kCompound, ""});
  r.Apply(PlaceRegistered{"p2", kGrid2, "百花小区", PlaceKind::kCompound, ""});
  r.Apply(WorkerAssigned{"w1", "张敏", Role::kFullTimeWorker, kGrid1, ""});
  r.Apply(WorkerAssigned{"l1", "李强", Role::kGridLeader, kGrid1, ""});
  r.Apply(WorkerAssigned{"pt1", "赵芳", Role::kPartTimeWorker, kGrid1, ""});
  r.Apply(WorkerAssigned{"w2", "王伟", Role::kFullTimeWorker, kGrid2, ""});
  r.Apply(WorkerAssigned{"l2", "刘洋", Role::kGridLeader, kGrid2, ""});
  r.Apply(WorkerAssigned{"c1", "文化社区居委会", Role::kCommunity, kCommunity, ""});
  r.Apply(WorkerAssigned{"s1", "综治中心", Role::kStreetCentre, kStreet, ""});
  r.Apply(WorkerAssigned{"d1", "城管执法", Role::kDepartment, kStreet, "城管执法"});
  return r;
}

// 2026-11-23, a Monday, `hour`:00 China time.
inline Timestamp Monday(int hour = 9) {
  return Timestamp(std::chrono::sys_days(std::chrono::year{2026} / 11 / 23).time_since_epoch() +
                   std::chrono::hours(hour - 8));
}

inline Actor Worker(const char* id) { return Actor::Worker(id); }

// ---- the events of a case in grid 1, as the deciders write them ------------

inline CaseFiled Filed(const std::string& category = "sewer", const char* grid = kGrid1) {
  CaseFiled f;
  f.category = category;
  f.description = "下水道堵了";
  f.location.grid_code = grid;
  return f;
}
inline CaseRegistered Registered(Timestamp deadline = Monday(9) + std::chrono::hours(24)) {
  return CaseRegistered{Priority::kUrgent, deadline, WorkCalendar::WarnAt(Monday(9), deadline)};
}
inline CaseDispatched DispatchedTo(const char* worker) {
  return CaseDispatched{AssigneeLevel::kGrid, worker, kGrid1, ""};
}
// Filed, registered, dispatched to w1, acknowledged: in progress with w1.
inline Events InProgressWithW1() {
  return {Filed(), Registered(), DispatchedTo("w1"), CaseAcknowledged{"w1"}};
}
// ... handled and reported back: waiting for verification.
inline Events ReportedByW1() {
  Events e = InProgressWithW1();
  e.push_back(CaseHandled{"疏通完毕", {}});
  e.push_back(CaseReported{"已疏通"});
  return e;
}

// ---- the fixtures -----------------------------------------------------------

// One case: its past events folded with ApplyCaseEvent, the command
// decided with DecideCase at now().
class CaseSpec {
 public:
  CaseSpec() : registry_(StandardRegistry()), calendar_(WorkCalendar::China2026()) {}

  // Past events of the case, recorded at now() in order.
  CaseSpec& Given(const Events& events) {
    for (const auto& payload : events) {
      RecordedEvent e;
      e.stream = StreamId{kCaseId};
      e.version = StreamVersion{++version_};
      e.recorded_at = now_;
      e.occurred_at = now_;
      e.grid_code = model_.view.location.grid_code;
      e.payload = payload;
      ApplyCaseEvent(model_, e, registry_);
    }
    return *this;
  }
  // Time moves on (the next Given events and the When happen then).
  CaseSpec& At(Timestamp now) {
    now_ = now;
    return *this;
  }

  Result<Events> When(const Actor& actor, const CaseCommand& command) const {
    return DecideCase(model_, command, DecideContext{actor, registry_, calendar_, now_});
  }
  Result<Events> WhenResidentRates(uint8_t satisfaction, bool fixed) const {
    return DecideResidentFeedback(model_, satisfaction, fixed, "");
  }
  Events WhenDeadlinesAreScanned() const { return DecideDeadlines(model_, now_); }

  const CaseModel& model() const { return model_; }
  Registry& registry() { return registry_; }
  const WorkCalendar& calendar() const { return calendar_; }
  Timestamp now() const { return now_; }

 private:
  Registry registry_;
  WorkCalendar calendar_;
  CaseModel model_;
  uint64_t version_ = 0;
  Timestamp now_ = Monday(9);
};

// A new case, decided with DecideFiling against the standard registry.
class FilingSpec {
 public:
  FilingSpec() : registry_(StandardRegistry()), calendar_(WorkCalendar::China2026()) {}

  Result<FilingDecision> When(const Actor& actor, const FileCase& request) const {
    return DecideFiling(request, DecideContext{actor, registry_, calendar_, now_});
  }

  Registry& registry() { return registry_; }
  const WorkCalendar& calendar() const { return calendar_; }
  Timestamp now() const { return now_; }

 private:
  Registry registry_;
  WorkCalendar calendar_;
  Timestamp now_ = Monday(9);
};

// A work command, given the state of the stream it continues (if any).
class WorkSpec {
 public:
  WorkSpec() : registry_(StandardRegistry()), calendar_(WorkCalendar::China2026()) {}

  // The stream the command continues: `events` events so far, the first in
  // `grid`.
  WorkSpec& GivenStream(size_t events, const char* grid = kGrid1) {
    state_ = WorkStreamState{events, StreamVersion{events}, grid};
    return *this;
  }

  Result<WorkDecision> When(const Actor& actor, const WorkCommand& command) const {
    return DecideWork(state_, command, DecideContext{actor, registry_, calendar_, now_});
  }

  Registry& registry() { return registry_; }

 private:
  Registry registry_;
  WorkCalendar calendar_;
  WorkStreamState state_;
  Timestamp now_ = Monday(9);
};

// ---- then -------------------------------------------------------------------

inline std::string Names(const Events& events) {
  std::string out;
  for (const auto& e : events) out += (out.empty() ? "" : ", ") + std::string(EventTypeName(e));
  return "[" + out + "]";
}

// Then exactly these events.
inline void ExpectEvents(const Result<Events>& got, const Events& expected) {
  ASSERT_TRUE(got.ok()) << "refused: " << got.status().ToString();
  EXPECT_EQ(Names(*got), Names(expected));
  EXPECT_TRUE(*got == expected) << "events differ in their fields: " << Names(*got);
}

// Then this refusal, and no events.
template <typename T>
void ExpectRefused(const Result<T>& got, StatusCode code) {
  ASSERT_FALSE(got.ok()) << "decided, expected " << StatusCodeName(code);
  EXPECT_EQ(got.status().code(), code) << got.status().ToString();
}

}  // namespace gridledger::domain::spec
