// A case's state, folded from its stream's events. Applying an event never
// fails and does no I/O: replay, rebuild and tests all use ApplyCaseEvent.
#pragma once

#include <string>

#include "domain/registry.h"
#include "gridledger/event.h"
#include "gridledger/read_models.h"

namespace gridledger::domain {

struct CaseModel {
  CaseView view;  // what read models show
  bool exists = false;
  bool verified = false;  // passed on-site verification since last report
  CaseState suspended_from = CaseState::kFiled;
  std::chrono::microseconds remaining_at_suspend{0};
  SealedField reporter;      // sealed name + phone
  std::string resident_key;  // person id of the reporter
  std::string query_code_hash;
  Timestamp last_warned_deadline{};
  Timestamp last_overdue_deadline{};
  Timestamp rated_at{};
};

bool IsOpen(CaseState s);

// Folds one event of the case's stream into `model`. `registry` supplies
// display names for the timeline; it is read, never changed.
void ApplyCaseEvent(CaseModel& model, const RecordedEvent& event, const Registry& registry);
// ApplyCaseEvent without the timeline entry: the state alone, as the stored
// read models keep it (their timelines are rendered from the stream when
// asked for).
void FoldCaseEvent(CaseModel& model, const RecordedEvent& event, const Registry& registry);

// Plain words for one event, Chinese and English.
TimelineEntry DescribeCaseEvent(const RecordedEvent& event, const Registry& registry);

}  // namespace gridledger::domain
