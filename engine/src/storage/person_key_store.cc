#include "storage/person_key_store.h"

namespace gridledger {

Result<std::unique_ptr<PersonKeyStore>> PersonKeyStore::Open(RocksStore& store) {
  auto family = store.Extra(kFamily);
  if (!family.ok()) {
    if (store.read_only())
      return std::unique_ptr<PersonKeyStore>(new PersonKeyStore(store, std::nullopt));
    return Status::Internal(std::string(kFamily) + " family not opened");
  }
  return std::unique_ptr<PersonKeyStore>(new PersonKeyStore(store, *family));
}

Result<std::optional<std::string>> PersonKeyStore::Get(std::string_view name) const {
  if (!family_) return std::optional<std::string>();
  std::string value;
  GL_ASSIGN_OR_RETURN(bool found, store_.Get(*family_, name, &value, "reading the person keys"));
  if (!found) return std::optional<std::string>();
  return std::optional<std::string>(std::move(value));
}

Status PersonKeyStore::Put(std::string_view name, std::string_view value) {
  if (!family_) return Status::Unavailable("no personal data can be stored (read-only)");
  return store_.Put(*family_, name, value, /*sync=*/true, "storing a person key");
}

Status PersonKeyStore::Destroy(std::string_view name, std::string_view marker) {
  if (!family_) return Status::Unavailable("no personal data can be stored (read-only)");
  GL_RETURN_IF_ERROR(store_.Put(*family_, name, marker, /*sync=*/true, "destroying a person key"));
  return store_.FlushAndCompact({*family_});
}

}  // namespace gridledger
