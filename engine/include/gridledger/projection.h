// Projections of the embedding system, kept by the engine beside its own
// read models, with the same guarantee: each in a column family of its own
// ("projection:<name>"), its rows written in the same atomic batch as the
// commit group of events they follow, together with its checkpoint. After
// any crash the projection and the log agree; no replay at open.
//
// Register them in EngineOptions::projections. A projection added to an
// existing store is built from the whole log once, when the engine opens.
// Read it back with Engine::ProjectionGet / ProjectionScan.
//
// When eventual consistency is enough (the projection lives elsewhere, in
// another database or process), subscribe instead (EventLog::Subscribe)
// and keep a checkpoint with EventLog::SaveCheckpoint: that projection may
// lag and, after a crash, replays from its checkpoint, so its updates must
// be idempotent. docs/architecture.md compares the two.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "gridledger/event.h"
#include "gridledger/export.h"
#include "gridledger/status.h"

namespace gridledger {

// The rows of one projection while it applies a commit group: reads see
// the group's earlier writes. Keys and values are the projection's own bytes.
class GRIDLEDGER_EXPORT ProjectionRows {
 public:
  virtual ~ProjectionRows() = default;
  virtual Result<std::optional<std::string>> Get(std::string_view key) const = 0;
  virtual void Put(std::string_view key, std::string_view value) = 0;
  virtual void Delete(std::string_view key) = 0;
};

class GRIDLEDGER_EXPORT Projection {
 public:
  virtual ~Projection() = default;
  // Names the projection's column family; letters, digits, '-' and '_'.
  virtual std::string name() const = 0;
  // Takes in one commit group's events, in position order, on the log's
  // writer thread (keep it quick: every append waits for it). Must depend
  // only on the events and the rows. An error fails the whole group: none
  // of its events is written and every append in it gets the error.
  virtual Status Apply(const std::vector<RecordedEvent>& events, ProjectionRows& rows) = 0;
};

// Visits a projection's rows in key order; return false to stop.
using ProjectionVisitor = std::function<bool(std::string_view key, std::string_view value)>;

}  // namespace gridledger
