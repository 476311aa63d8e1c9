# GridLedger's wire types: the values gridledgerd's RPC methods carry
# (schemas/rpc.capnp). They mirror the public C++ types of
# engine/include/gridledger/ one to one; engine/src/rpc/wire_codec.h is the
# only translation between the two.
#
# Evolution rules (as for events.capnp): only add fields, union members and
# enumerants with the next ordinal; never change or reuse an ordinal.
# Times are microseconds since the Unix epoch, UTC.

@0xc25ae9b024cb1465;

using Cxx = import "/capnp/c++.capnp";
$Cxx.namespace("gridledger::wire");

# A Status: code 0 is OK. Codes are StatusCode's values.
struct Status {
  code @0 :UInt16;
  message @1 :Text;
}

# Field defaults below mirror the C++ defaults, so a message that leaves a
# field unset reads as the C++ type's default value.

# ---- enums: the C++ enums' enumerants, in declaration order ----------------
# A reader that meets an enumerant it does not know uses the first one.

enum GridKind {
  street @0;
  community @1;
  grid @2;
  microGrid @3;
  dedicated @4;
}

enum PlaceKind {
  compound @0;
  building @1;
  shop @2;
  market @3;
  school @4;
  other @5;
  unit @6;
}

enum Role {
  resident @0;
  partTimeWorker @1;
  fullTimeWorker @2;
  gridLeader @3;
  community @4;
  streetCentre @5;
  department @6;
  system @7;
}

enum CaseSource {
  kiosk @0;
  patrol @1;
  inspection @2;
  sensor @3;
  import @4;
  hotline @5;
  worker @6;
}

enum Priority {
  normal @0;
  urgent @1;
  emergency @2;
}

enum AssigneeLevel {
  grid @0;
  community @1;
  street @2;
  department @3;
}

enum CaseState {
  filed @0;
  registered @1;
  rejected @2;
  dispatched @3;
  inProgress @4;
  reported @5;
  closed @6;
  suspended @7;
  merged @8;
}

enum SlaUnit {
  calendarHours @0;
  workingHours @1;
  workingDays @2;
}

# ---- shared values ---------------------------------------------------------

struct Location {
  gridCode @0 :Text;
  placeId @1 :Text;
  address @2 :Text;
  latE6 @3 :Int32;    # latitude * 1e6, 0 when unknown
  lonE6 @4 :Int32;    # longitude * 1e6, 0 when unknown
}

# The grid registry's values, as commands carry them (GridDefined,
# PlaceRegistered, WorkerAssigned of event_payloads.h).
struct GridDefined {
  code @0 :Text;
  name @1 :Text;
  kind @2 :GridKind = grid;
  parentCode @3 :Text;
  households @4 :UInt32;
}

struct PlaceRegistered {
  placeId @0 :Text;
  gridCode @1 :Text;
  name @2 :Text;
  kind @3 :PlaceKind = building;
  parentPlaceId @4 :Text;
}

struct WorkerAssigned {
  workerId @0 :Text;
  displayName @1 :Text;
  role @2 :Role = fullTimeWorker;
  gridCode @3 :Text;
  department @4 :Text;
}

struct InspectionItem {
  item @0 :Text;
  passed @1 :Bool = true;
  note @2 :Text;
}

# ---- filing ----------------------------------------------------------------

# Personal data (reporterName, reporterPhone) travels in the clear inside
# the connection; the engine seals it before it reaches the log.
struct FileCase {
  category @0 :Text;
  description @1 :Text;
  location @2 :Location;
  reporterName @3 :Text;
  reporterPhone @4 :Text;
  source @5 :CaseSource;
  externalId @6 :Text;
  mediaUrl @7 :Text;
  occurredAt @8 :Int64;   # 0 (the epoch) = "now" to the engine
  queryCode @9 :Text;     # "" = the engine draws one
}

struct FiledReceipt {
  caseId @0 :Text;
  queryCode @1 :Text;
  deadline @2 :Int64;
  priority @3 :Priority;
  gridCode @4 :Text;
  assignee @5 :Text;
  queued @6 :Bool;        # saved on the device, not yet on the ledger
}

# ---- the case loop: one member per alternative of gridledger::CaseCommand --

struct CaseCommand {
  union {
    register @0 :Register;
    reject @1 :Reject;
    dispatch @2 :Dispatch;
    return @3 :Return;
    acknowledge @4 :Acknowledge;
    handle @5 :Handle;
    reportBack @6 :ReportBack;
    verifyOnSite @7 :VerifyOnSite;
    close @8 :Close;
    followUp @9 :FollowUp;
    reopen @10 :Reopen;
    extendDeadline @11 :ExtendDeadline;
    suspend @12 :Suspend;
    resume @13 :Resume;
    escalate @14 :Escalate;
    merge @15 :Merge;
  }

  struct Register {
    caseId @0 :Text;
    # std::optional<Priority>: priority is meaningful only when hasPriority.
    hasPriority @1 :Bool;
    priority @2 :Priority;
  }
  struct Reject {
    caseId @0 :Text;
    reason @1 :Text;
    note @2 :Text;
    duplicateOf @3 :Text;
  }
  struct Dispatch {
    caseId @0 :Text;
    level @1 :AssigneeLevel;
    assignee @2 :Text;
    note @3 :Text;
  }
  struct Return {
    caseId @0 :Text;
    reason @1 :Text;
  }
  struct Acknowledge {
    caseId @0 :Text;
  }
  struct Handle {
    caseId @0 :Text;
    note @1 :Text;
    photoRefs @2 :List(Text);
  }
  struct ReportBack {
    caseId @0 :Text;
    result @1 :Text;
  }
  struct VerifyOnSite {
    caseId @0 :Text;
    passed @1 :Bool = true;
    note @2 :Text;
  }
  struct Close {
    caseId @0 :Text;
    note @1 :Text;
  }
  struct FollowUp {
    caseId @0 :Text;
    satisfaction @1 :UInt8 = 5;
    comment @2 :Text;
    fixed @3 :Bool = true;
  }
  struct Reopen {
    caseId @0 :Text;
    reason @1 :Text;
  }
  struct ExtendDeadline {
    caseId @0 :Text;
    workingDays @1 :UInt32 = 3;
    reason @2 :Text;
    approvedBy @3 :Text;
  }
  struct Suspend {
    caseId @0 :Text;
    reason @1 :Text;
  }
  struct Resume {
    caseId @0 :Text;
  }
  struct Escalate {
    caseId @0 :Text;
    reason @1 :Text;
  }
  struct Merge {
    caseId @0 :Text;
    intoCaseId @1 :Text;
  }
}

# ---- the rest of the grid's work: one member per alternative of
# ---- gridledger::WorkCommand -----------------------------------------------

struct WorkCommand {
  union {
    defineGrid @0 :DefineGrid;
    registerPlace @1 :RegisterPlace;
    assignWorker @2 :AssignWorker;
    recordPatrol @3 :RecordPatrol;
    recordInspection @4 :RecordInspection;
    openMediation @5 :OpenMediation;
    recordMediationSession @6 :RecordMediationSession;
    concludeMediation @7 :ConcludeMediation;
    collectMicroWish @8 :CollectMicroWish;
    planMicroWish @9 :PlanMicroWish;
    fulfilMicroWish @10 :FulfilMicroWish;
    revisitMicroWish @11 :RevisitMicroWish;
    recordCareVisit @12 :RecordCareVisit;
    recordOutreach @13 :RecordOutreach;
    raiseSensorAlarm @14 :RaiseSensorAlarm;
  }

  struct DefineGrid {
    grid @0 :GridDefined;
  }
  struct RegisterPlace {
    place @0 :PlaceRegistered;
  }
  struct AssignWorker {
    assignment @0 :WorkerAssigned;
  }
  struct RecordPatrol {
    gridCode @0 :Text;
    note @1 :Text;
    photoRefs @2 :List(Text);
    placesVisited @3 :UInt32;
    findings @4 :List(FileCase);   # each finding opens a case
  }
  struct RecordInspection {
    placeId @0 :Text;
    placeName @1 :Text;
    gridCode @2 :Text;
    items @3 :List(InspectionItem);   # failed items open cases
  }
  struct OpenMediation {
    mediationId @0 :Text;
    gridCode @1 :Text;
    subject @2 :Text;
    partyNames @3 :List(Text);
    category @4 :Text;
  }
  struct RecordMediationSession {
    mediationId @0 :Text;
    note @1 :Text;
  }
  struct ConcludeMediation {
    mediationId @0 :Text;
    agreed @1 :Bool;
    summary @2 :Text;
  }
  struct CollectMicroWish {
    wishId @0 :Text;
    gridCode @1 :Text;
    wish @2 :Text;
    residentName @3 :Text;
    residentPhone @4 :Text;
  }
  struct PlanMicroWish {
    wishId @0 :Text;
    plan @1 :Text;
    sponsor @2 :Text;
  }
  struct FulfilMicroWish {
    wishId @0 :Text;
    note @1 :Text;
  }
  struct RevisitMicroWish {
    wishId @0 :Text;
    note @1 :Text;
    satisfied @2 :Bool = true;
  }
  struct RecordCareVisit {
    gridCode @0 :Text;
    personName @1 :Text;
    personPhone @2 :Text;
    notes @3 :Text;
    followUpNeeded @4 :Bool;
  }
  struct RecordOutreach {
    gridCode @0 :Text;
    topic @1 :Text;
    householdsReached @2 :UInt32;
    peopleInformed @3 :UInt32;
  }
  struct RaiseSensorAlarm {
    deviceId @0 :Text;
    alarmKind @1 :Text;
    location @2 :Location;
  }
}

# ---- read models -----------------------------------------------------------

struct TimelineEntry {
  at @0 :Int64;
  type @1 :Text;     # event type, e.g. "caseDispatched"
  textZh @2 :Text;
  textEn @3 :Text;
}

struct CaseView {
  caseId @0 :Text;
  kind @1 :Text;
  category @2 :Text;
  description @3 :Text;
  location @4 :Location;
  source @5 :CaseSource;
  state @6 :CaseState;
  priority @7 :Priority;
  level @8 :AssigneeLevel;
  assignee @9 :Text;
  assigneeName @10 :Text;
  filedAt @11 :Int64;
  firstResponseAt @12 :Int64;
  closedAt @13 :Int64;
  deadline @14 :Int64;
  warnAt @15 :Int64;
  warned @16 :Bool;
  overdue @17 :Bool;
  closedOnTime @18 :Bool;
  extensions @19 :UInt32;
  reopenCount @20 :UInt32;
  # std::optional<uint8_t>: satisfaction is meaningful only when
  # hasSatisfaction.
  hasSatisfaction @21 :Bool;
  satisfaction @22 :UInt8;
  maskedPhone @23 :Text;
  mergedInto @24 :Text;
  version @25 :UInt64;
  timeline @26 :List(TimelineEntry);
}

struct QueueItem {
  caseId @0 :Text;
  category @1 :Text;
  state @2 :CaseState;
  priority @3 :Priority;
  deadline @4 :Int64;
  overdue @5 :Bool;
  warned @6 :Bool;
  assignee @7 :Text;
}

struct LedgerEntry {
  caseId @0 :Text;
  gridCode @1 :Text;
  category @2 :Text;
  description @3 :Text;
  state @4 :CaseState;
  filedAt @5 :Int64;
  deadline @6 :Int64;
  closedAt @7 :Int64;
  closedOff @8 :Bool;
  onTime @9 :Bool;
  assignee @10 :Text;
}

# One entry of a std::map<std::string, uint64_t>. Lists of them are in
# ascending key order with unique keys; a reader keeps the last of equal keys.
struct CountEntry {
  key @0 :Text;
  value @1 :UInt64;
}

struct Statistics {
  scope @0 :Text;
  from @1 :Int64;
  to @2 :Int64;
  filed @3 :UInt64;
  closed @4 :UInt64;
  closedOnTime @5 :UInt64;
  rejected @6 :UInt64;
  overdueOpen @7 :UInt64;
  rated @8 :UInt64;
  satisfied @9 :UInt64;
  mediations @10 :UInt64;
  mediationsAgreed @11 :UInt64;
  patrols @12 :UInt64;
  inspections @13 :UInt64;
  hazardsFound @14 :UInt64;
  microWishes @15 :UInt64;
  careVisits @16 :UInt64;
  peopleInformed @17 :UInt64;
  closedRate @18 :Float64;
  onTimeRate @19 :Float64;
  satisfactionRate @20 :Float64;
  mediationSuccessRate @21 :Float64;
  avgResponseHours @22 :Float64;
  avgResolutionHours @23 :Float64;
  byCategory @24 :List(CountEntry);
  byState @25 :List(CountEntry);
  mediationsConcluded @26 :UInt64;
}

struct GridInfo {
  code @0 :Text;
  name @1 :Text;
  kind @2 :GridKind = grid;
  parentCode @3 :Text;
  households @4 :UInt32;
}

struct PlaceInfo {
  placeId @0 :Text;
  gridCode @1 :Text;
  name @2 :Text;
  kind @3 :PlaceKind = building;
  parentPlaceId @4 :Text;
}

struct WorkerInfo {
  workerId @0 :Text;
  displayName @1 :Text;
  role @2 :Role = fullTimeWorker;
  gridCode @3 :Text;
  department @4 :Text;
}

struct ServiceCategory {
  code @0 :Text;
  nameZh @1 :Text;
  nameEn @2 :Text;
  priority @3 :Priority;
  unit @4 :SlaUnit = workingDays;
  limit @5 :UInt32 = 7;
  phrasesZh @6 :List(Text);
  phrasesEn @7 :List(Text);
  kind @8 :Text = "request";
}

# ---- the log ---------------------------------------------------------------
# Positions and stream versions are their UInt64 values.

struct ExpectedVersion {
  enum Kind {
    any @0;
    noStream @1;
    exact @2;
  }
  kind @0 :Kind;
  version @1 :UInt64;   # for kind = exact
}

struct AppendResult {
  firstPosition @0 :UInt64;
  lastPosition @1 :UInt64;
  nextExpected @2 :UInt64;
  deduplicated @3 :Bool;
}

# gridledger/event_filter.h: every given list must match (AND), any value
# in a list is enough (OR); empty lists match everything.
struct EventFilter {
  types @0 :List(Text);
  streamPrefixes @1 :List(Text);
  gridCodes @2 :List(Text);
}

struct StreamHead {
  version @0 :UInt64;
  lastPosition @1 :UInt64;
}

struct LogStats {
  committed @0 :UInt64;
  streamCount @1 :UInt64;
  diskBytes @2 :UInt64;
  writesRefused @3 :Text;  # "" when the log takes writes (a standby's or a fence's reason otherwise)
}

# Engine::Metrics without its histogram (apply_seconds stays in-process):
# the engine's counters and the read models' state.
struct EngineMetrics {
  wrongCodes @0 :UInt64;
  lockouts @1 :UInt64;
  deadlineWarnings @2 :UInt64;
  overdueFlags @3 :UInt64;
  openCases @4 :UInt64;
  overdueOpenCases @5 :UInt64;
  readModelsPosition @6 :UInt64;
  readModelsGeneration @7 :UInt32;  # 0: held in memory
  readModelsBuilding @8 :Bool;      # a background build of a new generation runs
  readModelsBuildTarget @9 :UInt64;
}

struct VerifyReport {
  eventsChecked @0 :UInt64;
  lastPosition @1 :UInt64;
  # std::optional<Position>: firstBadPosition is meaningful only when
  # hasFirstBadPosition.
  hasFirstBadPosition @2 :Bool;
  firstBadPosition @3 :UInt64;
  problem @4 :Text;
}
