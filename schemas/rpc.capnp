# gridledgerd's RPC interfaces: Cap'n Proto RPC (two-party) over a unix
# socket or TLS. Values are in wire.capnp; events travel as their stored
# bytes (an events.capnp Envelope), so a client can verify the hash chain.
#
# Evolution rules as for events.capnp: only add methods, fields and
# enumerants with the next ordinal.
#
# Errors: every method that can fail answers a `status` (wire.Status) and
# leaves the other results unset when it is not OK. A Cap'n Proto exception
# means the call did not reach the engine or its reply was lost (transport
# failure): a command may be retried with the same request id.

@0x8706c733c4ce80ea;

using Cxx = import "/capnp/c++.capnp";
$Cxx.namespace("gridledger::rpc::schema");

using Wire = import "wire.capnp";

# The capability a connection bootstraps. Nothing but `login` is reachable
# before the connection has proved who it is.
interface Gateway {
  # Exchanges a credential (issued by `gridledger credentials issue`) for a
  # session acting as its holder. An empty credential is accepted only on
  # the unix socket, whose file permissions are the access control: such a
  # session acts as the local operator. Wrong, unknown and revoked
  # credentials get kPermissionDenied; the answer never says which.
  login @0 (credential :Text, clientName :Text) -> (status :Wire.Status, session :Session, identity :Identity);
}

enum IdentityKind {
  operator @0;    # local administrator: everything, including the raw log
  kiosk @1;       # a hall kiosk: what a resident at it may do, nothing more
  worker @2;      # a grid worker / leader / office, rights from the registry
  integration @3; # another system (12345 platform, Open311 client)
}

struct Identity {
  kind @0 :IdentityKind;
  subject @1 :Text;       # worker id, kiosk device name, system name
  credentialId @2 :Text;  # "" for the unix-socket operator
}

# Every call is authorised against the session's identity when it runs:
# a credential revoked after login fails its next call with
# kPermissionDenied, and the engine's own matrix decides each command.
interface Session {
  whoAmI @0 () -> (identity :Identity);

  # ---- commands (requestId: 32 hex digits chosen by the client; a retry
  # with the same id returns the original outcome and writes nothing) ----
  file @1 (requestId :Text, request :Wire.FileCase) -> (status :Wire.Status, receipt :Wire.FiledReceipt);
  execute @2 (requestId :Text, command :Wire.CaseCommand) -> (status :Wire.Status, view :Wire.CaseView);
  record @3 (requestId :Text, command :Wire.WorkCommand) -> (status :Wire.Status, result :Wire.AppendResult);
  residentFeedback @4 (caseId :Text, queryCode :Text, satisfaction :UInt8, fixed :Bool, comment :Text)
      -> (status :Wire.Status, view :Wire.CaseView);

  # ---- resident queries -------------------------------------------------
  lookupCase @5 (caseId :Text, queryCode :Text) -> (status :Wire.Status, view :Wire.CaseView);
  lookupByPhone @6 (phone :Text, queryCode :Text) -> (status :Wire.Status, views :List(Wire.CaseView));

  # ---- worker and office queries ----------------------------------------
  getCase @7 (caseId :Text) -> (status :Wire.Status, view :Wire.CaseView);
  workQueue @8 (scope :Text) -> (status :Wire.Status, items :List(Wire.QueueItem));
  ledger @9 (scope :Text, from :Int64, to :Int64) -> (status :Wire.Status, entries :List(Wire.LedgerEntry));
  stats @10 (scope :Text, from :Int64, to :Int64) -> (status :Wire.Status, stats :Wire.Statistics);
  deadlinesBefore @11 (until :Int64) -> (status :Wire.Status, items :List(Wire.QueueItem));

  # ---- registry ----------------------------------------------------------
  grids @12 () -> (status :Wire.Status, grids :List(Wire.GridInfo));
  places @13 (gridCode :Text) -> (status :Wire.Status, places :List(Wire.PlaceInfo));
  workers @14 (gridCode :Text) -> (status :Wire.Status, workers :List(Wire.WorkerInfo));
  catalogue @15 () -> (status :Wire.Status, categories :List(Wire.ServiceCategory));

  # ---- jobs, privacy, maintenance (operator) ------------------------------
  runDeadlineScan @16 () -> (status :Wire.Status, events :UInt64);
  erasePerson @17 (phone :Text) -> (status :Wire.Status, cases :UInt64);
  dumpReadModels @18 () -> (status :Wire.Status, dump :Text);

  # ---- the log (operator) ----------------------------------------------------
  # `events` are Envelopes as the codec encodes a NewEvent (commit-time
  # fields zero); the server re-stamps nothing but those.
  append @19 (stream :Text, expected :Wire.ExpectedVersion, events :List(Data), durable :Bool)
      -> (status :Wire.Status, result :Wire.AppendResult);
  readStream @20 (stream :Text, from :UInt64, backward :Bool, limit :UInt32)
      -> (status :Wire.Status, events :List(Data));
  readAll @21 (from :UInt64, limit :UInt32) -> (status :Wire.Status, events :List(Data));
  readEvent @22 (id :Text) -> (status :Wire.Status, event :Data);
  head @23 (stream :Text) -> (status :Wire.Status, head :Wire.StreamHead);
  committed @24 () -> (status :Wire.Status, position :UInt64);
  logStats @25 () -> (status :Wire.Status, stats :Wire.LogStats);
  verify @26 () -> (status :Wire.Status, report :Wire.VerifyReport);
  # Catch-up subscription from `from` (inclusive): history, then live
  # events, pushed to `consumer` in position order. Flow control is the
  # stream's: the server reads the next batch only when the consumer has
  # taken the last, so a slow consumer never grows the server's memory.
  # Dropping the returned handle (or the connection) ends it.
  # With a non-empty `filter` only matching events are pushed (evaluated
  # here, on the server); `deliver`'s examinedTo still advances over the
  # events skipped, so the consumer can checkpoint past them.
  subscribe @27 (from :UInt64, consumer :Consumer, filter :Wire.EventFilter)
      -> (status :Wire.Status, handle :Handle);
  # A consistent copy of the live store (a RocksDB checkpoint), sent file
  # by file to `sink`.
  backup @28 (sink :BackupSink) -> (status :Wire.Status, files :UInt32, bytes :UInt64);

  # ---- credentials (operator) ----------------------------------------------
  issueCredential @29 (kind :IdentityKind, subject :Text, note :Text)
      -> (status :Wire.Status, credentialId :Text, secret :Text);
  revokeCredential @30 (credentialId :Text, reason :Text) -> (status :Wire.Status);
  listCredentials @31 () -> (status :Wire.Status, credentials :List(CredentialInfo));

  # ---- resident proof by phone, lookup budgets, imports --------------------
  residentFeedbackByPhone @32 (phone :Text, queryCode :Text, caseId :Text, satisfaction :UInt8,
                               fixed :Bool, comment :Text) -> (status :Wire.Status, view :Wire.CaseView);
  caseLookupTries @33 (caseId :Text) -> (status :Wire.Status, tries :LookupTries);
  phoneLookupTries @34 (phone :Text) -> (status :Wire.Status, tries :LookupTries);
  # Engine::Import (operators and integrations): all requests or none.
  import @35 (requests :List(ImportedCase)) -> (status :Wire.Status, outcomes :List(ImportOutcome));

  # ---- the log's further verbs (operator) ------------------------------------
  # EventLog::AppendMulti: every part lands in one commit, or none does.
  appendMulti @36 (parts :List(StreamAppendPart), durable :Bool)
      -> (status :Wire.Status, results :List(Wire.AppendResult));
  # EventLog::ReadFiltered: matching events (stored bytes) from `from`, at
  # most `limit`, looking at most at `maxExamined` events (0: the server's
  # bound); continue from examinedTo + 1.
  readFiltered @37 (from :UInt64, limit :UInt32, filter :Wire.EventFilter, maxExamined :UInt32)
      -> (status :Wire.Status, events :List(Data), examinedTo :UInt64);
  # EventLog::SeekTime / SeekStreamTime (UTC microseconds).
  seekTime @38 (at :Int64) -> (status :Wire.Status, position :UInt64);
  seekStreamTime @39 (stream :Text, at :Int64) -> (status :Wire.Status, version :UInt64);
  # Engine::Partition: the store's district code, "" when it has none.
  partition @40 () -> (status :Wire.Status, partition :Text);
  # Engine::Rebuild (operator): builds the next generation of the read
  # models while the live one keeps serving and taking commits, and answers
  # once it has switched to it; `events` is the log's position then. One at
  # a time: another is refused (unavailable) while one runs.
  rebuild @41 () -> (status :Wire.Status, events :UInt64);
  # Engine::Metrics (operator): the engine's counters, and where its read
  # models are (position, generation on disk, a background build's progress).
  metrics @42 () -> (status :Wire.Status, metrics :Wire.EngineMetrics);
}

struct StreamAppendPart {
  stream @0 :Text;
  expected @1 :Wire.ExpectedVersion;
  events @2 :List(Data);  # Envelopes as for `append`
}

struct LookupTries {
  remaining @0 :UInt32;
  lockedUntil @1 :Int64;  # 0: not locked
}

struct ImportedCase {
  filing @0 :Wire.FileCase;
  sourceSystem @1 :Text;
  closed @2 :Bool;
  closedAt @3 :Int64;
  closedNote @4 :Text;
  originalStream @5 :Text;
  originalType @6 :Text;
  original @7 :Text;
}

struct ImportOutcome {
  caseId @0 :Text;
  gridCode @1 :Text;
  alreadyImported @2 :Bool;
}

interface Consumer {
  # A batch of events (stored bytes): consecutive positions, or for a
  # filtered subscription the matching ones. Every event up to examinedTo
  # has been looked at (0 from servers before filters: the last event's
  # position); a filtered batch may hold no events, only progress. The
  # next batch follows when this call's flow-control window allows.
  deliver @0 (events :List(Data), examinedTo :UInt64) -> stream;
  # The subscription ended: status OK when the server is shutting down.
  ended @1 (status :Wire.Status) -> ();
}

interface Handle {}

interface BackupSink {
  beginFile @0 (name :Text, size :UInt64) -> ();
  write @1 (data :Data) -> stream;
  endFile @2 () -> ();
}

struct CredentialInfo {
  credentialId @0 :Text;
  kind @1 :IdentityKind;
  subject @2 :Text;
  note @3 :Text;
  issuedAt @4 :Int64;
  issuedBy @5 :Text;
  revoked @6 :Bool;
  revokedAt @7 :Int64;
  revokedBy @8 :Text;
  reason @9 :Text;
}

# Stored in the log (stream "credentials", as OpaqueEvents whose data is
# one of these messages): who issued or revoked which credential, when.
# Only a keyed hash (BLAKE2b, key outside the log) of the secret is kept.
struct CredentialIssued {
  credentialId @0 :Text;
  kind @1 :IdentityKind;
  subject @2 :Text;
  note @3 :Text;
  secretHash @4 :Data;
}
struct CredentialRevoked {
  credentialId @0 :Text;
  reason @1 :Text;
}

# One filing waiting in a client's outbox (gridledger/outbox.h): a file per
# entry in the outbox directory, written with fsync and renamed into place.
struct OutboxEntry {
  requestId @0 :Text;
  request @1 :Wire.FileCase;
  queuedAt @2 :Int64;
}
