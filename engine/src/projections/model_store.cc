#include "projections/model_store.h"

#include "storage/keys.h"

namespace gridledger {

Result<bool> MemoryModelStore::Get(std::string_view key, std::string* value) const {
  auto it = rows_.find(key);
  if (it == rows_.end()) return false;
  *value = it->second;
  return true;
}

Status MemoryModelStore::Scan(std::string_view lower, std::string_view upper,
                              const RowVisitor& visit) const {
  for (auto it = rows_.lower_bound(lower); it != rows_.end(); ++it) {
    if (!upper.empty() && it->first >= upper) break;
    if (!visit(it->first, it->second)) break;
  }
  return Status::Ok();
}

void MemoryModelStore::Stage(const ModelRows& rows, StoreBatch*) {
  for (const auto& [k, v] : rows) staged_[k] = v;
}

void MemoryModelStore::Publish() {
  for (auto& [k, v] : staged_) {
    if (v)
      rows_[k] = std::move(*v);
    else
      rows_.erase(k);
  }
  staged_.clear();
}

Status MemoryModelStore::WriteNow(const ModelRows& rows) {
  Stage(rows, nullptr);
  Publish();
  return Status::Ok();
}

RocksModelStore::RocksModelStore(RocksStore* store, FamilyRef family, uint32_t generation)
    : store_(store), family_(family), generation_(generation) {
  for (int i = 3; i >= 0; --i) prefix_.push_back(static_cast<char>(generation >> (8 * i)));
}

Result<bool> RocksModelStore::Get(std::string_view key, std::string* value) const {
  return store_->Get(family_, Key(key), value, "reading a read model");
}

Status RocksModelStore::Scan(std::string_view lower, std::string_view upper,
                             const RowVisitor& visit) const {
  CursorBounds bounds;
  bounds.lower = Key(lower);
  if (upper.empty()) {
    // The end of this generation: the next generation's prefix.
    bounds.upper.clear();
    for (int i = 3; i >= 0; --i)
      bounds.upper.push_back(static_cast<char>((generation_ + 1) >> (8 * i)));
  } else {
    bounds.upper = Key(upper);
  }
  auto cursor = store_->NewCursor(family_, bounds);
  for (cursor->Seek(bounds.lower); cursor->Valid(); cursor->Next()) {
    std::string_view k = cursor->key();
    if (!visit(k.substr(prefix_.size()), cursor->value())) break;
  }
  return cursor->status("scanning a read model");
}

void RocksModelStore::Stage(const ModelRows& rows, StoreBatch* batch) {
  for (const auto& [k, v] : rows) {
    if (v)
      batch->Put(family_, Key(k), *v);
    else
      batch->Delete(family_, Key(k));
  }
}

Status RocksModelStore::WriteNow(const ModelRows& rows) {
  StoreBatch batch = store_->NewBatch();
  Stage(rows, &batch);
  return store_->Write(batch, /*sync=*/true, "writing read models");
}

Status RocksModelStore::IngestSorted(const std::vector<std::span<const SortedRow>>& runs) {
  return store_->IngestSorted(family_, prefix_, runs, "writing read models");
}

Status RocksModelStore::DropAll() {
  std::string end;
  for (int i = 3; i >= 0; --i) end.push_back(static_cast<char>((generation_ + 1) >> (8 * i)));
  StoreBatch batch = store_->NewBatch();
  batch.DeleteRange(family_, prefix_, end);
  return store_->Write(batch, /*sync=*/true, "dropping an old generation of read models");
}

Result<bool> ModelWrites::Get(std::string_view key, std::string* value) const {
  auto it = rows_.find(key);
  if (it != rows_.end()) {
    if (!it->second) return false;
    *value = *it->second;
    return true;
  }
  if (cache_ == nullptr) return base_.Get(key, value);
  if (const auto* cached = cache_->Find(key)) {
    if (!*cached) return false;
    *value = **cached;
    return true;
  }
  auto found = base_.Get(key, value);
  if (found.ok()) cache_->Put(key, *found ? std::optional<std::string>(*value) : std::nullopt);
  return found;
}

}  // namespace gridledger
