// JetStreamSink: the Forwarder's NATS JetStream destination (jetstream.h).
//
// Publish sends a whole batch with js_PublishMsgAsync (pipelined, one round
// trip per batch rather than per event) and waits for every ack. Each
// message carries Nats-Expected-Last-Sequence = position - 1, so the stream
// leader stores it only right after its predecessor: if an earlier message
// of the batch was lost, every later one is refused, never stored out of
// order. Each ack's sequence is checked against the event's position.
// After any error the Forwarder disconnects and asks Tail() again, which
// reads the truth from the stream.

#include <nats/nats.h>

#include <algorithm>
#include <charconv>
#include <condition_variable>
#include <cstring>
#include <fstream>
#include <mutex>
#include <vector>

#include "gridledger/jetstream.h"

namespace gridledger {
namespace {

std::string NatsError(std::string_view what, natsStatus s, jsErrCode code = jsErrCode(0)) {
  std::string m = std::string(what) + ": " + natsStatus_GetText(s);
  if (code != 0) m += " (JetStream error " + std::to_string(static_cast<int>(code)) + ")";
  const char* last = nats_GetLastError(nullptr);
  if (last != nullptr && *last != '\0') m += ": " + std::string(last);
  return m;
}

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

std::vector<std::string> SplitServers(const std::string& servers) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start <= servers.size()) {
    size_t comma = servers.find(',', start);
    if (comma == std::string::npos) comma = servers.size();
    std::string one = servers.substr(start, comma - start);
    while (!one.empty() && one.front() == ' ') one.erase(one.begin());
    while (!one.empty() && one.back() == ' ') one.pop_back();
    if (!one.empty()) out.push_back(one);
    start = comma + 1;
  }
  return out;
}

// The first line of `path`, without its line end.
Result<std::string> FirstLine(const std::string& path, const char* what) {
  std::ifstream in(path);
  std::string line;
  if (!in || !std::getline(in, line))
    return Status::InvalidArgument(std::string("JetStream: cannot read the ") + what + " file " +
                                   path);
  while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.pop_back();
  return line;
}

// Credentials and TLS (JetStreamOptions' last block) onto `opts`.
// kInvalidArgument names what could not be loaded.
Status SetIdentity(natsOptions* opts, const JetStreamOptions& o) {
  auto failed = [](const std::string& what, natsStatus s) {
    return Status::InvalidArgument(NatsError("JetStream: " + what, s));
  };
  natsStatus s = NATS_OK;
  if (!o.credentials_file.empty() && (s = natsOptions_SetUserCredentialsFromFiles(
                                          opts, o.credentials_file.c_str(), nullptr)) != NATS_OK)
    return failed("the credentials file " + o.credentials_file, s);
  if (!o.user.empty()) {
    std::string password;
    if (!o.password_file.empty()) {
      GL_ASSIGN_OR_RETURN(password, FirstLine(o.password_file, "password"));
    }
    if ((s = natsOptions_SetUserInfo(opts, o.user.c_str(), password.c_str())) != NATS_OK)
      return failed("the user", s);
  }
  if (!o.tls_ca_file.empty()) {
    if ((s = natsOptions_SetSecure(opts, true)) != NATS_OK) return failed("TLS", s);
    if ((s = natsOptions_LoadCATrustedCertificates(opts, o.tls_ca_file.c_str())) != NATS_OK)
      return failed("the CA file " + o.tls_ca_file, s);
  }
  if (!o.tls_cert_file.empty() &&
      (s = natsOptions_LoadCertificatesChain(opts, o.tls_cert_file.c_str(),
                                             o.tls_key_file.c_str())) != NATS_OK)
    return failed("the client certificate " + o.tls_cert_file, s);
  return Status::Ok();
}

// A connection and its JetStream context.
struct Connection {
  natsConnection* nc = nullptr;
  jsCtx* js = nullptr;

  ~Connection() { Close(); }
  void Close() {
    if (js != nullptr) jsCtx_Destroy(js);
    js = nullptr;
    if (nc != nullptr) natsConnection_Destroy(nc);
    nc = nullptr;
  }

  Status Open(const JetStreamOptions& o, jsPubAckHandler on_ack, void* closure) {
    Close();
    natsOptions* opts = nullptr;
    natsStatus s = natsOptions_Create(&opts);
    std::vector<std::string> servers = SplitServers(o.servers);
    std::vector<const char*> urls;
    for (const auto& u : servers) urls.push_back(u.c_str());
    if (s == NATS_OK) s = natsOptions_SetServers(opts, urls.data(), static_cast<int>(urls.size()));
    if (s == NATS_OK) s = natsOptions_SetTimeout(opts, o.timeout.count());
    if (s == NATS_OK) s = natsOptions_SetName(opts, o.connection_name.c_str());
    // The Forwarder reconnects itself after a failure (from the stream's
    // tail); libnats' own reconnects cover a node going away mid-batch.
    if (s == NATS_OK) s = natsOptions_SetMaxReconnect(opts, 10);
    if (s == NATS_OK) s = natsOptions_SetReconnectWait(opts, 100);
    Status identity = SetIdentity(opts, o);
    if (!identity.ok()) {
      natsOptions_Destroy(opts);
      return identity;
    }
    if (s == NATS_OK) s = natsConnection_Connect(&nc, opts);
    natsOptions_Destroy(opts);
    if (s != NATS_OK) {
      nc = nullptr;
      return Status::Unavailable(NatsError("connecting to NATS " + o.servers, s));
    }
    jsOptions jo;
    jsOptions_Init(&jo);
    jo.Wait = o.timeout.count();
    jo.PublishAsync.MaxPending = 1 << 16;
    jo.PublishAsync.AckHandler = on_ack;
    jo.PublishAsync.AckHandlerClosure = closure;
    s = natsConnection_JetStream(&js, nc, &jo);
    if (s != NATS_OK) {
      js = nullptr;
      Close();
      return Status::Unavailable(NatsError("JetStream context", s));
    }
    return Status::Ok();
  }
};

struct StreamStateRaw {
  JetStreamState state;
  bool found = false;
};

Result<StreamStateRaw> StreamInfo(jsCtx* js, const JetStreamOptions& o) {
  jsStreamInfo* si = nullptr;
  jsErrCode jerr = jsErrCode(0);
  natsStatus s = js_GetStreamInfo(&si, js, o.stream.c_str(), nullptr, &jerr);
  StreamStateRaw out;
  if (s == NATS_NOT_FOUND || jerr == JSStreamNotFoundErr) return out;
  if (s != NATS_OK)
    return Status::Unavailable(NatsError("reading stream " + o.stream + "'s state", s, jerr));
  out.found = true;
  out.state.messages = si->State.Msgs;
  out.state.first_sequence = si->State.FirstSeq;
  out.state.last_sequence = si->State.LastSeq;
  out.state.bytes = si->State.Bytes;
  out.state.replicas = si->Config != nullptr ? static_cast<int>(si->Config->Replicas) : 0;
  jsStreamInfo_Destroy(si);
  return out;
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

// The lease bucket, created (TTL = lease_ttl, history 1) when missing.
Result<kvStore*> LeaseBucket(jsCtx* js, const JetStreamOptions& o) {
  kvStore* kv = nullptr;
  natsStatus s = js_KeyValue(&kv, js, o.lease_bucket.c_str());
  if (s == NATS_OK) return kv;
  kvConfig cfg;
  kvConfig_Init(&cfg);
  cfg.Bucket = o.lease_bucket.c_str();
  cfg.History = 1;
  cfg.TTL = std::chrono::nanoseconds(o.lease_ttl).count();  // libnats 3.4 takes nanoseconds
  cfg.Replicas = o.replicas;
  s = js_CreateKeyValue(&kv, js, &cfg);
  if (s != NATS_OK) return Status::Unavailable(NatsError("the lease bucket " + o.lease_bucket, s));
  return kv;
}

class JetStreamSink final : public ForwardSink {
 public:
  explicit JetStreamSink(JetStreamOptions options) : options_(std::move(options)) {}
  ~JetStreamSink() override { Disconnect(); }

  Result<SinkTail> Tail() override {
    if (conn_.nc == nullptr) GL_RETURN_IF_ERROR(conn_.Open(options_, &OnAck, this));
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

  Status Publish(std::span<const ForwardEvent> events) override {
    if (conn_.js == nullptr) return Status::Unavailable("not connected");
    if (!options_.lease_bucket.empty()) GL_RETURN_IF_ERROR(RenewLease());
    {
      std::lock_guard lock(mu_);
      acked_ = 0;
      refused_ = 0;
      first_error_.clear();
    }
    std::string subject, id, position, expected;
    for (const ForwardEvent& e : events) {
      subject = JetStreamSubject(options_, e.grid_code, e.type);
      id = e.id.ToString();
      position = std::to_string(e.position.value);
      expected = std::to_string(e.position.value - 1);
      natsMsg* msg = nullptr;
      natsStatus s = natsMsg_Create(&msg, subject.c_str(), nullptr, e.bytes.data(),
                                    static_cast<int>(e.bytes.size()));
      std::string stream(e.stream), type(e.type);
      if (s == NATS_OK) s = natsMsgHeader_Set(msg, "Nats-Expected-Last-Sequence", expected.c_str());
      if (s == NATS_OK) s = natsMsgHeader_Set(msg, kHeaderPosition.data(), position.c_str());
      if (s == NATS_OK) s = natsMsgHeader_Set(msg, kHeaderStream.data(), stream.c_str());
      if (s == NATS_OK) s = natsMsgHeader_Set(msg, kHeaderType.data(), type.c_str());
      jsPubOptions po;
      jsPubOptions_Init(&po);
      po.MsgId = id.c_str();
      po.MaxWait = options_.timeout.count();
      if (s == NATS_OK) s = js_PublishMsgAsync(conn_.js, &msg, &po);
      if (msg != nullptr) natsMsg_Destroy(msg);  // NULL once the library owns it
      if (s != NATS_OK) return Status::Unavailable(NatsError("publishing position " + position, s));
    }
    jsPubOptions po;
    jsPubOptions_Init(&po);
    po.MaxWait = options_.timeout.count();
    natsStatus s = js_PublishAsyncComplete(conn_.js, &po);
    std::unique_lock lock(mu_);
    // The library counts an ack as done before our handler has run.
    ack_cv_.wait_for(lock, options_.timeout, [&] { return acked_ + refused_ >= events.size(); });
    if (refused_ > 0)
      return Status::Unavailable(std::to_string(refused_) + " of " + std::to_string(events.size()) +
                                 " events refused: " + first_error_);
    if (s != NATS_OK || acked_ < events.size())
      return Status::Unavailable(NatsError("waiting for acks (" + std::to_string(acked_) + " of " +
                                               std::to_string(events.size()) + ")",
                                           s == NATS_OK ? NATS_TIMEOUT : s));
    return Status::Ok();
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
      if (pae != nullptr) {
        error = "position " + std::to_string(position) + ": " + natsStatus_GetText(pae->Err);
        if (pae->ErrCode != 0) error += " (JetStream error " + std::to_string(pae->ErrCode) + ")";
        if (pae->ErrText != nullptr) error += " " + std::string(pae->ErrText);
      } else if (pa == nullptr || pa->Sequence != position) {
        error = "position " + std::to_string(position) + " was stored at sequence " +
                std::to_string(pa != nullptr ? pa->Sequence : 0);
      }
      if (error.empty()) {
        self->acked_++;
      } else {
        self->refused_++;
        if (self->first_error_.empty()) self->first_error_ = error;
      }
    }
    self->ack_cv_.notify_all();
    natsMsg_Destroy(msg);
  }

  std::string Fenced(const std::string& other) const {
    return "partition " + options_.district + "'s lease in " + options_.lease_bucket +
           " is held by " + other + ", not " + options_.lease_holder +
           ": another node was promoted";
  }

  // Takes the lease when free, keeps it when ours (renewing it).
  Status AcquireLease() {
    if (kv_ == nullptr) {
      GL_ASSIGN_OR_RETURN(kv_, LeaseBucket(conn_.js, options_));
    }
    const char* key = options_.district.c_str();
    kvEntry* e = nullptr;
    natsStatus s = kvStore_Get(&e, kv_, key);
    if (s == NATS_NOT_FOUND) {
      s = kvStore_CreateString(&lease_revision_, kv_, key, options_.lease_holder.c_str());
      if (s != NATS_OK)
        return Status::Unavailable(NatsError("taking the lease of " + options_.district, s));
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
    natsStatus s = kvStore_UpdateString(&revision, kv_, options_.district.c_str(),
                                        options_.lease_holder.c_str(), lease_revision_);
    if (s == NATS_OK) {
      lease_revision_ = revision;
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
  std::mutex mu_;
  std::condition_variable ack_cv_;
  size_t acked_ = 0;
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

Result<uint64_t> TakeJetStreamLease(const JetStreamOptions& options, const std::string& holder) {
  GL_ASSIGN_OR_RETURN(JetStreamOptions o, ValidateJetStreamOptions(options));
  if (o.lease_bucket.empty()) return Status::InvalidArgument("JetStream: no lease bucket given");
  Connection conn;
  GL_RETURN_IF_ERROR(conn.Open(o, nullptr, nullptr));
  GL_ASSIGN_OR_RETURN(kvStore * kv, LeaseBucket(conn.js, o));
  uint64_t revision = 0;
  natsStatus s = kvStore_PutString(&revision, kv, o.district.c_str(), holder.c_str());
  kvStore_Destroy(kv);
  if (s != NATS_OK) return Status::Unavailable(NatsError("giving the lease to " + holder, s));
  return revision;
}

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
  jsSubOptions so;
  jsSubOptions_Init(&so);
  so.Stream = o.stream.c_str();
  so.Ordered = true;
  so.Config.DeliverPolicy = js_DeliverByStartSequence;
  so.Config.OptStartSeq = next;
  std::string subject = o.subject_prefix + "." + o.district + ".>";
  natsSubscription* sub = nullptr;
  jsErrCode jerr = jsErrCode(0);
  natsStatus s = js_SubscribeSync(&sub, conn.js, subject.c_str(), nullptr, &so, &jerr);
  if (s != NATS_OK) return Status::Unavailable(NatsError("reading stream " + o.stream, s, jerr));
  Status result;
  std::vector<StoredEvent> batch;
  while (next <= last && result.ok()) {
    natsMsg* m = nullptr;
    s = natsSubscription_NextMsg(&m, sub, o.timeout.count());
    if (s != NATS_OK) {
      result = Status::Unavailable(
          NatsError("reading stream " + o.stream + " at sequence " + std::to_string(next), s));
      break;
    }
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
    if (seq != next || position != seq) {
      natsMsg_Destroy(m);
      result = Status::Corruption("stream " + o.stream + ": expected sequence " +
                                  std::to_string(next) + ", got sequence " + std::to_string(seq) +
                                  " carrying position " + std::to_string(position));
      break;
    }
    batch.push_back(
        StoredEvent{Position{seq}, std::string(natsMsg_GetData(m), natsMsg_GetDataLength(m))});
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

}  // namespace gridledger
