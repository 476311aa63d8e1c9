# GridLedger event schema.
#
# Every value in the log column family is one unpacked, single-message
# Cap'n Proto stream containing an `Envelope`. Decode a value dumped with
# RocksDB's `ldb` like this (see docs/storage.md):
#
#   capnp decode --short schemas/events.capnp Envelope < value.bin
#
# Evolution rules (enforced by review, relied on by every stored event):
#   * only ADD fields, union members and enumerants, with the next ordinal;
#   * never change a field's ordinal, type or default; never reuse an ordinal;
#   * a change in meaning gets a new field and `Envelope.schemaVersion` + 1,
#     and the codec upcasts older versions on read.
#
# Times are microseconds since the Unix epoch, UTC. Ids are 128-bit, split
# into two UInt64 halves (hi, lo).

@0xcac93a39df446dd1;

using Cxx = import "/capnp/c++.capnp";
$Cxx.namespace("gridledger::schema");

struct Uuid {
  hi @0 :UInt64;
  lo @1 :UInt64;
}

# A personal field (name, phone, address, care notes) encrypted with the
# per-person key held outside the log. Destroying the key erases the field
# while the log stays append-only and its hash chain still verifies.
struct Sealed {
  personId @0 :Text;      # pseudonymous person id, never the name or phone
  nonce @1 :Data;         # XChaCha20-Poly1305 nonce (24 bytes)
  cipher @2 :Data;        # ciphertext + 16-byte tag
}

struct Location {
  gridCode @0 :Text;      # the grid the matter belongs to
  placeId @1 :Text;       # compound / building / shop id from the registry, may be empty
  address @2 :Text;       # public address words (never a resident's home address)
  latE6 @3 :Int32;        # latitude * 1e6, 0 when unknown
  lonE6 @4 :Int32;        # longitude * 1e6, 0 when unknown
}

struct Envelope {
  id @0 :Uuid;
  streamId @1 :Text;
  streamVersion @2 :UInt64;   # 1-based version within the stream
  position @3 :UInt64;        # 1-based position in the global log
  recordedAt @4 :Int64;       # assigned by the log's writer when committed
  occurredAt @5 :Int64;       # supplied by the caller
  actor @6 :Text;             # who caused the event (worker id, "resident", "system:...")
  gridCode @7 :Text;
  correlationId @8 :Uuid;
  causationId @9 :Uuid;
  schemaVersion @10 :UInt16;
  # BLAKE2b-256 over (previous event's hash || this message with `hash` set
  # to 32 zero bytes). The first event chains over 32 zero bytes.
  hash @11 :Data;

  payload :union {
    opaque @12 :Opaque;

    # --- grid registry -------------------------------------------------
    gridDefined @13 :GridDefined;
    placeRegistered @14 :PlaceRegistered;
    workerAssigned @15 :WorkerAssigned;
    workerReleased @16 :WorkerReleased;

    # --- the case loop ---------------------------------------------------
    caseFiled @17 :CaseFiled;
    caseRegistered @18 :CaseRegistered;
    caseRejected @19 :CaseRejected;
    caseDispatched @20 :CaseDispatched;
    caseReturned @21 :CaseReturned;
    caseAcknowledged @22 :CaseAcknowledged;
    caseHandled @23 :CaseHandled;
    caseReported @24 :CaseReported;
    caseVerified @25 :CaseVerified;
    caseClosed @26 :CaseClosed;
    caseFollowedUp @27 :CaseFollowedUp;
    caseReopened @28 :CaseReopened;
    deadlineExtended @29 :DeadlineExtended;
    caseSuspended @30 :CaseSuspended;
    caseResumed @31 :CaseResumed;
    caseEscalated @32 :CaseEscalated;
    deadlineWarned @33 :DeadlineWarned;
    caseOverdue @34 :CaseOverdue;
    caseMerged @35 :CaseMerged;

    # --- the rest of the grid's work -----------------------------------
    patrolRecorded @36 :PatrolRecorded;
    inspectionRecorded @37 :InspectionRecorded;
    mediationOpened @38 :MediationOpened;
    mediationSession @39 :MediationSession;
    mediationConcluded @40 :MediationConcluded;
    microWishCollected @41 :MicroWishCollected;
    microWishPlanned @42 :MicroWishPlanned;
    microWishFulfilled @43 :MicroWishFulfilled;
    microWishRevisited @44 :MicroWishRevisited;
    careVisitRecorded @45 :CareVisitRecorded;
    policyOutreachRecorded @46 :PolicyOutreachRecorded;
    sensorAlarmRaised @47 :SensorAlarmRaised;
  }
}

# An event whose payload is defined by the embedding system, not GridLedger.
struct Opaque {
  typeName @0 :Text;
  data @1 :Data;
}

enum GridKind {
  street @0;
  community @1;
  grid @2;
  microGrid @3;
  dedicated @4;     # 专属网格: a plaza, a market, a school
}

struct GridDefined {
  code @0 :Text;
  name @1 :Text;
  kind @2 :GridKind;
  parentCode @3 :Text;   # empty for a street
  households @4 :UInt32;
}

enum PlaceKind {
  compound @0;
  building @1;
  shop @2;
  market @3;
  school @4;
  other @5;
  unit @6;          # 单元: a stairwell/entrance of a building
}

struct PlaceRegistered {
  placeId @0 :Text;
  gridCode @1 :Text;
  name @2 :Text;
  kind @3 :PlaceKind;
  parentPlaceId @4 :Text;
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

struct WorkerAssigned {
  workerId @0 :Text;
  displayName @1 :Text;   # a worker's public name is shown on cases
  role @2 :Role;
  gridCode @3 :Text;      # the grid, community or street the role covers
  department @4 :Text;    # for role = department
}

struct WorkerReleased {
  workerId @0 :Text;
  gridCode @1 :Text;
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

struct CaseFiled {
  category @0 :Text;          # service code from the catalogue
  source @1 :CaseSource;
  description @2 :Text;       # what is wrong, in the resident's words
  location @3 :Location;
  reporter @4 :Sealed;        # name + phone, sealed; empty for anonymous/worker
  residentKey @5 :Data;       # keyed hash of the resident's contact (lookup)
  queryCodeHash @6 :Data;     # salted hash of the receipt's query code
  kind @7 :Text;              # "request" | "microWish"
  externalId @8 :Text;        # e.g. an imported Open311 service_request_id
  mediaUrl @9 :Text;
}

struct CaseRegistered {
  priority @0 :Priority;
  deadline @1 :Int64;
  warnAt @2 :Int64;
}

struct CaseRejected {
  reason @0 :Text;           # "invalid" | "duplicate" | "notResponsible"
  note @1 :Text;
  duplicateOf @2 :Text;
}

struct CaseDispatched {
  level @0 :AssigneeLevel;
  assignee @1 :Text;          # worker id, community code or department name
  gridCode @2 :Text;
  note @3 :Text;
}

struct CaseReturned {
  reason @0 :Text;
}

struct CaseAcknowledged {
  by @0 :Text;
}

struct CaseHandled {
  note @0 :Text;
  photoRefs @1 :List(Text);
}

struct CaseReported {
  result @0 :Text;
}

struct CaseVerified {
  passed @0 :Bool;
  note @1 :Text;
}

struct CaseClosed {
  onTime @0 :Bool;
  note @1 :Text;
}

struct CaseFollowedUp {
  satisfaction @0 :UInt8;    # 1 (very dissatisfied) .. 5 (very satisfied)
  comment @1 :Text;
  fixed @2 :Bool;            # false: the resident says it is not fixed
}

struct CaseReopened {
  reason @0 :Text;
}

struct DeadlineExtended {
  newDeadline @0 :Int64;
  newWarnAt @1 :Int64;
  reason @2 :Text;
  approvedBy @3 :Text;       # required for the second and later extension
}

struct CaseSuspended {
  reason @0 :Text;
}

struct CaseResumed {
  newDeadline @0 :Int64;
  newWarnAt @1 :Int64;
}

struct CaseEscalated {
  toLevel @0 :AssigneeLevel;
  reason @1 :Text;
}

struct DeadlineWarned {
  deadline @0 :Int64;
}

struct CaseOverdue {
  deadline @0 :Int64;
}

struct CaseMerged {
  intoCaseId @0 :Text;
}

struct PatrolRecorded {
  gridCode @0 :Text;
  note @1 :Text;
  photoRefs @2 :List(Text);
  findingCaseIds @3 :List(Text);
  placesVisited @4 :UInt32;
}

struct InspectionItem {
  item @0 :Text;
  passed @1 :Bool;
  note @2 :Text;
}

struct InspectionRecorded {
  placeId @0 :Text;
  placeName @1 :Text;
  items @2 :List(InspectionItem);
  rectificationCaseIds @3 :List(Text);
}

struct MediationOpened {
  subject @0 :Text;
  parties @1 :List(Sealed);
  category @2 :Text;
}

struct MediationSession {
  note @0 :Text;
}

struct MediationConcluded {
  agreed @0 :Bool;
  summary @1 :Text;
}

struct MicroWishCollected {
  wish @0 :Text;
  resident @1 :Sealed;
}

struct MicroWishPlanned {
  plan @0 :Text;
  sponsor @1 :Text;
}

struct MicroWishFulfilled {
  note @0 :Text;
}

struct MicroWishRevisited {
  note @0 :Text;
  satisfied @1 :Bool;
}

struct CareVisitRecorded {
  person @0 :Sealed;         # the key person visited (register entry)
  notes @1 :Sealed;          # what was found, sealed under the same person
  followUpNeeded @2 :Bool;
}

struct PolicyOutreachRecorded {
  topic @0 :Text;
  householdsReached @1 :UInt32;
  peopleInformed @2 :UInt32;
}

struct SensorAlarmRaised {
  deviceId @0 :Text;
  alarmKind @1 :Text;        # "smoke" | "gas" | ...
  location @2 :Location;
  caseId @3 :Text;           # the urgent case opened for it, if any
}
