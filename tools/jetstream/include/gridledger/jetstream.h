// The NATS JetStream sink of the Forwarder (gridledger/forwarder.h): one
// stream per partition, one message per event, stream sequence = position.
//
// Subjects follow the jurisdiction so that consumers can filter with NATS
// wildcards: <prefix>.<district>.<street>.<community>.<grid>.<event type>,
// e.g. gridledger.411302.001.001.01.caseFiled. The grid code's parts come
// from the event's grid code (DOMAIN.md: district 6 + street 3 +
// community 3 + grid 2-6 digits); a part the code does not reach, an event
// without a grid code, or one from another district, has "_" there:
// gridledger.411302._._._.credentialIssued. The stream takes
// <prefix>.<district>.>.
//
// The body is the event's stored bytes (its Cap'n Proto Envelope with the
// chain hash, schemas/events.capnp). Headers: Nats-Msg-Id (the event id),
// Nats-Expected-Last-Sequence (position - 1, so JetStream refuses anything
// that does not follow on), GridLedger-Position, GridLedger-Stream,
// GridLedger-Type.
//
// No NATS type appears here; libnats (Debian libnats-dev) is private to
// the gridledger_jetstream library.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "gridledger/event_log.h"
#include "gridledger/forwarder.h"
#include "gridledger/standby.h"
#include "gridledger/status.h"

namespace gridledger {

inline constexpr std::string_view kHeaderPosition = "GridLedger-Position";
inline constexpr std::string_view kHeaderStream = "GridLedger-Stream";
inline constexpr std::string_view kHeaderType = "GridLedger-Type";

struct JetStreamOptions {
  // NATS URLs of the cluster, comma-separated ("nats://10.0.0.1:4222,...").
  // Required.
  std::string servers;
  // The partition's district code (6 digits, GB/T 2260). Required.
  std::string district;
  // The partition's stream.
  // Default: "GL_" + district
  std::string stream;
  // First subject token(s). A city hub may use "gridledger.4113" so that
  // "gridledger.4113.>" takes all of the city's districts.
  // Default: "gridledger"
  std::string subject_prefix = "gridledger";
  // Create the stream when it does not exist (file storage, no limits,
  // deletes and purges denied, 2 min duplicate window).
  // Default: true
  bool create_stream = true;
  // Replicas of a stream this sink creates (1, 3 or 5).
  // Default: 1
  int replicas = 1;
  // Longest wait for a JetStream request, or for one batch's acks.
  // Default: 5 s
  std::chrono::milliseconds timeout{5000};
  // Fencing: when not empty, the sink holds the partition's lease in this
  // JetStream key-value bucket (key = district, value = `lease_holder`):
  // taken at Tail() when free or already ours, renewed with a
  // revision-checked update every quarter of its span (the bucket's TTL,
  // capped by `lease_ttl`), busy or idle. Each confirmed renewal makes the
  // node's writes valid for half the span from the renewal's send
  // (ForwardSink::Lease, SetWriteLease in replica.h): a node that cannot
  // renew stops acknowledging writes and publishing before anyone else
  // can take the lease. When another holder has it (a promoted standby,
  // TakeJetStreamLease) Tail and Send fail with kPermissionDenied and the
  // Forwarder fences the log. The bucket's TTL (`lease_ttl` when this
  // sink creates it) frees the lease of a primary that died.
  // Default: "" (no lease)
  std::string lease_bucket;
  // Who holds the lease. Default: "" (required with lease_bucket)
  std::string lease_holder;
  // Default: 10 s
  std::chrono::milliseconds lease_ttl{10000};
  // Connection name shown by the server's monitoring.
  // Default: "gridledger-forwarder"
  std::string connection_name = "gridledger-forwarder";

  // ---- who connects, and over what (a city hub's cluster is not open) ----
  // A NATS credentials file (JWT and NKey seed, as `nsc` writes it): the
  // decentralised accounts of a shared cluster. Default: "" (none)
  std::string credentials_file;
  // User and password of the server's `authorization` block. The password
  // is read from `password_file` (its first line), never given on a
  // command line. Default: "" (none)
  std::string user;
  std::string password_file;
  // TLS: the CA that signed the servers' certificates (given: every
  // connection is TLS and the servers' names are verified), and this
  // node's client certificate and key when the cluster asks for one
  // (`verify: true`). "tls://" URLs also ask for TLS. Default: "" (plain)
  std::string tls_ca_file;
  std::string tls_cert_file;
  std::string tls_key_file;
};

// Fills the defaults and checks the options: kInvalidArgument names the
// first problem.
GRIDLEDGER_EXPORT Result<JetStreamOptions> ValidateJetStreamOptions(JetStreamOptions options);

// The subject an event of `type` in `grid_code` is published on.
GRIDLEDGER_EXPORT std::string JetStreamSubject(const JetStreamOptions& options,
                                               std::string_view grid_code, std::string_view type);

// A sink that publishes into the partition's stream. Does not connect yet
// (the Forwarder's first Tail does). kInvalidArgument for bad options.
GRIDLEDGER_EXPORT Result<std::unique_ptr<ForwardSink>> MakeJetStreamSink(JetStreamOptions options);

// What a stream holds, read from the cluster (for `gridledger forward
// status` and tests): its last sequence (= last forwarded position) and
// message count. kNotFound when the stream does not exist, kUnavailable
// when the cluster cannot be reached.
struct JetStreamState {
  uint64_t messages = 0;
  uint64_t first_sequence = 0;
  uint64_t last_sequence = 0;
  uint64_t bytes = 0;
  int replicas = 0;
};
GRIDLEDGER_EXPORT Result<JetStreamState> ReadJetStreamState(const JetStreamOptions& options);

// Promotion: gives the partition's lease to `holder` whoever held it (an
// unconditional put; the old holder's next revision-checked renewal fails
// and its Forwarder fences its log). Creates the bucket when missing.
struct LeaseTaken {
  uint64_t revision = 0;  // the lease's new revision
  // How long from the put the old holder may still acknowledge writes: it
  // vouches for its lease at most half a span past its last renewal, and
  // that renewal came before the put; this is the whole span (the
  // bucket's TTL), the other half the margin. Wait it out before a copy
  // restored from the stream takes writes (`gridledger forward promote`
  // does).
  std::chrono::milliseconds old_holder_writes_for{0};
};
GRIDLEDGER_EXPORT Result<LeaseTaken> TakeJetStreamLease(const JetStreamOptions& options,
                                                        const std::string& holder);

// Reads the partition's stream back as the log stored it: from sequence
// `from` up to the stream's last sequence when the call starts, in order,
// in batches of at most `batch_events` StoredEvents (position = sequence,
// bytes = the message body), each handed to `deliver`. For restoring a
// data directory (gridledger/replica.h) or a standby. Stops at the first
// error `deliver` returns and returns it; kCorruption when a sequence is
// missing or a message's GridLedger-Position differs from its sequence;
// kUnavailable when the cluster cannot be reached or stops delivering for
// `options.timeout`.
GRIDLEDGER_EXPORT Status ReadJetStream(
    const JetStreamOptions& options, Position from,
    const std::function<Status(std::vector<StoredEvent>)>& deliver, size_t batch_events = 1000);

// Follows the partition's stream live, for a standby: hands every message
// from sequence `from` on to `deliver` as a StoredEvent (position =
// sequence, bytes = the body), in order, and keeps waiting for more until
// `stop()` returns true (checked at least every 200 ms; then returns OK).
// A batch (at most `batch_events`) is delivered as soon as no further
// message is waiting, so a newly stored message reaches `deliver` within
// milliseconds; a backlog arrives in full batches. One ordered push
// consumer for the whole call (libnats re-creates it from the next
// sequence after a missed heartbeat), never a re-read of the stream.
// Returns the first error `deliver` returns, as it is; kNotFound when the
// stream does not exist; kUnavailable when the cluster cannot be reached or
// the connection is lost for good; kCorruption when a sequence is missing
// or a message's GridLedger-Position differs from its sequence. Whatever
// it returns, everything delivered was delivered in order: the caller
// resumes from its own position.
GRIDLEDGER_EXPORT Status
FollowJetStream(const JetStreamOptions& options, Position from,
                const std::function<Status(std::vector<StoredEvent>)>& deliver,
                const std::function<bool()>& stop, size_t batch_events = 512);

// The Standby's source (gridledger/standby.h) for the partition's stream:
// Follow is FollowJetStream; Last reads the stream's last sequence; Claim
// reads the lease in `options.lease_bucket` (key = district) and is ours
// when it names `options.lease_holder` (an operator's `forward promote`);
// with `take_over`, also when the key is gone (the primary stopped renewing
// for longer than the bucket's TTL) and this node's revision-checked
// create of it succeeded, which at most one node can win. The claim's
// others_may_write_for is the bucket's TTL (lease_ttl when it has none).
// kInvalidArgument for bad options or a missing lease bucket or holder.
GRIDLEDGER_EXPORT Result<std::unique_ptr<StandbySource>> MakeJetStreamStandbySource(
    JetStreamOptions options, bool take_over);

// The same source for a replica that only reads (a city hub, CityHub in
// gridledger/city_hub.h): Follow and Last as above, and Claim never ours,
// without reading any lease. kInvalidArgument for bad options.
GRIDLEDGER_EXPORT Result<std::unique_ptr<StandbySource>> MakeJetStreamFollowSource(
    JetStreamOptions options);

}  // namespace gridledger
