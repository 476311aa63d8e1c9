// EventFilter: which events a filtered read or subscription of the global
// log delivers (EventLog::ReadFiltered, ScanFiltered, SubscriptionOptions).
//
// An event matches when it passes every criterion that is given; within
// one criterion any listed value is enough (AND across, OR within). An
// empty filter matches every event.
//
//  * types: the event's type name as EventTypeName gives it ("caseFiled",
//    "inspectionRecorded"; for an opaque event its own type name).
//  * stream_prefixes: the stream id starts with one of them ("case-",
//    "grid-41130200100101").
//  * grid_codes: the event's grid code lies in one of the grids: grid codes
//    are hierarchical digit strings and a code covers every code it is a
//    prefix of, so "411302001001" (a community) matches its grids and
//    micro-grids too. Events without a grid code never match this criterion.
//
// The log evaluates a filter on each event's stored summary (type, stream
// id, grid code; docs/storage.md) and reads and decodes only the events
// that match.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "gridledger/event.h"
#include "gridledger/export.h"
#include "gridledger/status.h"

namespace gridledger {

struct EventFilter {
  // Default: empty (any type)
  std::vector<std::string> types;
  // Default: empty (any stream)
  std::vector<std::string> stream_prefixes;
  // Default: empty (any grid, and events without one)
  std::vector<std::string> grid_codes;

  // True when no criterion is given: the filter matches every event.
  bool empty() const { return types.empty() && stream_prefixes.empty() && grid_codes.empty(); }

  // The reference semantics, on a decoded event (the log's in-place
  // evaluation gives the same answer for every event).
  GRIDLEDGER_EXPORT bool Matches(const RecordedEvent& event) const;
  // The same on the three fields the filter looks at.
  GRIDLEDGER_EXPORT bool MatchesFields(std::string_view type, std::string_view stream,
                                       std::string_view grid_code) const;

  // kInvalidArgument for an empty string in any list (it would mean
  // "anything" by accident) or more than 64 values in one list.
  GRIDLEDGER_EXPORT Status Validate() const;
};

}  // namespace gridledger
