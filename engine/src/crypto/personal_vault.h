// PersonalVault: per-person keys for personal data (PIPL), and the keyed
// hashes that let residents find their cases without storing their phone.
//
// Personal fields reach the log only as SealedField: XChaCha20-Poly1305
// ciphertext under the person's own key. Keys live in the "person_keys"
// column family, never in the log. Erasing a person destroys their key
// (and compacts it away), after which nothing can decrypt their fields:
// crypto-shredding, with the log still append-only and verifiable.
//
// Thread-safe.
#pragma once

#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include "gridledger/event_payloads.h"
#include "gridledger/phone.h"
#include "storage/person_key_store.h"

namespace gridledger {

class PersonalVault {
 public:
  static constexpr const char* kFamily = PersonKeyStore::kFamily;

  // Loads (or on first use creates, durably) the installation secret.
  static Result<std::unique_ptr<PersonalVault>> Open(RocksStore& store);
  ~PersonalVault();

  // Pseudonymous person id for a phone number (keyed hash; the phone
  // cannot be recovered from it without the secret). Stable until the
  // person is erased; after that the same phone maps to a new id, so a
  // returning resident starts afresh, unlinked from the erased cases.
  std::string PersonIdForPhone(std::string_view phone) const;

  // Erases the person currently holding `phone` (see Erase) and moves the
  // phone to a new person id. Returns the erased id.
  Result<std::string> ErasePhone(std::string_view phone);

  // Encrypts `plaintext` under the person's key, creating the key durably
  // if needed. kRejected when the person has been erased.
  Result<SealedField> Seal(const std::string& person_id, std::string_view plaintext);
  // The plaintext, or nullopt when the key is gone (erased) or the field
  // does not authenticate.
  std::optional<std::string> Unseal(const SealedField& field) const;

  bool IsErased(const std::string& person_id) const;
  // Destroys the key and compacts it out of the store. Idempotent.
  Status Erase(const std::string& person_id);

  // Salted hash of a case's query code; Matches compares in constant time.
  std::string HashQueryCode(std::string_view case_id, std::string_view code) const;
  bool Matches(std::string_view case_id, std::string_view code, std::string_view stored) const;

  // A 6-digit query code derived from a command's request id, keyed with
  // the installation secret: a retried filing hands out the same code, and
  // nobody without the secret can compute it from the request id.
  std::string DeriveQueryCode(const EventId& request_id) const;

 private:
  explicit PersonalVault(std::unique_ptr<PersonKeyStore> keys);
  Result<std::string> KeyFor(const std::string& person_id, bool create);

  std::unique_ptr<PersonKeyStore> store_;
  std::string secret_;
  mutable std::mutex mu_;
  mutable std::unordered_map<std::string, std::string> keys_;      // cache; "" = erased
  mutable std::unordered_map<std::string, uint32_t> generations_;  // phone hash -> generation
  uint32_t Generation(const std::string& base) const;
};

}  // namespace gridledger
