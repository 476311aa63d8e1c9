// The connection and shared JetStream requests (nats_connection.h).
#include "nats_connection.h"

#include <fstream>

namespace gridledger::jetstream_internal {
namespace {

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

}  // namespace

std::string NatsError(std::string_view what, natsStatus s, jsErrCode code) {
  std::string m = std::string(what) + ": " + natsStatus_GetText(s);
  if (code != 0) m += " (JetStream error " + std::to_string(static_cast<int>(code)) + ")";
  const char* last = nats_GetLastError(nullptr);
  if (last != nullptr && *last != '\0') m += ": " + std::string(last);
  return m;
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

std::chrono::milliseconds LeaseSpan(kvStore* kv, const JetStreamOptions& o) {
  kvStatus* st = nullptr;
  int64_t ttl_ns = 0;
  if (kvStore_Status(&st, kv) == NATS_OK) ttl_ns = kvStatus_TTL(st);
  if (st != nullptr) kvStatus_Destroy(st);
  const auto bucket =
      std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::nanoseconds(ttl_ns));
  return bucket.count() > 0 ? bucket : o.lease_ttl;
}

}  // namespace gridledger::jetstream_internal
