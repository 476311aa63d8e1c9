// ReadModels: every read model of the engine, projected from the log.
//
// Held in memory and fed one event at a time in position order, both when
// rebuilt from the whole log at open and live, by the log's writer thread
// right after each commit group (so a command's effects are visible when
// its append returns). Apply() never fails and depends only on the event
// sequence and on which persons are erased, so a rebuild reproduces the
// same models (Dump() is byte-identical).
//
// Not thread-safe by itself: the engine guards it with a shared_mutex.
#pragma once

#include <map>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "crypto/personal_vault.h"
#include "domain/case_model.h"
#include "domain/registry.h"
#include "gridledger/read_models.h"

namespace gridledger {

// One unit of the grid's non-case work, for statistics.
struct WorkRecord {
  Timestamp at{};
  std::string grid_code;
  std::string type;    // event type name
  uint32_t count = 1;  // people informed, hazards found, ...
};

struct MediationModel {
  std::string grid_code;
  Timestamp opened_at{};
  bool concluded = false;
  bool agreed = false;
  uint32_t sessions = 0;
};

struct MicroWishModel {
  std::string grid_code;
  Timestamp collected_at{};
  std::string stage;  // collected | planned | fulfilled | revisited
};

class ReadModels {
 public:
  explicit ReadModels(const PersonalVault* vault) : vault_(vault) {}

  void Apply(const RecordedEvent& event);

  const domain::Registry& registry() const { return registry_; }
  const domain::CaseModel* FindCase(const std::string& case_id) const;
  std::vector<std::string> CasesOfPerson(const std::string& person_id) const;
  // Largest daily sequence used by case ids "YYYYMMDD-NNNN" of `date`.
  uint32_t LastSequence(const std::string& date) const;

  std::vector<QueueItem> Queue(const std::string& scope) const;
  std::vector<LedgerEntry> Ledger(const std::string& scope, Timestamp from, Timestamp to) const;
  Statistics Stats(const std::string& scope, Timestamp from, Timestamp to) const;
  std::vector<QueueItem> DeadlinesBefore(Timestamp until) const;
  std::vector<std::string> OpenCaseIds() const;

  // After a person's key was destroyed: forget what was derived from it.
  void ForgetPerson(const std::string& person_id);

  // Deterministic text of every model, for determinism and verify checks.
  std::string Dump() const;

 private:
  void ApplyCase(const RecordedEvent& e);
  static QueueItem ToQueueItem(const domain::CaseModel& m);

  const PersonalVault* vault_;
  domain::Registry registry_;
  std::map<std::string, domain::CaseModel> cases_;
  std::multimap<std::string, std::string> cases_by_person_;
  std::map<std::string, uint32_t> last_sequence_;
  std::map<std::string, MediationModel> mediations_;
  std::map<std::string, MicroWishModel> wishes_;
  std::vector<WorkRecord> work_;
};

}  // namespace gridledger
