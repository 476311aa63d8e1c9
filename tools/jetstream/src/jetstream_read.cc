// Reading a partition's stream back as the log stored it (jetstream.h):
// ReadJetStream up to the stream's last sequence when it starts (restore,
// city replicas), FollowJetStream live for as long as the caller wants (a
// standby). Both are ordered push consumers: libnats re-creates the
// consumer after a missed heartbeat or a gap, from the sequence after the
// last one it delivered, so nothing is skipped or delivered twice; both
// check sequence = GridLedger-Position = the next position anyway.

#include <nats/nats.h>

#include <algorithm>
#include <charconv>
#include <cstring>
#include <memory>

#include "gridledger/jetstream.h"
#include "nats_connection.h"

namespace gridledger {
namespace {

// How long one wait for the next message lasts while following: the
// longest a stop request waits.
constexpr int64_t kFollowPollMs = 200;

using jetstream_internal::Connection;
using jetstream_internal::NatsError;
using jetstream_internal::StreamInfo;
using jetstream_internal::StreamStateRaw;

// Message `m` as the StoredEvent at position `expected`: kCorruption when
// its stream sequence or its GridLedger-Position header is another.
Result<StoredEvent> StoredEventOf(natsMsg* m, uint64_t expected, const std::string& stream) {
  jsMsgMetaData* meta = nullptr;
  uint64_t seq = 0;
  if (natsMsg_GetMetaData(&meta, m) == NATS_OK) {
    seq = meta->Sequence.Stream;
    jsMsgMetaData_Destroy(meta);
  }
  const char* pos = nullptr;
  uint64_t position = 0;
  if (natsMsgHeader_Get(m, kHeaderPosition.data(), &pos) == NATS_OK)
    std::from_chars(pos, pos + std::strlen(pos), position);
  if (seq != expected || position != seq)
    return Status::Corruption("stream " + stream + ": expected sequence " +
                              std::to_string(expected) + ", got sequence " + std::to_string(seq) +
                              " carrying position " + std::to_string(position));
  return StoredEvent{Position{seq}, std::string(natsMsg_GetData(m), natsMsg_GetDataLength(m))};
}

// An ordered consumer of the whole stream from sequence `from`.
Result<natsSubscription*> SubscribeFrom(Connection& conn, const JetStreamOptions& o,
                                        uint64_t from) {
  jsSubOptions so;
  jsSubOptions_Init(&so);
  so.Stream = o.stream.c_str();
  so.Ordered = true;
  so.Config.DeliverPolicy = js_DeliverByStartSequence;
  so.Config.OptStartSeq = from;
  std::string subject = o.subject_prefix + "." + o.district + ".>";
  natsSubscription* sub = nullptr;
  jsErrCode jerr = jsErrCode(0);
  natsStatus s = js_SubscribeSync(&sub, conn.js, subject.c_str(), nullptr, &so, &jerr);
  if (s != NATS_OK) return Status::Unavailable(NatsError("reading stream " + o.stream, s, jerr));
  return sub;
}

}  // namespace

Status ReadJetStream(const JetStreamOptions& options, Position from,
                     const std::function<Status(std::vector<StoredEvent>)>& deliver,
                     size_t batch_events) {
  GL_ASSIGN_OR_RETURN(JetStreamOptions o, ValidateJetStreamOptions(options));
  if (batch_events == 0) batch_events = 1;
  Connection conn;
  GL_RETURN_IF_ERROR(conn.Open(o, nullptr, nullptr));
  GL_ASSIGN_OR_RETURN(StreamStateRaw raw, StreamInfo(conn.js, o));
  if (!raw.found) return Status::NotFound("stream " + o.stream + " does not exist");
  const uint64_t last = raw.state.last_sequence;
  uint64_t next = std::max<uint64_t>(from.value, 1);
  if (next > last) return Status::Ok();
  GL_ASSIGN_OR_RETURN(natsSubscription * sub, SubscribeFrom(conn, o, next));
  Status result;
  std::vector<StoredEvent> batch;
  while (next <= last && result.ok()) {
    natsMsg* m = nullptr;
    natsStatus s = natsSubscription_NextMsg(&m, sub, o.timeout.count());
    if (s != NATS_OK) {
      result = Status::Unavailable(
          NatsError("reading stream " + o.stream + " at sequence " + std::to_string(next), s));
      break;
    }
    Result<StoredEvent> event = StoredEventOf(m, next, o.stream);
    if (!event.ok()) {
      natsMsg_Destroy(m);
      result = event.error();
      break;
    }
    batch.push_back(std::move(*event));
    natsMsg_Destroy(m);
    ++next;
    if (batch.size() >= batch_events || next > last) {
      result = deliver(std::move(batch));
      batch.clear();
    }
  }
  natsSubscription_Destroy(sub);
  return result;
}

Status FollowJetStream(const JetStreamOptions& options, Position from,
                       const std::function<Status(std::vector<StoredEvent>)>& deliver,
                       const std::function<bool()>& stop, size_t batch_events) {
  GL_ASSIGN_OR_RETURN(JetStreamOptions o, ValidateJetStreamOptions(options));
  if (batch_events == 0) batch_events = 1;
  Connection conn;
  GL_RETURN_IF_ERROR(conn.Open(o, nullptr, nullptr));
  GL_ASSIGN_OR_RETURN(StreamStateRaw raw, StreamInfo(conn.js, o));
  if (!raw.found) return Status::NotFound("stream " + o.stream + " does not exist");
  uint64_t next = std::max<uint64_t>(from.value, 1);
  GL_ASSIGN_OR_RETURN(natsSubscription * sub, SubscribeFrom(conn, o, next));
  std::unique_ptr<natsSubscription, void (*)(natsSubscription*)> owned(sub,
                                                                       &natsSubscription_Destroy);
  std::vector<StoredEvent> batch;
  while (!stop()) {
    natsMsg* m = nullptr;
    natsStatus s = natsSubscription_NextMsg(&m, sub, kFollowPollMs);
    if (s == NATS_TIMEOUT) {
      // Quiet: nothing new. A connection libnats gave up on is closed.
      if (natsConnection_Status(conn.nc) == NATS_CONN_STATUS_CLOSED)
        return Status::Unavailable("following stream " + o.stream +
                                   ": the connection to NATS was lost");
      continue;
    }
    if (s != NATS_OK)
      return Status::Unavailable(
          NatsError("following stream " + o.stream + " at sequence " + std::to_string(next), s));
    Result<StoredEvent> event = StoredEventOf(m, next, o.stream);
    natsMsg_Destroy(m);
    if (!event.ok()) return event.error();
    batch.push_back(std::move(*event));
    ++next;
    // Deliver as soon as nothing more is waiting: a new event reaches the
    // caller within milliseconds, a backlog in batches.
    int waiting = 0;
    int waiting_bytes = 0;
    if (natsSubscription_GetPending(sub, &waiting, &waiting_bytes) != NATS_OK) waiting = 0;
    if (batch.size() >= batch_events || waiting == 0) {
      GL_RETURN_IF_ERROR(deliver(std::move(batch)));
      batch.clear();
    }
  }
  return Status::Ok();
}

}  // namespace gridledger
