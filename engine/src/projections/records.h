// The stored form of each read-model row (model_keys.h says which table
// holds which), packed with projections/packed.h. Unpack returns false for
// a row that does not parse (damage, or a layout of another schema version).
#pragma once

#include <string>
#include <string_view>

#include "domain/case_model.h"

namespace gridledger {

// A case's state without its timeline (rendered from the case's stream when
// a view is asked for) and without the masked phone (unsealed on reading).
std::string PackCase(const domain::CaseModel& m);
bool UnpackCase(std::string_view in, domain::CaseModel* m);

// A line of a work queue: what QueueItem shows.
std::string PackQueueItem(const QueueItem& q);
bool UnpackQueueItem(std::string_view in, QueueItem* q);

struct MediationRecord {
  std::string grid_code;
  Timestamp opened_at{};
  bool concluded = false;
  bool agreed = false;
  uint32_t sessions = 0;
};
std::string PackMediation(const MediationRecord& m);
bool UnpackMediation(std::string_view in, MediationRecord* m);

struct WishRecord {
  std::string grid_code;
  Timestamp collected_at{};
  std::string stage;  // collected | planned | fulfilled | revisited
};
std::string PackWish(const WishRecord& w);
bool UnpackWish(std::string_view in, WishRecord* w);

// One unit of the grid's non-case work, for statistics.
struct WorkRecord {
  std::string grid_code;
  std::string type;    // patrolRecorded | inspectionRecorded | hazardsFound | ...
  uint32_t count = 1;  // people informed, hazards found, ...
};
std::string PackWork(const WorkRecord& w);
bool UnpackWork(std::string_view in, WorkRecord* w);

}  // namespace gridledger
