#include "crypto/personal_vault.h"

#include <sodium.h>

#include "crypto/sodium_init.h"

namespace gridledger {

namespace {
constexpr std::string_view kSecretKey = "secret";
constexpr std::string_view kErasedMarker = "erased";
std::string PersonKey(const std::string& id) { return "person/" + id; }

std::string Hex(const unsigned char* p, size_t n) {
  static const char* digits = "0123456789abcdef";
  std::string out;
  for (size_t i = 0; i < n; ++i) {
    out.push_back(digits[p[i] >> 4]);
    out.push_back(digits[p[i] & 15]);
  }
  return out;
}
}  // namespace

PersonalVault::PersonalVault(std::unique_ptr<PersonKeyStore> keys) : store_(std::move(keys)) {}
PersonalVault::~PersonalVault() = default;

Result<std::unique_ptr<PersonalVault>> PersonalVault::Open(RocksStore& store) {
  EnsureSodium();
  GL_ASSIGN_OR_RETURN(auto keys, PersonKeyStore::Open(store));
  std::unique_ptr<PersonalVault> vault(new PersonalVault(std::move(keys)));
  // Read-only, a store that never held personal data has no vault yet:
  // nothing can be opened or sealed, and nothing needs to be.
  if (!vault->store_->present()) return vault;
  GL_ASSIGN_OR_RETURN(auto secret, vault->store_->Get(kSecretKey));
  if (!secret && vault->store_->read_only()) return vault;
  if (!secret) {
    secret.emplace(32, '\0');
    randombytes_buf(secret->data(), secret->size());
    GL_RETURN_IF_ERROR(vault->store_->Put(kSecretKey, *secret));
  } else if (secret->size() != 32) {
    return Status::Corruption("the installation secret is damaged");
  }
  vault->secret_ = *secret;
  return vault;
}

namespace {
std::string KeyedId(const std::string& secret, const std::string& input) {
  unsigned char out[16];
  crypto_generichash(out, sizeof out, reinterpret_cast<const unsigned char*>(input.data()),
                     input.size(), reinterpret_cast<const unsigned char*>(secret.data()),
                     secret.size());
  return "p-" + Hex(out, sizeof out);
}
}  // namespace

uint32_t PersonalVault::Generation(const std::string& base) const {
  std::lock_guard lock(mu_);
  if (auto it = generations_.find(base); it != generations_.end()) return it->second;
  uint32_t gen = 0;
  auto value = store_->Get("gen/" + base);
  if (value.ok() && value->has_value())
    gen = static_cast<uint32_t>(std::strtoul((*value)->c_str(), nullptr, 10));
  generations_[base] = gen;
  return gen;
}

std::string PersonalVault::PersonIdForPhone(std::string_view phone) const {
  std::string input = "phone:" + NormalizePhone(phone);
  std::string base = KeyedId(secret_, input);
  uint32_t gen = Generation(base);
  return gen == 0 ? base : KeyedId(secret_, input + "#" + std::to_string(gen));
}

Result<std::string> PersonalVault::ErasePhone(std::string_view phone) {
  std::string input = "phone:" + NormalizePhone(phone);
  std::string base = KeyedId(secret_, input);
  std::string person = PersonIdForPhone(phone);
  uint32_t next = Generation(base) + 1;
  GL_RETURN_IF_ERROR(store_->Put("gen/" + base, std::to_string(next)));
  {
    std::lock_guard lock(mu_);
    generations_[base] = next;
  }
  GL_RETURN_IF_ERROR(Erase(person));
  return person;
}

Result<std::string> PersonalVault::KeyFor(const std::string& person_id, bool create) {
  std::lock_guard lock(mu_);
  if (auto it = keys_.find(person_id); it != keys_.end()) {
    if (it->second.empty())
      return Status::Rejected("此人的个人信息已删除 / this person's data was erased");
    return it->second;
  }
  if (!store_->present()) return Status::NotFound("no personal data is stored (read-only)");
  GL_ASSIGN_OR_RETURN(auto stored, store_->Get(PersonKey(person_id)));
  if (stored && *stored == kErasedMarker) {
    keys_[person_id] = "";
    return Status::Rejected("此人的个人信息已删除 / this person's data was erased");
  }
  if (stored && stored->size() == crypto_aead_xchacha20poly1305_ietf_KEYBYTES) {
    keys_[person_id] = *stored;
    return *stored;
  }
  if (!create) return Status::NotFound("no key");
  std::string key(crypto_aead_xchacha20poly1305_ietf_KEYBYTES, '\0');
  crypto_aead_xchacha20poly1305_ietf_keygen(reinterpret_cast<unsigned char*>(key.data()));
  // The key must be durable before any event uses it (Put syncs).
  GL_RETURN_IF_ERROR(store_->Put(PersonKey(person_id), key));
  keys_[person_id] = key;
  return key;
}

Result<SealedField> PersonalVault::Seal(const std::string& person_id, std::string_view plaintext) {
  GL_ASSIGN_OR_RETURN(std::string key, KeyFor(person_id, true));
  SealedField f;
  f.person_id = person_id;
  f.nonce.resize(crypto_aead_xchacha20poly1305_ietf_NPUBBYTES);
  randombytes_buf(f.nonce.data(), f.nonce.size());
  f.cipher.resize(plaintext.size() + crypto_aead_xchacha20poly1305_ietf_ABYTES);
  unsigned long long len = 0;
  crypto_aead_xchacha20poly1305_ietf_encrypt(
      reinterpret_cast<unsigned char*>(f.cipher.data()), &len,
      reinterpret_cast<const unsigned char*>(plaintext.data()), plaintext.size(),
      reinterpret_cast<const unsigned char*>(person_id.data()), person_id.size(), nullptr,
      reinterpret_cast<const unsigned char*>(f.nonce.data()),
      reinterpret_cast<const unsigned char*>(key.data()));
  f.cipher.resize(len);
  return f;
}

std::optional<std::string> PersonalVault::Unseal(const SealedField& f) const {
  if (f.empty() || f.nonce.size() != crypto_aead_xchacha20poly1305_ietf_NPUBBYTES ||
      f.cipher.size() < crypto_aead_xchacha20poly1305_ietf_ABYTES)
    return std::nullopt;
  auto key = const_cast<PersonalVault*>(this)->KeyFor(f.person_id, false);
  if (!key.ok()) return std::nullopt;
  std::string out(f.cipher.size() - crypto_aead_xchacha20poly1305_ietf_ABYTES, '\0');
  unsigned long long len = 0;
  if (crypto_aead_xchacha20poly1305_ietf_decrypt(
          reinterpret_cast<unsigned char*>(out.data()), &len, nullptr,
          reinterpret_cast<const unsigned char*>(f.cipher.data()), f.cipher.size(),
          reinterpret_cast<const unsigned char*>(f.person_id.data()), f.person_id.size(),
          reinterpret_cast<const unsigned char*>(f.nonce.data()),
          reinterpret_cast<const unsigned char*>(key->data())) != 0)
    return std::nullopt;
  out.resize(len);
  return out;
}

bool PersonalVault::IsErased(const std::string& person_id) const {
  auto key = const_cast<PersonalVault*>(this)->KeyFor(person_id, false);
  return !key.ok() && key.error().IsRejected();
}

Status PersonalVault::Erase(const std::string& person_id) {
  {
    std::lock_guard lock(mu_);
    keys_[person_id] = "";
  }
  // Overwrite with a marker so the person cannot be re-keyed by accident,
  // then push the old key out of the memtable, WAL and SST files.
  return store_->Destroy(PersonKey(person_id), kErasedMarker);
}

std::string PersonalVault::HashQueryCode(std::string_view case_id, std::string_view code) const {
  std::string input = "query:" + std::string(case_id) + ":" + std::string(code);
  unsigned char out[32];
  crypto_generichash(out, sizeof out, reinterpret_cast<const unsigned char*>(input.data()),
                     input.size(), reinterpret_cast<const unsigned char*>(secret_.data()),
                     secret_.size());
  return std::string(reinterpret_cast<const char*>(out), sizeof out);
}

bool PersonalVault::Matches(std::string_view case_id, std::string_view code,
                            std::string_view stored) const {
  std::string h = HashQueryCode(case_id, code);
  return stored.size() == h.size() && sodium_memcmp(h.data(), stored.data(), h.size()) == 0;
}

std::string PersonalVault::DeriveQueryCode(const EventId& request_id) const {
  std::string input = "query-code:" + request_id.ToString();
  unsigned char out[8];
  crypto_generichash(out, sizeof out, reinterpret_cast<const unsigned char*>(input.data()),
                     input.size(), reinterpret_cast<const unsigned char*>(secret_.data()),
                     secret_.size());
  uint64_t v = 0;
  for (unsigned char c : out) v = (v << 8) | c;
  char code[8];
  std::snprintf(code, sizeof code, "%06u", static_cast<unsigned>(v % 1000000));
  return code;
}

}  // namespace gridledger
