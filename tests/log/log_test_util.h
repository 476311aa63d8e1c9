// Helpers for the log tests.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "gridledger/event_log.h"
#include "testing/temp_dir.h"

namespace gridledger::testing {

inline NewEvent Note(std::string text, EventId id = {}) {
  NewEvent e;
  e.id = id;
  e.payload = PatrolRecorded{"411302001001", std::move(text), {}, {}, 1};
  e.actor = "worker-1";
  e.grid_code = "411302001001";
  return e;
}

inline std::unique_ptr<EventLog> OpenLog(const std::string& dir, LogOptions options = {}) {
  auto log = EventLog::Open(dir, options);
  EXPECT_TRUE(log.ok()) << log.status().ToString();
  return log.ok() ? std::move(log).value() : nullptr;
}

inline std::string NoteText(const RecordedEvent& e) {
  return std::get<PatrolRecorded>(e.payload).note;
}

// The envelope fields of two events of the same kind (RecordedEvent or
// EventView), field by field: neither has an operator==.
template <typename Event>
void ExpectSameEnvelope(const Event& a, const Event& b) {
  EXPECT_EQ(a.id, b.id);
  EXPECT_EQ(a.stream, b.stream);
  EXPECT_EQ(a.version, b.version);
  EXPECT_EQ(a.position, b.position);
  EXPECT_EQ(a.recorded_at, b.recorded_at);
  EXPECT_EQ(a.occurred_at, b.occurred_at);
  EXPECT_EQ(a.actor, b.actor);
  EXPECT_EQ(a.grid_code, b.grid_code);
  EXPECT_EQ(a.correlation_id, b.correlation_id);
  EXPECT_EQ(a.causation_id, b.causation_id);
  EXPECT_EQ(a.schema_version, b.schema_version);
  EXPECT_EQ(a.hash, b.hash);
}

}  // namespace gridledger::testing
