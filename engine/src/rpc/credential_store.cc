#include "rpc/credential_store.h"

#include <capnp/message.h>
#include <capnp/serialize.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include "crypto/secrets.h"
#include "rpc.capnp.h"
#include "rpc/rpc_values.h"

namespace gridledger::rpc {
namespace {

constexpr char kIssuedType[] = "credentialIssued";
constexpr char kRevokedType[] = "credentialRevoked";
constexpr char kTokenPrefix[] = "glc1.";
constexpr size_t kKeyBytes = 32;
constexpr size_t kSecretBytes = 24;
constexpr size_t kMaxSubjectBytes = 256;

std::string MessageBytes(capnp::MessageBuilder& message) {
  auto words = capnp::messageToFlatArray(message);
  auto bytes = words.asBytes();
  return std::string(reinterpret_cast<const char*>(bytes.begin()), bytes.size());
}

// Reads a flat message from possibly unaligned bytes.
template <typename Fn>
void ReadMessage(const std::string& data, Fn&& fn) {
  kj::Array<capnp::word> aligned = kj::heapArray<capnp::word>(data.size() / sizeof(capnp::word));
  std::memcpy(aligned.begin(), data.data(), aligned.size() * sizeof(capnp::word));
  capnp::FlatArrayMessageReader reader(aligned);
  fn(reader);
}

Result<std::string> LoadOrCreateKey(const std::string& path) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd >= 0) {
    std::string key = RandomBytes(kKeyBytes);
    bool ok =
        ::write(fd, key.data(), key.size()) == static_cast<ssize_t>(key.size()) && ::fsync(fd) == 0;
    ::close(fd);
    if (!ok) {
      ::unlink(path.c_str());
      return Status::IOError("cannot write credential key " + path + ": " + std::strerror(errno));
    }
    return key;
  }
  if (errno != EEXIST)
    return Status::IOError("cannot create credential key " + path + ": " + std::strerror(errno));
  std::ifstream in(path, std::ios::binary);
  std::stringstream bytes;
  bytes << in.rdbuf();
  std::string key = bytes.str();
  if (!in || key.size() != kKeyBytes)
    return Status::Corruption("credential key " + path + " is not " + std::to_string(kKeyBytes) +
                              " bytes; restore it from backup (credentials cannot be checked "
                              "without it)");
  return key;
}

}  // namespace

Result<std::unique_ptr<CredentialStore>> CredentialStore::Open(EventLog& log,
                                                               const std::string& key_file) {
  GL_ASSIGN_OR_RETURN(std::string key, LoadOrCreateKey(key_file));
  std::unique_ptr<CredentialStore> store(new CredentialStore(log, std::move(key)));
  GL_RETURN_IF_ERROR(store->Load());
  return store;
}

Status CredentialStore::Load() {
  StreamVersion from{1};
  for (;;) {
    auto batch = log_.ReadStream(StreamId{kCredentialStream}, from, ReadDirection::kForward, 512);
    if (!batch.ok()) return batch.status();
    if (batch->empty()) return Status::Ok();
    for (const auto& e : *batch) GL_RETURN_IF_ERROR(ApplyRecorded(e));
    from = StreamVersion{batch->back().version.value + 1};
  }
}

Status CredentialStore::ApplyRecorded(const RecordedEvent& event) {
  const auto* opaque = std::get_if<OpaqueEvent>(&event.payload);
  if (!opaque) return Status::Ok();
  try {
    if (opaque->type_name == kIssuedType) {
      ReadMessage(opaque->data, [&](capnp::MessageReader& reader) {
        auto r = reader.getRoot<schema::CredentialIssued>();
        Record record;
        record.info.credential_id = r.getCredentialId();
        record.info.kind = FromSchema(r.getKind());
        record.info.subject = r.getSubject();
        record.info.note = r.getNote();
        record.info.issued_at = event.recorded_at;
        record.info.issued_by = event.actor;
        auto hash = r.getSecretHash();
        record.secret_hash.assign(reinterpret_cast<const char*>(hash.begin()), hash.size());
        std::lock_guard lock(mu_);
        records_[record.info.credential_id] = std::move(record);
      });
    } else if (opaque->type_name == kRevokedType) {
      ReadMessage(opaque->data, [&](capnp::MessageReader& reader) {
        auto r = reader.getRoot<schema::CredentialRevoked>();
        std::lock_guard lock(mu_);
        auto it = records_.find(r.getCredentialId());
        if (it == records_.end() || it->second.info.revoked) return;
        it->second.info.revoked = true;
        it->second.info.revoked_at = event.recorded_at;
        it->second.info.revoked_by = event.actor;
        it->second.info.reason = r.getReason();
      });
    }
  } catch (const kj::Exception& e) {
    return Status::Corruption("credential event at position " +
                              std::to_string(event.position.value) + " is damaged");
  }
  return Status::Ok();
}

Result<IssuedCredential> CredentialStore::Issue(IdentityKind kind, const std::string& subject,
                                                const std::string& note,
                                                const std::string& issued_by) {
  if (subject.empty() || subject.size() > kMaxSubjectBytes)
    return Status::InvalidArgument("a credential needs a subject of 1.." +
                                   std::to_string(kMaxSubjectBytes) + " bytes");
  std::lock_guard write(write_mu_);
  std::string id = ToHex(RandomBytes(8));
  std::string secret = ToHex(RandomBytes(kSecretBytes));

  capnp::MallocMessageBuilder message;
  auto b = message.initRoot<schema::CredentialIssued>();
  b.setCredentialId(id);
  b.setKind(ToSchema(kind));
  b.setSubject(subject);
  b.setNote(note);
  std::string hash = KeyedHash(key_, secret);
  b.setSecretHash(kj::arrayPtr(reinterpret_cast<const capnp::byte*>(hash.data()), hash.size()));

  NewEvent event;
  event.id = EventId::Generate();
  event.payload = OpaqueEvent{kIssuedType, MessageBytes(message)};
  event.actor = issued_by;
  auto appended = log_.Append(StreamId{kCredentialStream}, ExpectedVersion::Any(), {event});
  if (!appended.ok()) return appended.status();
  auto stored = log_.ReadEvent(event.id);
  if (!stored.ok()) return stored.status();
  GL_RETURN_IF_ERROR(ApplyRecorded(*stored));

  IssuedCredential issued;
  {
    std::lock_guard lock(mu_);
    issued.info = records_.at(id).info;
  }
  issued.token = kTokenPrefix + id + "." + secret;
  return issued;
}

Status CredentialStore::Revoke(const std::string& credential_id, const std::string& reason,
                               const std::string& revoked_by) {
  std::lock_guard write(write_mu_);
  {
    std::lock_guard lock(mu_);
    auto it = records_.find(credential_id);
    if (it == records_.end()) return Status::NotFound("no credential '" + credential_id + "'");
    if (it->second.info.revoked) return Status::Ok();
  }
  capnp::MallocMessageBuilder message;
  auto b = message.initRoot<schema::CredentialRevoked>();
  b.setCredentialId(credential_id);
  b.setReason(reason);
  NewEvent event;
  event.id = EventId::Generate();
  event.payload = OpaqueEvent{kRevokedType, MessageBytes(message)};
  event.actor = revoked_by;
  auto appended = log_.Append(StreamId{kCredentialStream}, ExpectedVersion::Any(), {event});
  if (!appended.ok()) return appended.status();
  auto stored = log_.ReadEvent(event.id);
  if (!stored.ok()) return stored.status();
  return ApplyRecorded(*stored);
}

Result<Identity> CredentialStore::Authenticate(const std::string& token) const {
  const Status denied = Status::PermissionDenied("credential refused (unknown, wrong or revoked)");
  std::string_view t = token;
  if (t.substr(0, sizeof kTokenPrefix - 1) != kTokenPrefix) return denied;
  t.remove_prefix(sizeof kTokenPrefix - 1);
  size_t dot = t.find('.');
  if (dot == std::string_view::npos) return denied;
  std::string id(t.substr(0, dot));
  std::string secret(t.substr(dot + 1));
  std::lock_guard lock(mu_);
  auto it = records_.find(id);
  if (it == records_.end() || it->second.info.revoked) return denied;
  if (!ConstantTimeEqual(KeyedHash(key_, secret), it->second.secret_hash)) return denied;
  return Identity{it->second.info.kind, it->second.info.subject, id};
}

bool CredentialStore::IsActive(const std::string& credential_id) const {
  std::lock_guard lock(mu_);
  auto it = records_.find(credential_id);
  return it != records_.end() && !it->second.info.revoked;
}

std::vector<CredentialInfo> CredentialStore::List() const {
  std::lock_guard lock(mu_);
  std::vector<CredentialInfo> out;
  for (const auto& [id, record] : records_) out.push_back(record.info);
  return out;
}

}  // namespace gridledger::rpc
