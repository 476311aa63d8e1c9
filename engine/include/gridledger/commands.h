// Commands the engine executes. Each is decided by pure domain code from
// the current state of its stream, producing events or a rejection.
#pragma once

#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "gridledger/event_payloads.h"
#include "gridledger/types.h"

namespace gridledger {

// ---- every command ---------------------------------------------------------

// Options of one command call.
struct CommandOptions {
  // The caller's id for this command (e.g. chosen by a kiosk or a network
  // client before sending). The ids of the events the command writes are
  // derived from it, so a retry with the same id after a lost reply (or a
  // crash) returns the original outcome and writes nothing again. Empty:
  // random event ids, and a retry runs the command again.
  // Default: empty
  EventId request_id;
};

// ---- filing ------------------------------------------------------------

// A new case: from the kiosk, a worker, a patrol finding, an inspection, a
// sensor or an import. Personal data (name, phone) is sealed by the engine
// under the resident's per-person key before it reaches the log.
struct FileCase {
  std::string category;  // service code from the catalogue
  std::string description;
  Location location;           // place_id or grid_code; routing fills the grid
  std::string reporter_name;   // optional
  std::string reporter_phone;  // required from the kiosk (11-digit mobile)
  CaseSource source = CaseSource::kKiosk;
  std::string external_id;  // e.g. an imported Open311 id
  std::string media_url;
  Timestamp occurred_at{};  // default: now
  // The receipt's query code, when the filer chooses it: 6 digits. A kiosk
  // filing while its server is unreachable gives the resident the code
  // before the server has seen the request (Outbox). Default "": the engine
  // draws one.
  std::string query_code;
};

// What the resident takes away. The query code is shown once and stored
// only as a salted hash.
struct FiledReceipt {
  std::string case_id;
  std::string query_code;  // 6 digits
  Timestamp deadline{};    // expected response / resolution time
  Priority priority = Priority::kNormal;
  std::string grid_code;  // where it was routed
  std::string assignee;   // the grid worker it landed with
  // True when the filing is saved on this device and not yet on the ledger
  // (Outbox): case_id is empty until it is sent; query_code is final.
  bool queued = false;
};

// ---- importing -----------------------------------------------------------

// One request of another system's document, for Engine::Import.
struct ImportedCase {
  // The case as filed: source must be CaseSource::kImport and external_id
  // the other system's id of the request (required). occurred_at is the
  // time the request was made there; it becomes the case's filing time.
  FileCase filing;
  // Names the other system (e.g. "open311:example-city"). With
  // filing.external_id it identifies the request: importing it again is a
  // no-op, however often and after whatever crash.
  std::string source_system;
  // The other system already closed the request: the case is filed as
  // closed history (filed, then closed at `closed_at` with `closed_note`),
  // not as new work.
  bool closed = false;
  Timestamp closed_at{};
  std::string closed_note;
  // Optional companion record stored in the same commit as the case: an
  // OpaqueEvent{original_type, original} in stream `original_stream`
  // (e.g. the request exactly as the other system wrote it, for a faithful
  // export). Empty original_stream: none.
  std::string original_stream;
  std::string original_type;
  std::string original;
};

// What Engine::Import did with one request.
struct ImportOutcome {
  std::string case_id;
  std::string grid_code;
  // True when an earlier import had already filed this request (it was
  // left as it was; nothing was written for it).
  bool already_imported = false;
};

// ---- the case loop -----------------------------------------------------
//
// Engine::Execute decides each command against the case's current state and
// the registry (domain/case_decider.cc, authorisation in
// domain/authorization.cc), then appends the events with the version it
// read (a concurrent change makes it re-read and decide again). "Who" is
// the authorisation matrix: a role holds a right within its scope (a grid
// leader in their grid, the community in its grids, the street centre in
// its street); "the holder" is whoever the case is dispatched to. The
// engine's own jobs (system actors) hold register, dispatch and file.
//
// Every refusal is a value: kNotFound (no such case), kPermissionDenied
// (the actor may not, here), kInvalidArgument (the command is malformed:
// fix it), kRejected (a rule of the loop; the message, in Chinese and
// English, says which and what to do).
//
// clang-format off
// | command        | state needed                           | who                               | refused when |
// |----------------|----------------------------------------|-----------------------------------|--------------|
// | Register       | filed                                  | grid leader, community, street     | – (priority and deadline from the category) |
// | Reject         | filed, registered, dispatched          | as Register                        | reason not invalid/duplicate/notResponsible; duplicate without duplicate_of; no note (say where the resident can go) |
// | Dispatch       | registered, dispatched (re-dispatch)   | as Register; to a department: street centre | a grid worker who does not work in the case's grid; a department unnamed |
// | Return         | dispatched                             | the holder                         | no reason |
// | Acknowledge    | dispatched                             | the holder                         | – (the case is then in progress) |
// | Handle         | in progress                            | the holder                         | no note |
// | ReportBack     | in progress                            | the holder                         | no result |
// | VerifyOnSite   | reported, not yet verified             | grid leader, community, street     | the verifier handled the case themselves |
// | Close (办结)   | reported and verified as passed        | as VerifyOnSite                    | not verified on site |
// | FollowUp (回访) | closed                                 | full-time worker and up            | satisfaction not 1..5; `fixed = false` reopens the case |
// | Reopen         | closed                                 | grid leader, community, street     | – |
// | ExtendDeadline | open, not filed, not suspended         | grid leader and up, or the holder  | no reason; not 1..30 working days; a second extension without approval by the community or street |
// | Suspend        | registered, dispatched, in progress    | grid leader, community, street     | no reason (the remaining time is kept) |
// | Resume         | suspended                              | as Suspend                         | – (the deadline is now + the time that remained, at least 1 h) |
// | Escalate       | registered, dispatched, in progress    | grid leader, community, or the holder | no reason; already at the street (the street dispatches a department) |
// | Merge          | open                                   | as Register                        | into itself or no case named |
// clang-format on
//
// Deadline warnings and overdue flags are not commands: the engine's
// deadline scan (Engine::RunDeadlineScan) records them.

namespace cmd {
struct Register {
  std::string case_id;
  std::optional<Priority> priority;
};
struct Reject {
  std::string case_id;
  std::string reason;
  std::string note;
  std::string duplicate_of;
};
struct Dispatch {
  std::string case_id;
  AssigneeLevel level = AssigneeLevel::kGrid;
  std::string assignee;
  std::string note;
};
struct Return {
  std::string case_id;
  std::string reason;
};
struct Acknowledge {
  std::string case_id;
};
struct Handle {
  std::string case_id;
  std::string note;
  std::vector<std::string> photo_refs;
};
struct ReportBack {
  std::string case_id;
  std::string result;
};
struct VerifyOnSite {
  std::string case_id;
  bool passed = true;
  std::string note;
};
struct Close {
  std::string case_id;
  std::string note;
};
struct FollowUp {
  std::string case_id;
  uint8_t satisfaction = 5;
  std::string comment;
  bool fixed = true;
};
struct Reopen {
  std::string case_id;
  std::string reason;
};
struct ExtendDeadline {
  std::string case_id;
  uint32_t working_days = 3;
  std::string reason;
  std::string approved_by;
};
struct Suspend {
  std::string case_id;
  std::string reason;
};
struct Resume {
  std::string case_id;
};
struct Escalate {
  std::string case_id;
  std::string reason;
};
struct Merge {
  std::string case_id;
  std::string into_case_id;
};
}  // namespace cmd

using CaseCommand = std::variant<cmd::Register, cmd::Reject, cmd::Dispatch, cmd::Return,
                                 cmd::Acknowledge, cmd::Handle, cmd::ReportBack, cmd::VerifyOnSite,
                                 cmd::Close, cmd::FollowUp, cmd::Reopen, cmd::ExtendDeadline,
                                 cmd::Suspend, cmd::Resume, cmd::Escalate, cmd::Merge>;

// ---- the rest of the grid's work ----------------------------------------

namespace cmd {
struct DefineGrid {
  GridDefined grid;
};
struct RegisterPlace {
  PlaceRegistered place;
};
struct AssignWorker {
  WorkerAssigned assignment;
};
struct RecordPatrol {
  std::string grid_code;
  std::string note;
  std::vector<std::string> photo_refs;
  uint32_t places_visited = 0;
  std::vector<FileCase> findings;
};  // each finding opens a case
struct RecordInspection {
  std::string place_id;
  std::string place_name;
  std::string grid_code;
  std::vector<InspectionItem> items;
};  // failed items open cases
struct OpenMediation {
  std::string mediation_id;
  std::string grid_code;
  std::string subject;
  std::vector<std::string> party_names;
  std::string category;
};
struct RecordMediationSession {
  std::string mediation_id;
  std::string note;
};
struct ConcludeMediation {
  std::string mediation_id;
  bool agreed = false;
  std::string summary;
};
struct CollectMicroWish {
  std::string wish_id;
  std::string grid_code;
  std::string wish;
  std::string resident_name;
  std::string resident_phone;
};
struct PlanMicroWish {
  std::string wish_id;
  std::string plan;
  std::string sponsor;
};
struct FulfilMicroWish {
  std::string wish_id;
  std::string note;
};
struct RevisitMicroWish {
  std::string wish_id;
  std::string note;
  bool satisfied = true;
};
struct RecordCareVisit {
  std::string grid_code;
  std::string person_name;
  std::string person_phone;
  std::string notes;
  bool follow_up_needed = false;
};
struct RecordOutreach {
  std::string grid_code;
  std::string topic;
  uint32_t households_reached = 0;
  uint32_t people_informed = 0;
};
struct RaiseSensorAlarm {
  std::string device_id;
  std::string alarm_kind;
  Location location;
};
}  // namespace cmd

using WorkCommand =
    std::variant<cmd::DefineGrid, cmd::RegisterPlace, cmd::AssignWorker, cmd::RecordPatrol,
                 cmd::RecordInspection, cmd::OpenMediation, cmd::RecordMediationSession,
                 cmd::ConcludeMediation, cmd::CollectMicroWish, cmd::PlanMicroWish,
                 cmd::FulfilMicroWish, cmd::RevisitMicroWish, cmd::RecordCareVisit,
                 cmd::RecordOutreach, cmd::RaiseSensorAlarm>;

}  // namespace gridledger
