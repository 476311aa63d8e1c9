// HostedProjection: an embedding system's Projection (gridledger/
// projection.h) run by the engine. Its rows live in its own column family
// ("projection:<name>") under 'u' + key, its checkpoint under "zcheckpoint";
// Stage() applies a commit group and adds the rows to the group's batch.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "gridledger/projection.h"
#include "projections/model_store.h"

namespace gridledger {

class HostedProjection {
 public:
  static std::string FamilyName(const std::string& projection_name) {
    return "projection:" + projection_name;
  }
  // Checks the name (letters, digits, '-', '_').
  static Status CheckName(const std::string& name);

  HostedProjection(std::shared_ptr<Projection> projection, std::unique_ptr<ModelStore> store)
      : projection_(std::move(projection)), store_(std::move(store)) {}

  const std::string name() const { return projection_->name(); }
  bool in_memory() const { return in_memory_; }
  void set_in_memory(bool v) { in_memory_ = v; }

  // Writer side, like ReadModels: stage into the commit's batch, then
  // Publish or Discard; ApplyNow writes at once (catch-up at open).
  Status Stage(const std::vector<RecordedEvent>& events, StoreBatch* batch);
  void Publish() { store_->Publish(); }
  void Discard() { store_->Discard(); }
  Status ApplyNow(const std::vector<RecordedEvent>& events);
  Result<Position> Checkpoint() const;

  // Reads (any thread).
  Result<std::optional<std::string>> Get(std::string_view key) const;
  Status Scan(std::string_view prefix, const ProjectionVisitor& visit) const;

 private:
  Result<ModelRows> Apply(const std::vector<RecordedEvent>& events);
  std::shared_ptr<Projection> projection_;
  std::unique_ptr<ModelStore> store_;
  bool in_memory_ = false;
};

}  // namespace gridledger
