#include "storage/rocks_store.h"

#include <rocksdb/cache.h>
#include <rocksdb/db.h>
#include <rocksdb/filter_policy.h>
#include <rocksdb/memtablerep.h>
#include <rocksdb/options.h>
#include <rocksdb/rate_limiter.h>
#include <rocksdb/slice_transform.h>
#include <rocksdb/sst_file_writer.h>
#include <rocksdb/table.h>
#include <rocksdb/utilities/checkpoint.h>
#include <rocksdb/write_batch.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <system_error>
#include <thread>

#include "storage/rocks_options.h"
#include "storage/store_marker.h"

namespace gridledger {

namespace {

constexpr const char* kFamilyNames[] = {"default", "streams", "heads",    "ids",
                                        "meta",    "times",   "summaries"};
static_assert(std::size(kFamilyNames) == static_cast<size_t>(Family::kCount));

// Prefix of a stream index key: the stream id up to and including its NUL.
class StreamPrefixTransform final : public rocksdb::SliceTransform {
 public:
  const char* Name() const override { return "gridledger.StreamPrefix"; }
  rocksdb::Slice Transform(const rocksdb::Slice& key) const override {
    const char* nul = static_cast<const char*>(std::memchr(key.data(), 0, key.size()));
    return rocksdb::Slice(key.data(), nul - key.data() + 1);
  }
  bool InDomain(const rocksdb::Slice& key) const override {
    return std::memchr(key.data(), 0, key.size()) != nullptr;
  }
};

// The whole key as the "prefix" of memtable insert hints: a row written
// again goes in next to its previous version (keys of one user key sort
// together, newest first) without a search from the skip list's top.
// RocksDB keeps one hint per prefix and memtable (about 250 bytes).
class WholeKeyTransform final : public rocksdb::SliceTransform {
 public:
  const char* Name() const override { return "gridledger.WholeKey"; }
  rocksdb::Slice Transform(const rocksdb::Slice& key) const override { return key; }
  bool InDomain(const rocksdb::Slice&) const override { return true; }
};

}  // namespace

struct RocksStore::Rep {
  std::unique_ptr<rocksdb::DB> db;
  std::vector<rocksdb::ColumnFamilyHandle*> handles;
  std::vector<std::string> names;
  rocksdb::ColumnFamilyOptions projection_options;
  rocksdb::ColumnFamilyHandle* cf(FamilyRef f) const { return handles[f.index()]; }
};

struct StoreBatch::Rep {
  const std::vector<rocksdb::ColumnFamilyHandle*>* handles = nullptr;
  rocksdb::WriteBatch batch;
};

namespace {

Status FromRocks(const rocksdb::Status& s, std::string_view context) {
  if (s.ok()) return Status::Ok();
  std::string msg = std::string(context) + ": " + s.ToString();
  if (s.IsNotFound()) return Status::NotFound(msg);
  if (s.IsCorruption()) return Status::Corruption(msg);
  if (s.IsInvalidArgument()) return Status::InvalidArgument(msg);
  if (s.IsIOError()) {
    if (s.subcode() == rocksdb::Status::kNoSpace)
      return Status::IOError(std::string(context) + ": the disk is full (" + s.ToString() + ")");
    return Status::IOError(msg);
  }
  if (s.IsShutdownInProgress() || s.IsBusy() || s.IsTryAgain()) return Status::Unavailable(msg);
  return Status::Internal(msg);
}

// How often a read-only open retries an I/O error (see RocksStore::Open).
constexpr int kReadOnlyOpenRetries = 5;

// Discards RocksDB's info log (a read-only open writes nothing).
class NullLogger final : public rocksdb::Logger {
 public:
  using rocksdb::Logger::Logv;
  void Logv(const char*, va_list) override {}
};

}  // namespace

Result<std::unique_ptr<RocksStore>> RocksStore::Open(const std::string& dir,
                                                     const StoreOptions& options) {
  if (!options.env)  // fault-injection tests bring their own file system
    GL_RETURN_IF_ERROR(PrepareStoreDirectory(dir, options.create_if_missing, options.read_only));
  auto cache = rocksdb::NewLRUCache(options.block_cache_bytes);

  rocksdb::DBOptions db_options;
  db_options.create_if_missing = options.create_if_missing;
  db_options.create_missing_column_families = !options.read_only;
  if (options.read_only) db_options.info_log = std::make_shared<NullLogger>();
  if (options.env) db_options.env = options.env;
  ApplySharedDbOptions(db_options);
  const StorageTuning& tuning = options.tuning;
  db_options.max_background_jobs = tuning.background_jobs;
  if (tuning.background_write_bytes_per_second)
    db_options.rate_limiter.reset(rocksdb::NewGenericRateLimiter(
        static_cast<int64_t>(tuning.background_write_bytes_per_second)));
  if (tuning.lower_background_priority) {
    // Best effort: an Env that cannot change priorities leaves them equal.
    rocksdb::Env* env = options.env ? options.env : rocksdb::Env::Default();
    (void)env->LowerThreadPoolCPUPriority(rocksdb::Env::LOW, rocksdb::CpuPriority::kLow);
    (void)env->LowerThreadPoolCPUPriority(rocksdb::Env::HIGH, rocksdb::CpuPriority::kLow);
  }
  db_options.paranoid_checks = true;
  // A torn last WAL record (power loss mid-write: never acknowledged) is
  // dropped; damage anywhere else in the WAL refuses to open instead of
  // silently recovering only up to it.
  db_options.wal_recovery_mode = rocksdb::WALRecoveryMode::kTolerateCorruptedTailRecords;
  db_options.max_total_wal_size = 256u << 20;
  db_options.keep_log_file_num = 5;
  // One writer thread: concurrent memtable writes buy nothing, and the
  // hash memtable of the ids family does not support them.
  db_options.allow_concurrent_memtable_write = false;
  // recycle_log_file_num stays 0: measured here it did not make durable
  // groups faster, and fresh WAL files keep crash recovery simplest.

  auto tune = [&](rocksdb::ColumnFamilyOptions cf) {
    cf.max_write_buffer_number = tuning.max_write_buffers;
    if (!tuning.compress_upper_levels) cf.compression = rocksdb::kNoCompression;
    return cf;
  };
  auto base = [&](bool bloom) { return tune(FamilyOptions(cache, bloom)); };

  std::vector<rocksdb::ColumnFamilyDescriptor> descriptors;
  rocksdb::ColumnFamilyOptions log_cf = tune(LogFamilyOptions(cache));
  log_cf.write_buffer_size = tuning.log_write_buffer_bytes;
  descriptors.emplace_back(kFamilyNames[0], log_cf);
  rocksdb::ColumnFamilyOptions streams_cf = base(true);
  streams_cf.prefix_extractor = std::make_shared<StreamPrefixTransform>();
  streams_cf.memtable_prefix_bloom_size_ratio = 0.05;
  // A stream's next index row goes in right behind its previous one, and a
  // head rewritten next to its previous version, instead of a search from
  // the skip list's top (measured: Log/DurableAppend, docs/benchmarks.md).
  // RocksDB keeps one hint per prefix and memtable, outside the write
  // buffer's accounting; the small write buffers bound that memory (about
  // 60 bytes per distinct stream in a memtable) and keep these families'
  // flushes short.
  streams_cf.memtable_insert_with_hint_prefix_extractor = streams_cf.prefix_extractor;
  streams_cf.write_buffer_size = 16u << 20;
  descriptors.emplace_back(kFamilyNames[1], streams_cf);
  rocksdb::ColumnFamilyOptions heads_cf = base(true);
  heads_cf.memtable_insert_with_hint_prefix_extractor = std::make_shared<WholeKeyTransform>();
  heads_cf.write_buffer_size = 16u << 20;
  descriptors.emplace_back(kFamilyNames[2], heads_cf);
  // Ids a caller supplies may be random (those the log makes are time-ordered,
  // EventId::Generate): a hash-bucketed memtable inserts either in O(1)
  // instead of walking a skip list with a cache miss per level. Only point
  // lookups are ever made in this family.
  rocksdb::ColumnFamilyOptions ids_cf = base(true);
  ids_cf.prefix_extractor.reset(rocksdb::NewFixedPrefixTransform(8));
  ids_cf.memtable_factory.reset(rocksdb::NewHashSkipListRepFactory(1 << 18));
  descriptors.emplace_back(kFamilyNames[3], ids_cf);
  rocksdb::ColumnFamilyOptions meta_cf = base(false);
  meta_cf.write_buffer_size = 4u << 20;
  // The tail and the summary index rows are rewritten by every group.
  meta_cf.memtable_insert_with_hint_prefix_extractor = std::make_shared<WholeKeyTransform>();
  descriptors.emplace_back(kFamilyNames[4], meta_cf);
  // The time index: one small row per commit group whose time rose.
  rocksdb::ColumnFamilyOptions times_cf = base(false);
  times_cf.write_buffer_size = 4u << 20;
  descriptors.emplace_back(kFamilyNames[5], times_cf);
  // Per-event summaries for filters: small values, scanned in key order.
  descriptors.emplace_back(kFamilyNames[6], base(false));

  std::unique_ptr<RocksStore> store(new RocksStore());
  store->dir_ = dir;
  Rep& rep = *store->rep_;
  rep.projection_options = base(true);
  // Read-model rows are rewritten over and over (a day's statistics
  // buckets by every event that counts there, the checkpoint by every
  // group, a case by each of its events): insert each next to its previous
  // version (measured: ReadModels/Append, docs/benchmarks.md).
  rep.projection_options.memtable_insert_with_hint_prefix_extractor =
      std::make_shared<WholeKeyTransform>();

  // Projection families: those requested plus any already in the store.
  std::vector<std::string> extra = options.extra_families;
  std::vector<std::string> existing;
  if (rocksdb::DB::ListColumnFamilies(db_options, dir, &existing).ok()) {
    for (const auto& name : existing) {
      bool fixed = std::find(std::begin(kFamilyNames), std::end(kFamilyNames), name) !=
                   std::end(kFamilyNames);
      if (!fixed && std::find(extra.begin(), extra.end(), name) == extra.end())
        extra.push_back(name);
    }
  }
  for (const auto& name : extra) descriptors.emplace_back(name, rep.projection_options);
  // Read-only opens leave out the families the store does not have; the
  // fixed ones keep their index (a null handle) so that Family values hold.
  std::vector<bool> opened(descriptors.size(), true);
  if (options.read_only) {
    for (size_t i = 0; i < descriptors.size(); ++i)
      opened[i] =
          std::find(existing.begin(), existing.end(), descriptors[i].name) != existing.end();
  }
  std::vector<rocksdb::ColumnFamilyDescriptor> to_open;
  for (size_t i = 0; i < descriptors.size(); ++i)
    if (opened[i]) to_open.push_back(descriptors[i]);

  rocksdb::DB* raw = nullptr;
  store->read_only_ = options.read_only;
  store->flush_on_close_ = options.flush_on_close;
  rocksdb::Status s =
      options.read_only ? rocksdb::DB::OpenForReadOnly(db_options, dir, to_open, &rep.handles, &raw)
                        : rocksdb::DB::Open(db_options, dir, to_open, &rep.handles, &raw);
  // Read-only beside a running writer, a compaction may delete a table file
  // between RocksDB reading the MANIFEST that names it and opening it: an
  // I/O error that a fresh look at the directory does not have. Try again
  // a few times before reporting it.
  for (int retry = 0; options.read_only && s.IsIOError() && retry < kReadOnlyOpenRetries; ++retry) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10 * (retry + 1)));
    rep.handles.clear();
    s = rocksdb::DB::OpenForReadOnly(db_options, dir, to_open, &rep.handles, &raw);
  }
  if (!s.ok()) {
    std::string text = s.ToString();
    if (s.IsIOError() &&
        (text.find("lock") != std::string::npos || text.find("LOCK") != std::string::npos))
      return Status::Unavailable("data directory " + dir +
                                 " is in use by another GridLedger process (" + text + ")");
    if (s.IsInvalidArgument() && text.find("does not exist") != std::string::npos)
      return Status::NotFound("no GridLedger data directory at " + dir);
    return FromRocks(s, "opening " + dir);
  }
  rep.db.reset(raw);
  if (!options.read_only) {
    // A table file IngestSorted was writing when the process died: never
    // part of the store (only an ingestion that finished is).
    std::error_code ec;
    for (const auto& entry : std::filesystem::directory_iterator(dir, ec))
      if (entry.path().filename().string().rfind(kIngestFilePrefix, 0) == 0)
        std::filesystem::remove(entry.path(), ec);
  }
  std::vector<rocksdb::ColumnFamilyHandle*> handles;
  size_t next = 0;
  for (size_t i = 0; i < descriptors.size(); ++i) {
    if (!opened[i] && i >= static_cast<size_t>(Family::kCount)) continue;
    handles.push_back(opened[i] ? rep.handles[next++] : nullptr);
    rep.names.push_back(descriptors[i].name);
  }
  rep.handles = std::move(handles);
  return store;
}

RocksStore::RocksStore() : rep_(std::make_unique<Rep>()) {}

RocksStore::~RocksStore() {
  if (rep_->db && !read_only_ && flush_on_close_) {
    // A clean close leaves nothing in the WAL to replay: the next open (and
    // every read-only open meanwhile) starts at once instead of re-inserting
    // up to max_total_wal_size of writes into memtables. Best effort: what a
    // failed flush leaves is still in the WAL.
    rocksdb::FlushOptions flush;
    flush.wait = true;
    flush.allow_write_stall = true;
    rep_->db->Flush(flush, rep_->handles).PermitUncheckedError();
  }
  if (rep_->db) {
    for (auto* h : rep_->handles)
      if (h) rep_->db->DestroyColumnFamilyHandle(h);
    rep_->db->Close().PermitUncheckedError();
  }
}

bool RocksStore::Has(FamilyRef family) const { return rep_->cf(family) != nullptr; }

Result<FamilyRef> RocksStore::Extra(const std::string& name) const {
  for (size_t i = static_cast<size_t>(Family::kCount); i < rep_->names.size(); ++i)
    if (rep_->names[i] == name) return FamilyRef(static_cast<int>(i));
  return Status::NotFound("no column family " + name + " in " + dir_);
}

Result<bool> RocksStore::Get(FamilyRef family, std::string_view key, std::string* value,
                             std::string_view context) const {
  if (!Has(family)) return false;
  auto s = rep_->db->Get(rocksdb::ReadOptions(), rep_->cf(family), rocksdb::Slice(key), value);
  if (s.IsNotFound()) return false;
  GL_RETURN_IF_ERROR(FromRocks(s, context));
  return true;
}

namespace {

class Cursor final : public StoreCursor {
 public:
  Cursor(rocksdb::DB* db, rocksdb::ColumnFamilyHandle* cf, CursorBounds bounds)
      : bounds_(std::move(bounds)), lower_(bounds_.lower), upper_(bounds_.upper) {
    rocksdb::ReadOptions ro;
    if (!bounds_.lower.empty()) ro.iterate_lower_bound = &lower_;
    if (!bounds_.upper.empty()) ro.iterate_upper_bound = &upper_;
    ro.prefix_same_as_start = bounds_.same_prefix;
    ro.readahead_size = bounds_.readahead_bytes;
    ro.fill_cache = bounds_.fill_cache;
    it_.reset(db->NewIterator(ro, cf));
  }
  void Seek(std::string_view key) override { it_->Seek(rocksdb::Slice(key)); }
  void SeekForPrev(std::string_view key) override { it_->SeekForPrev(rocksdb::Slice(key)); }
  void SeekToFirst() override { it_->SeekToFirst(); }
  void SeekToLast() override { it_->SeekToLast(); }
  bool Valid() const override { return it_->Valid(); }
  void Next() override { it_->Next(); }
  void Prev() override { it_->Prev(); }
  std::string_view key() const override { return it_->key().ToStringView(); }
  std::string_view value() const override { return it_->value().ToStringView(); }
  Status status(std::string_view context) const override {
    return FromRocks(it_->status(), context);
  }

 private:
  CursorBounds bounds_;
  rocksdb::Slice lower_, upper_;
  std::unique_ptr<rocksdb::Iterator> it_;
};

}  // namespace

namespace {
// The cursor of a family that is not open: always empty.
class EmptyCursor final : public StoreCursor {
 public:
  void Seek(std::string_view) override {}
  void SeekForPrev(std::string_view) override {}
  void SeekToFirst() override {}
  void SeekToLast() override {}
  bool Valid() const override { return false; }
  void Next() override {}
  void Prev() override {}
  std::string_view key() const override { return {}; }
  std::string_view value() const override { return {}; }
  Status status(std::string_view) const override { return Status::Ok(); }
};
}  // namespace

std::unique_ptr<StoreCursor> RocksStore::NewCursor(FamilyRef family, CursorBounds bounds) const {
  if (!Has(family)) return std::make_unique<EmptyCursor>();
  return std::make_unique<Cursor>(rep_->db.get(), rep_->cf(family), std::move(bounds));
}

StoreBatch::StoreBatch(std::unique_ptr<Rep> rep) : rep_(std::move(rep)) {}
StoreBatch::~StoreBatch() = default;
StoreBatch::StoreBatch(StoreBatch&&) noexcept = default;
StoreBatch& StoreBatch::operator=(StoreBatch&&) noexcept = default;

void StoreBatch::Put(FamilyRef family, std::string_view key, std::string_view value) {
  rep_->batch.Put((*rep_->handles)[family.index()], rocksdb::Slice(key), rocksdb::Slice(value))
      .PermitUncheckedError();
}

void StoreBatch::Delete(FamilyRef family, std::string_view key) {
  rep_->batch.Delete((*rep_->handles)[family.index()], rocksdb::Slice(key)).PermitUncheckedError();
}

void StoreBatch::DeleteRange(FamilyRef family, std::string_view begin, std::string_view end) {
  rep_->batch
      .DeleteRange((*rep_->handles)[family.index()], rocksdb::Slice(begin), rocksdb::Slice(end))
      .PermitUncheckedError();
}

void StoreBatch::SetSavePoint() { rep_->batch.SetSavePoint(); }
void StoreBatch::RollbackToSavePoint() { rep_->batch.RollbackToSavePoint().PermitUncheckedError(); }
void StoreBatch::PopSavePoint() { rep_->batch.PopSavePoint().PermitUncheckedError(); }

size_t StoreBatch::Count() const { return static_cast<size_t>(rep_->batch.Count()); }
void StoreBatch::Clear() { rep_->batch.Clear(); }

StoreBatch RocksStore::NewBatch() const {
  auto rep = std::make_unique<StoreBatch::Rep>();
  rep->handles = &rep_->handles;
  return StoreBatch(std::move(rep));
}

Status RocksStore::Write(StoreBatch& batch, bool sync, std::string_view context) {
  rocksdb::WriteOptions wo;
  wo.sync = sync;
  return FromRocks(rep_->db->Write(wo, &batch.rep_->batch), context);
}

Status RocksStore::Put(FamilyRef family, std::string_view key, std::string_view value, bool sync,
                       std::string_view context) {
  rocksdb::WriteOptions wo;
  wo.sync = sync;
  return FromRocks(rep_->db->Put(wo, rep_->cf(family), rocksdb::Slice(key), rocksdb::Slice(value)),
                   context);
}

Status RocksStore::IngestSorted(FamilyRef family, std::string_view key_prefix,
                                const std::vector<std::span<const SortedRow>>& runs,
                                std::string_view context) {
  std::vector<std::span<const SortedRow>> work;
  std::vector<std::string> paths;
  for (const auto& run : runs) {
    if (run.empty()) continue;
    work.push_back(run);
    paths.push_back(dir_ + "/" + kIngestFilePrefix + std::to_string(::getpid()) + "-" +
                    std::to_string(++ingest_files_) + ".sst");
  }
  if (work.empty()) return Status::Ok();
  rocksdb::ColumnFamilyHandle* cf = rep_->cf(family);
  // The family's upper-level compression (LZ4, or none when tuned off), not
  // its bottommost ZSTD, which the writer would otherwise choose: a build's
  // files are written on its critical path, where ZSTD took a tenth of a
  // rebuild. Compaction rewrites them with ZSTD when it merges them into
  // the bottom level.
  rocksdb::Options options = rep_->db->GetOptions(cf);
  options.bottommost_compression = rocksdb::kDisableCompressionOption;
  std::vector<rocksdb::Status> written(work.size());
  auto write = [&](size_t i) {
    rocksdb::SstFileWriter writer(rocksdb::EnvOptions(), options, cf);
    rocksdb::Status s = writer.Open(paths[i]);
    std::string key(key_prefix);
    for (size_t r = 0; s.ok() && r < work[i].size(); ++r) {
      const SortedRow& row = work[i][r];
      key.resize(key_prefix.size());
      key.append(row.key);
      s = row.value ? writer.Put(rocksdb::Slice(key), rocksdb::Slice(*row.value))
                    : writer.Delete(rocksdb::Slice(key));
    }
    if (s.ok()) s = writer.Finish();
    written[i] = s;
  };
  std::vector<std::thread> helpers;
  for (size_t i = 1; i < work.size(); ++i) helpers.emplace_back(write, i);
  write(0);
  for (auto& t : helpers) t.join();
  auto discard = [&paths] {
    std::error_code ec;
    for (const auto& path : paths) std::filesystem::remove(path, ec);
  };
  for (const rocksdb::Status& s : written) {
    if (s.ok()) continue;
    discard();
    return FromRocks(s, std::string(context) + " (writing a table file)");
  }
  rocksdb::IngestExternalFileOptions ingest;
  ingest.move_files = true;  // a hard link: the bytes are written once
  rocksdb::Status s = rep_->db->IngestExternalFile(cf, paths, ingest);
  discard();  // the store keeps its own links to the files
  return FromRocks(s, std::string(context) + " (adding table files)");
}

namespace {
// RocksDB's own recovery after a full disk retries every few seconds; a
// resume meanwhile answers Busy. Wait for it this long before failing.
constexpr int kResumeWaitTries = 700;
constexpr auto kResumeWait = std::chrono::milliseconds(10);
}  // namespace

Status RocksStore::ResumeWrites() {
  rocksdb::Status resumed = rep_->db->Resume();
  for (int i = 0; i < kResumeWaitTries && resumed.IsBusy(); ++i) {
    std::this_thread::sleep_for(kResumeWait);
    resumed = rep_->db->Resume();
  }
  return FromRocks(resumed, "the store cannot accept writes since a failed write");
}

Status RocksStore::Flush(const std::vector<FamilyRef>& families) {
  GL_RETURN_IF_ERROR(FromRocks(rep_->db->FlushWAL(/*sync=*/true), "syncing the WAL"));
  std::vector<rocksdb::ColumnFamilyHandle*> cfs;
  if (families.empty()) cfs = rep_->handles;
  for (FamilyRef f : families) cfs.push_back(rep_->cf(f));
  std::erase(cfs, nullptr);
  return FromRocks(rep_->db->Flush(rocksdb::FlushOptions(), cfs), "flushing");
}

std::vector<FamilyRef> RocksStore::OrEveryFamily(const std::vector<FamilyRef>& families) const {
  if (!families.empty()) return families;
  std::vector<FamilyRef> all;
  for (size_t i = 0; i < rep_->handles.size(); ++i) all.push_back(FamilyRef(static_cast<int>(i)));
  return all;
}

Status RocksStore::FlushAndCompact(const std::vector<FamilyRef>& families) {
  const std::vector<FamilyRef> all = OrEveryFamily(families);
  GL_RETURN_IF_ERROR(FromRocks(rep_->db->FlushWAL(/*sync=*/true), "syncing the WAL"));
  for (FamilyRef f : all) {
    auto* cf = rep_->cf(f);
    if (!cf) continue;
    GL_RETURN_IF_ERROR(FromRocks(rep_->db->Flush(rocksdb::FlushOptions(), cf), "flushing"));
    rocksdb::CompactRangeOptions o;
    o.bottommost_level_compaction = rocksdb::BottommostLevelCompaction::kForce;
    GL_RETURN_IF_ERROR(FromRocks(rep_->db->CompactRange(o, cf, nullptr, nullptr), "compacting"));
  }
  return Status::Ok();
}

Status RocksStore::Checkpoint(const std::string& dir) const {
  rocksdb::Checkpoint* raw = nullptr;
  GL_RETURN_IF_ERROR(FromRocks(rocksdb::Checkpoint::Create(rep_->db.get(), &raw), "checkpoint"));
  std::unique_ptr<rocksdb::Checkpoint> cp(raw);
  return FromRocks(cp->CreateCheckpoint(dir), "writing a checkpoint to " + dir);
}

StoreFigures RocksStore::Figures() const {
  StoreFigures m;
  uint64_t v = 0;
  rocksdb::DB* db = rep_->db.get();
  if (db->GetAggregatedIntProperty("rocksdb.cur-size-all-mem-tables", &v)) m.memtable_bytes = v;
  if (db->GetIntProperty("rocksdb.block-cache-usage", &v)) m.block_cache_bytes = v;
  if (db->GetAggregatedIntProperty("rocksdb.estimate-pending-compaction-bytes", &v))
    m.pending_compaction_bytes = v;
  if (db->GetIntProperty("rocksdb.is-write-stopped", &v)) m.write_stopped = v != 0;
  if (db->GetIntProperty("rocksdb.actual-delayed-write-rate", &v)) m.delayed_write_rate = v;
  return m;
}

uint64_t RocksStore::DiskBytes(const std::vector<FamilyRef>& families) const {
  uint64_t total = 0, v = 0;
  for (FamilyRef f : OrEveryFamily(families))
    if (Has(f) && rep_->db->GetIntProperty(rep_->cf(f), "rocksdb.live-sst-files-size", &v))
      total += v;
  if (rep_->db->GetIntProperty("rocksdb.total-wal-size", &v)) total += v;  // may be absent
  return total;
}

uint64_t RocksStore::EstimateKeys(FamilyRef family) const {
  uint64_t v = 0;
  if (Has(family) && rep_->db->GetIntProperty(rep_->cf(family), "rocksdb.estimate-num-keys", &v))
    return v;
  return 0;
}

Status RocksStore::VerifyFileChecksums() const {
  return FromRocks(rep_->db->VerifyChecksum(), "checking the store's table files");
}

Status RocksStore::ResetFamily(const std::string& name) {
  rocksdb::DB* db = rep_->db.get();
  for (size_t i = static_cast<size_t>(Family::kCount); i < rep_->names.size(); ++i) {
    if (rep_->names[i] != name) continue;
    auto s = db->DropColumnFamily(rep_->handles[i]);
    if (!s.ok()) return FromRocks(s, "dropping projection " + name);
    db->DestroyColumnFamilyHandle(rep_->handles[i]);
    rocksdb::ColumnFamilyHandle* h = nullptr;
    s = db->CreateColumnFamily(rep_->projection_options, name, &h);
    if (!s.ok()) return FromRocks(s, "recreating projection " + name);
    rep_->handles[i] = h;
    return Status::Ok();
  }
  return Status::NotFound("no projection family " + name);
}

}  // namespace gridledger
