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

}  // namespace gridledger::testing
