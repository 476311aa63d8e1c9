// Deciding the grid's other work (the registry, patrols, inspections,
// mediations, micro-wishes, care visits, outreach, sensor alarms):
// DecideWork(state, command, context) -> a record | refusal.
// Pure: no I/O, no clock, no randomness. Each command writes one record
// event to one stream; some first open cases (a patrol's findings, an
// inspection's failed items, a sensor's alarm), which the facade files
// with DecideFiling's rules and writes back with RecordFiledCases.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "domain/case_decider.h"
#include "domain/seal_request.h"
#include "gridledger/commands.h"
#include "gridledger/event_log.h"

namespace gridledger::domain {

// The stream a command continues (a mediation's sessions and conclusion,
// a micro-wish's stages), which the decider needs read first: at most
// `max_events` of it, from its first event forward.
struct WorkStreamRead {
  std::string stream;
  size_t max_events = 1;
};
// The read the command needs, or nullopt (every other command).
std::optional<WorkStreamRead> WorkStreamToRead(const WorkCommand& command);

// What the decider needs of that stream.
struct WorkStreamState {
  size_t events = 0;      // events read; 0: there is no such stream
  StreamVersion version;  // of the last event read
  std::string grid_code;  // of the first event
};

// One record: append `events` to `stream` with `expected`.
struct WorkDecision {
  std::string stream;
  // Exactly(version) when the decision rests on the stream read (a conflict
  // means it changed: read and decide again); NoStream for a new registry
  // entry, mediation or micro-wish; Any for the grid's running records.
  ExpectedVersion expected;
  std::string grid_code;  // the events' grid
  std::vector<EventPayload> events;
  // Cases to file before the record, in order; their receipts go into the
  // record through RecordFiledCases.
  std::vector<FileCase> filings;
  // Personal data to seal into `events` before the append.
  std::vector<SealRequest> seals;
};

// The record `command` writes, given `state` (empty unless
// WorkStreamToRead named a stream), or kInvalidArgument (an unknown grid,
// a missing id, name, subject, topic, device or checklist, a grid that does
// not fit the hierarchy, a worker role that is not a worker's),
// kPermissionDenied (the actor may not, in that grid), kNotFound (no such
// mediation or micro-wish), kRejected (a grid already defined, a
// micro-wish not at, or past, the stage: collected -> planned -> fulfilled
// -> revisited, revisits may repeat).
Result<WorkDecision> DecideWork(const WorkStreamState& state, const WorkCommand& command,
                                const DecideContext& context);

// Puts the receipts of decision.filings (same order) into the record: the
// finding, rectification or alarm case ids; a sensor alarm's location and
// grid become the grid its case was routed to.
// REQUIRES: receipts.size() == decision.filings.size().
void RecordFiledCases(WorkDecision& decision, const std::vector<FiledReceipt>& receipts);

}  // namespace gridledger::domain
