// JetStreamSink: the Forwarder's NATS JetStream destination (jetstream.h).
//
// Send hands a batch to the connection and returns without waiting: every
// message but the last as a plain publish, the last with
// js_PublishMsgAsync, whose ack (on libnats' thread, OnAck) confirms the
// whole batch; Confirmed reports the highest position acked. Each message
// carries Nats-Expected-Last-Sequence = position - 1, so the stream leader
// stores it only right after its predecessor: if an earlier message was lost, every later one in
// flight is refused, never stored out of order, and an ack of position p confirms every position up
// to p. Each ack's sequence is checked against the event's position. After any error the Forwarder
// disconnects and asks Tail() again, which reads the truth from the stream.

#include <nats/nats.h>

#include <algorithm>
#include <charconv>
#include <condition_variable>
#include <cstring>
#include <fstream>
#include <mutex>
#include <vector>

#include "gridledger/jetstream.h"
#include "nats_connection.h"

namespace gridledger {
namespace {

using jetstream_internal::Connection;
using jetstream_internal::LeaseBucket;
using jetstream_internal::LeaseSpan;
using jetstream_internal::NatsError;
using jetstream_internal::SplitServers;
using jetstream_internal::StreamInfo;
using jetstream_internal::StreamStateRaw;

bool AllDigits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

std::string Token(std::string_view s) {
  std::string t;
  for (char c : s) {
    bool ok = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
              c == '_' || c == '-';
    t += ok ? c : '_';
  }
  return t.empty() ? "_" : t;
}

Status CreateStream(jsCtx* js, const JetStreamOptions& o) {
  jsStreamConfig cfg;
  jsStreamConfig_Init(&cfg);
  std::string subject = o.subject_prefix + "." + o.district + ".>";
  const char* subjects[] = {subject.c_str()};
  std::string description = "GridLedger partition " + o.district + ": sequence = log position";
  cfg.Name = o.stream.c_str();
  cfg.Description = description.c_str();
  cfg.Subjects = subjects;
  cfg.SubjectsLen = 1;
  cfg.Retention = js_LimitsPolicy;
  cfg.MaxMsgs = -1;
  cfg.MaxBytes = -1;
  cfg.MaxAge = 0;
  cfg.MaxMsgsPerSubject = -1;
  cfg.Storage = js_FileStorage;
  cfg.Replicas = o.replicas;
  cfg.Duplicates = int64_t{120} * 1000 * 1000 * 1000;  // ns
  cfg.DenyDelete = true;
  cfg.DenyPurge = true;
  cfg.Discard = js_DiscardNew;
  jsStreamInfo* si = nullptr;
  jsErrCode jerr = jsErrCode(0);
  natsStatus s = js_AddStream(&si, js, &cfg, nullptr, &jerr);
  if (si != nullptr) jsStreamInfo_Destroy(si);
  if (s != NATS_OK) return Status::Unavailable(NatsError("creating stream " + o.stream, s, jerr));
  return Status::Ok();
}

class JetStreamSink final : public ForwardSink {
 public:
  explicit JetStreamSink(JetStreamOptions options) : options_(std::move(options)) {}
  ~JetStreamSink() override { Disconnect(); }

  Result<SinkTail> Tail() override {
    if (conn_.nc == nullptr) GL_RETURN_IF_ERROR(conn_.Open(options_, &OnAck, this));
    GL_ASSIGN_OR_RETURN(SinkTail tail, ReadTail());
    std::lock_guard lock(mu_);
    confirmed_ = tail.position.value;
    pending_ = 0;
    refused_ = 0;
    first_error_.clear();
    return tail;
  }

  Status Send(std::span<const ForwardEvent> events) override {
    if (conn_.js == nullptr) return Status::Unavailable("not connected");
    if (events.empty()) return Status::Ok();
    if (!options_.lease_bucket.empty()) {
      GL_RETURN_IF_ERROR(KeepAlive());
      // Nothing goes out under a lease this node cannot vouch for.
      if (std::chrono::steady_clock::now() >= valid_until_)
        return Status::Unavailable("the lease of " + options_.district +
                                   " was not renewed in time");
    }
    {
      std::lock_guard lock(mu_);
      // The sink's timeout counts from the moment something is in flight.
      if (pending_ == 0) progress_at_ = std::chrono::steady_clock::now();
    }
    std::string subject, id, position, expected, stream, type;
    for (size_t i = 0; i < events.size(); ++i) {
      const ForwardEvent& e = events[i];
      // Only the batch's last message asks for an ack: the stream stores
      // position p only right after p - 1 (the expected-last-sequence
      // check), so the ack of the last confirms the whole batch, and a
      // refusal of any earlier one makes the last refused too. The others
      // go out as plain publishes on the same connection, in order, and
      // cost neither the server nor this process an ack each.
      const bool acked = i + 1 == events.size();
      subject = JetStreamSubject(options_, e.grid_code, e.type);
      id = e.id.ToString();
      position = std::to_string(e.position.value);
      expected = std::to_string(e.position.value - 1);
      stream.assign(e.stream);
      type.assign(e.type);
      natsMsg* msg = nullptr;
      natsStatus s = natsMsg_Create(&msg, subject.c_str(), nullptr, e.bytes.data(),
                                    static_cast<int>(e.bytes.size()));
      if (s == NATS_OK) s = natsMsgHeader_Set(msg, "Nats-Expected-Last-Sequence", expected.c_str());
      if (s == NATS_OK) s = natsMsgHeader_Set(msg, kHeaderPosition.data(), position.c_str());
      if (s == NATS_OK) s = natsMsgHeader_Set(msg, kHeaderStream.data(), stream.c_str());
      if (s == NATS_OK) s = natsMsgHeader_Set(msg, kHeaderType.data(), type.c_str());
      if (s == NATS_OK) s = natsMsgHeader_Set(msg, "Nats-Msg-Id", id.c_str());
      if (s == NATS_OK && !acked) {
        s = natsConnection_PublishMsg(conn_.nc, msg);
      } else if (s == NATS_OK) {
        jsPubOptions po;
        jsPubOptions_Init(&po);
        po.MaxWait = options_.timeout.count();
        {
          // Counted before it goes out: its ack may arrive on libnats'
          // thread before js_PublishMsgAsync returns.
          std::lock_guard lock(mu_);
          pending_++;
        }
        s = js_PublishMsgAsync(conn_.js, &msg, &po);
        if (s != NATS_OK) {
          std::lock_guard lock(mu_);
          pending_--;  // not sent: no ack will come for it
        }
      }
      if (msg != nullptr) natsMsg_Destroy(msg);  // NULL once the library owns it
      if (s != NATS_OK) return Status::Unavailable(NatsError("publishing position " + position, s));
    }
    return Status::Ok();
  }

  Result<Position> Confirmed(Position beyond, std::chrono::milliseconds wait) override {
    std::unique_lock lock(mu_);
    ack_cv_.wait_for(lock, wait,
                     [&] { return refused_ > 0 || confirmed_ > beyond.value || pending_ == 0; });
    if (refused_ > 0)
      return Status::Unavailable(std::to_string(refused_) + " events refused: " + first_error_);
    if (pending_ > 0 && std::chrono::steady_clock::now() - progress_at_ > options_.timeout)
      return Status::Unavailable(NatsError("waiting for acks (" + std::to_string(pending_) +
                                               " unanswered after position " +
                                               std::to_string(confirmed_) + ")",
                                           NATS_TIMEOUT));
    return Position{confirmed_};
  }

  // The primary renews its lease every quarter of its span, busy or idle,
  // so that it keeps it (and its writes, valid for half the span after each
  // renewal's send) and a standby that takes over lapsed leases does not
  // take a live primary's.
  Status KeepAlive() override {
    if (options_.lease_bucket.empty() || conn_.js == nullptr) return Status::Ok();
    if (std::chrono::steady_clock::now() - renew_sent_ < span_ / 4) return Status::Ok();
    return RenewLease();
  }

  std::optional<SinkLease> Lease() const override {
    if (options_.lease_bucket.empty()) return std::nullopt;
    return SinkLease{"partition " + options_.district + "'s lease in " + options_.lease_bucket,
                     valid_until_};
  }

  void Disconnect() override {
    if (kv_ != nullptr) kvStore_Destroy(kv_);
    kv_ = nullptr;
    conn_.Close();
  }

  std::string Describe() const override {
    return "jetstream:" + options_.stream + "@" + options_.servers;
  }

 private:
  static void OnAck(jsCtx*, natsMsg* msg, jsPubAck* pa, jsPubAckErr* pae, void* closure) {
    auto* self = static_cast<JetStreamSink*>(closure);
    const char* pos_text = nullptr;
    uint64_t position = 0;
    if (natsMsgHeader_Get(msg, kHeaderPosition.data(), &pos_text) == NATS_OK)
      std::from_chars(pos_text, pos_text + std::strlen(pos_text), position);
    {
      std::lock_guard lock(self->mu_);
      std::string error;
      if (self->pending_ > 0) self->pending_--;
      if (pae != nullptr) {
        error = "position " + std::to_string(position) + ": " + natsStatus_GetText(pae->Err);
        if (pae->ErrCode != 0) error += " (JetStream error " + std::to_string(pae->ErrCode) + ")";
        if (pae->ErrText != nullptr) error += " " + std::string(pae->ErrText);
      } else if (pa == nullptr || pa->Sequence != position) {
        error = "position " + std::to_string(position) + " was stored at sequence " +
                std::to_string(pa != nullptr ? pa->Sequence : 0);
      }
      if (error.empty()) {
        // The stream stores position p only right after p - 1, so an ack
        // of p confirms every position up to it.
        if (position > self->confirmed_) {
          self->confirmed_ = position;
          self->progress_at_ = std::chrono::steady_clock::now();
        }
      } else {
        self->refused_++;
        if (self->first_error_.empty()) self->first_error_ = error;
      }
    }
    self->ack_cv_.notify_all();
    natsMsg_Destroy(msg);
  }

  // The lease first (when one is used), then the stream's last message.
  Result<SinkTail> ReadTail() {
    if (!options_.lease_bucket.empty()) GL_RETURN_IF_ERROR(AcquireLease());
    GL_ASSIGN_OR_RETURN(StreamStateRaw raw, StreamInfo(conn_.js, options_));
    if (!raw.found) {
      if (!options_.create_stream)
        return Status::Unavailable("stream " + options_.stream + " does not exist");
      GL_RETURN_IF_ERROR(CreateStream(conn_.js, options_));
      return SinkTail{};
    }
    const JetStreamState& st = raw.state;
    if (st.last_sequence == 0) return SinkTail{};
    if (st.first_sequence != 1 || st.messages != st.last_sequence)
      return Status::Corruption(
          "stream " + options_.stream + " holds " + std::to_string(st.messages) +
          " messages for sequences " + std::to_string(st.first_sequence) + ".." +
          std::to_string(st.last_sequence) + ": it is not a gap-free copy of the log");
    natsMsg* msg = nullptr;
    jsErrCode jerr = jsErrCode(0);
    natsStatus s =
        js_GetMsg(&msg, conn_.js, options_.stream.c_str(), st.last_sequence, nullptr, &jerr);
    if (s != NATS_OK)
      return Status::Unavailable(NatsError("reading the stream's last message", s, jerr));
    const char* id_text = nullptr;
    s = natsMsgHeader_Get(msg, "Nats-Msg-Id", &id_text);
    Result<EventId> id = s == NATS_OK ? EventId::Parse(id_text)
                                      : Result<EventId>(Status::Corruption("no Nats-Msg-Id"));
    natsMsg_Destroy(msg);
    if (!id.ok())
      return Status::Corruption("stream " + options_.stream + "'s message " +
                                std::to_string(st.last_sequence) +
                                " is not a GridLedger event: " + id.error().ToString());
    return SinkTail{Position{st.last_sequence}, *id};
  }

  std::string Fenced(const std::string& other) const {
    return "partition " + options_.district + "'s lease in " + options_.lease_bucket +
           " is held by " + other + ", not " + options_.lease_holder +
           ": another node was promoted";
  }

  // A renewal sent at `sent` was confirmed: nobody else can hold the lease
  // before `sent` + span (the key lapses no sooner); this node vouches for
  // half of that, the rest being the margin for clock rates and for a
  // commit in flight (docs/scaling.md, fencing).
  void Confirm(std::chrono::steady_clock::time_point sent) {
    renew_sent_ = sent;
    valid_until_ = sent + span_ / 2;
  }

  // Takes the lease when free, keeps it when ours (renewing it).
  Status AcquireLease() {
    if (kv_ == nullptr) {
      GL_ASSIGN_OR_RETURN(kv_, LeaseBucket(conn_.js, options_));
      span_ = std::min(LeaseSpan(kv_, options_), options_.lease_ttl);
    }
    const char* key = options_.district.c_str();
    kvEntry* e = nullptr;
    const auto sent = std::chrono::steady_clock::now();
    natsStatus s = kvStore_Get(&e, kv_, key);
    if (s == NATS_NOT_FOUND) {
      s = kvStore_CreateString(&lease_revision_, kv_, key, options_.lease_holder.c_str());
      if (s != NATS_OK)
        return Status::Unavailable(NatsError("taking the lease of " + options_.district, s));
      Confirm(sent);
      return Status::Ok();
    }
    if (s != NATS_OK) return Status::Unavailable(NatsError("reading the lease", s));
    std::string holder = kvEntry_ValueString(e);
    uint64_t revision = kvEntry_Revision(e);
    kvEntry_Destroy(e);
    if (holder != options_.lease_holder) return Status::PermissionDenied(Fenced(holder));
    lease_revision_ = revision;
    return RenewLease();
  }

  // A revision-checked update: fails when anyone changed the lease since.
  Status RenewLease() {
    if (kv_ == nullptr) return Status::Unavailable("no lease");
    uint64_t revision = 0;
    const auto sent = std::chrono::steady_clock::now();
    natsStatus s = kvStore_UpdateString(&revision, kv_, options_.district.c_str(),
                                        options_.lease_holder.c_str(), lease_revision_);
    if (s == NATS_OK) {
      lease_revision_ = revision;
      Confirm(sent);
      return Status::Ok();
    }
    // Refused or unreachable: find out which.
    kvEntry* e = nullptr;
    natsStatus g = kvStore_Get(&e, kv_, options_.district.c_str());
    if (g == NATS_OK) {
      std::string holder = kvEntry_ValueString(e);
      kvEntry_Destroy(e);
      if (holder != options_.lease_holder) return Status::PermissionDenied(Fenced(holder));
    } else if (g == NATS_NOT_FOUND) {
      // Expired (this node was away longer than the TTL): take it again
      // only if nobody else did in between.
      return AcquireLease();
    }
    return Status::Unavailable(NatsError("renewing the lease", s));
  }

  JetStreamOptions options_;
  Connection conn_;
  kvStore* kv_ = nullptr;
  uint64_t lease_revision_ = 0;
  // The lease's span (LeaseSpan, capped by lease_ttl), when the last
  // confirmed renewal was sent, and until when this node vouches for it.
  std::chrono::milliseconds span_ = options_.lease_ttl;
  std::chrono::steady_clock::time_point renew_sent_{};
  std::chrono::steady_clock::time_point valid_until_{};
  std::mutex mu_;
  std::condition_variable ack_cv_;
  // Since the last Tail: the messages sent and not yet answered, the last
  // position the stream confirmed, when a confirmation last came (or the
  // first message went out), and the refusals.
  size_t pending_ = 0;
  uint64_t confirmed_ = 0;
  std::chrono::steady_clock::time_point progress_at_{};
  size_t refused_ = 0;
  std::string first_error_;
};

}  // namespace

Result<JetStreamOptions> ValidateJetStreamOptions(JetStreamOptions o) {
  if (SplitServers(o.servers).empty())
    return Status::InvalidArgument("JetStream: no NATS server URL given");
  if (o.district.size() != 6 || !AllDigits(o.district))
    return Status::InvalidArgument("JetStream: the partition's district must be 6 digits, not '" +
                                   o.district + "'");
  if (o.stream.empty()) o.stream = "GL_" + o.district;
  for (char c : o.stream)
    if (c == '.' || c == '*' || c == '>' || c == ' ' || c == '/' || c == '\\')
      return Status::InvalidArgument("JetStream: bad stream name '" + o.stream + "'");
  if (o.subject_prefix.empty() || o.subject_prefix.front() == '.' ||
      o.subject_prefix.back() == '.' || o.subject_prefix.find_first_of("*> ") != std::string::npos)
    return Status::InvalidArgument("JetStream: bad subject prefix '" + o.subject_prefix + "'");
  if (o.replicas < 1 || o.replicas > 5)
    return Status::InvalidArgument("JetStream: replicas must be 1..5");
  if (o.timeout.count() <= 0) return Status::InvalidArgument("JetStream: timeout must be > 0");
  if (!o.lease_bucket.empty() && o.lease_ttl.count() <= 0)
    return Status::InvalidArgument("JetStream: the lease TTL must be > 0");
  if (!o.password_file.empty() && o.user.empty())
    return Status::InvalidArgument("JetStream: a password file needs a user");
  if (o.tls_cert_file.empty() != o.tls_key_file.empty())
    return Status::InvalidArgument(
        "JetStream: a client certificate needs its key, and a key its "
        "certificate");
  return o;
}

std::string JetStreamSubject(const JetStreamOptions& o, std::string_view grid,
                             std::string_view type) {
  std::string street = "_", community = "_", cell = "_";
  if (AllDigits(grid) && grid.size() >= 9 && grid.substr(0, 6) == o.district) {
    street = std::string(grid.substr(6, 3));
    if (grid.size() >= 12) community = std::string(grid.substr(9, 3));
    if (grid.size() > 12) cell = std::string(grid.substr(12));
  }
  return o.subject_prefix + "." + o.district + "." + street + "." + community + "." + cell + "." +
         Token(type);
}

Result<std::unique_ptr<ForwardSink>> MakeJetStreamSink(JetStreamOptions options) {
  GL_ASSIGN_OR_RETURN(JetStreamOptions valid, ValidateJetStreamOptions(std::move(options)));
  if (!valid.lease_bucket.empty() && valid.lease_holder.empty())
    return Status::InvalidArgument("JetStream: a lease needs a holder name");
  return std::unique_ptr<ForwardSink>(std::make_unique<JetStreamSink>(std::move(valid)));
}

Result<JetStreamState> ReadJetStreamState(const JetStreamOptions& options) {
  GL_ASSIGN_OR_RETURN(JetStreamOptions o, ValidateJetStreamOptions(options));
  Connection conn;
  GL_RETURN_IF_ERROR(conn.Open(o, nullptr, nullptr));
  GL_ASSIGN_OR_RETURN(StreamStateRaw raw, StreamInfo(conn.js, o));
  if (!raw.found) return Status::NotFound("stream " + o.stream + " does not exist");
  return raw.state;
}

Result<LeaseTaken> TakeJetStreamLease(const JetStreamOptions& options, const std::string& holder) {
  GL_ASSIGN_OR_RETURN(JetStreamOptions o, ValidateJetStreamOptions(options));
  if (o.lease_bucket.empty()) return Status::InvalidArgument("JetStream: no lease bucket given");
  Connection conn;
  GL_RETURN_IF_ERROR(conn.Open(o, nullptr, nullptr));
  GL_ASSIGN_OR_RETURN(kvStore * kv, LeaseBucket(conn.js, o));
  LeaseTaken taken;
  taken.old_holder_writes_for = LeaseSpan(kv, o);
  natsStatus s = kvStore_PutString(&taken.revision, kv, o.district.c_str(), holder.c_str());
  kvStore_Destroy(kv);
  if (s != NATS_OK) return Status::Unavailable(NatsError("giving the lease to " + holder, s));
  return taken;
}

}  // namespace gridledger
