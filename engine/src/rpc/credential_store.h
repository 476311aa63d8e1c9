// Credentials of gridledgerd's clients: issued and revoked by operators,
// recorded in the log (stream "credentials", so who issued what and when is
// on the tamper-evident record), and kept only as keyed hashes whose key
// lives in a file outside the log.
//
// A token is "glc1.<credential id>.<secret>": the id finds the record, the
// secret is checked against its keyed hash in constant time.
//
// Thread safety: every method may be called from any thread.
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "gridledger/event_log.h"
#include "gridledger/identity.h"
#include "gridledger/status.h"

namespace gridledger::rpc {

inline constexpr char kCredentialStream[] = "credentials";

class CredentialStore {
 public:
  // Reads the hashing key from `key_file`, creating it (32 random bytes,
  // mode 0600) when missing, and every credential event from `log`, which
  // must outlive the store.
  static Result<std::unique_ptr<CredentialStore>> Open(EventLog& log, const std::string& key_file);

  // Issues a credential for `subject` and records it (durably) as issued by
  // `issued_by`. kInvalidArgument for an empty or over-long subject.
  Result<IssuedCredential> Issue(IdentityKind kind, const std::string& subject,
                                 const std::string& note, const std::string& issued_by);
  // Revokes it durably. kNotFound for an unknown id; revoking twice is OK.
  Status Revoke(const std::string& credential_id, const std::string& reason,
                const std::string& revoked_by);

  // The identity `token` proves. kPermissionDenied (one message for every
  // reason, so nothing can be probed) when it is malformed, unknown, wrong
  // or revoked.
  Result<Identity> Authenticate(const std::string& token) const;
  // False once `credential_id` is revoked (or was never issued).
  bool IsActive(const std::string& credential_id) const;

  std::vector<CredentialInfo> List() const;

 private:
  struct Record {
    CredentialInfo info;
    std::string secret_hash;
  };
  CredentialStore(EventLog& log, std::string key) : log_(log), key_(std::move(key)) {}
  Status Load();
  Status ApplyRecorded(const RecordedEvent& event);

  EventLog& log_;
  const std::string key_;
  mutable std::mutex mu_;
  std::map<std::string, Record> records_;  // by credential id
  std::mutex write_mu_;                    // one issue/revoke at a time
};

}  // namespace gridledger::rpc
