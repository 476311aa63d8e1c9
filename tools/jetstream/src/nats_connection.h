// The connection to a NATS cluster every part of gridledger_jetstream
// makes (the sink, the readers, the lease, the standby), and the JetStream
// requests they share. Internal to tools/jetstream/src: it names libnats
// types, which no public header may.
#pragma once

#include <nats/nats.h>

#include <chrono>
#include <string>
#include <string_view>
#include <vector>

#include "gridledger/jetstream.h"

namespace gridledger::jetstream_internal {

// "what: the library's text (JetStream error N): its last error".
std::string NatsError(std::string_view what, natsStatus s, jsErrCode code = jsErrCode(0));

// The URLs of a comma-separated list, trimmed, empty ones dropped.
std::vector<std::string> SplitServers(const std::string& servers);

// Credentials and TLS (JetStreamOptions' last block) onto `opts`.
// kInvalidArgument names what could not be loaded.
Status SetIdentity(natsOptions* opts, const JetStreamOptions& o);

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

// A stream's state, and whether it exists at all.
struct StreamStateRaw {
  JetStreamState state;
  bool found = false;
};

// The stream's state (found = false when it does not exist). kUnavailable.
Result<StreamStateRaw> StreamInfo(jsCtx* js, const JetStreamOptions& o);

// How long a lease in `kv` lasts without renewal: the bucket's own TTL
// (which decides when the key lapses, whoever created the bucket), or
// `o.lease_ttl` when the bucket has none.
std::chrono::milliseconds LeaseSpan(kvStore* kv, const JetStreamOptions& o);

// The lease bucket, created (TTL = lease_ttl, history 1) when missing.
// The caller destroys it (kvStore_Destroy). kUnavailable.
Result<kvStore*> LeaseBucket(jsCtx* js, const JetStreamOptions& o);

}  // namespace gridledger::jetstream_internal
