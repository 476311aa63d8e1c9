// Disk full: a file system that refuses writes on command (RocksDB's
// FileSystemWrapper). Appends fail with a clear error, nothing acknowledged
// is lost, and the log accepts appends again once space returns.
#include <rocksdb/env.h>
#include <rocksdb/file_system.h>

#include <atomic>

#include "log/event_log_impl.h"
#include "log/log_test_util.h"

namespace gridledger {
namespace {

using testing::Note;
using testing::TempDir;

std::atomic<bool> g_disk_full{false};

class FullDiskFile : public rocksdb::FSWritableFileOwnerWrapper {
 public:
  using FSWritableFileOwnerWrapper::FSWritableFileOwnerWrapper;
  rocksdb::IOStatus Append(const rocksdb::Slice& data, const rocksdb::IOOptions& o,
                           rocksdb::IODebugContext* d) override {
    if (g_disk_full) return rocksdb::IOStatus::NoSpace("injected: no space left on device");
    return FSWritableFileOwnerWrapper::Append(data, o, d);
  }
  rocksdb::IOStatus Append(const rocksdb::Slice& data, const rocksdb::IOOptions& o,
                           const rocksdb::DataVerificationInfo& v,
                           rocksdb::IODebugContext* d) override {
    if (g_disk_full) return rocksdb::IOStatus::NoSpace("injected: no space left on device");
    return FSWritableFileOwnerWrapper::Append(data, o, v, d);
  }
  rocksdb::IOStatus Sync(const rocksdb::IOOptions& o, rocksdb::IODebugContext* d) override {
    if (g_disk_full) return rocksdb::IOStatus::NoSpace("injected: no space left on device");
    return FSWritableFileOwnerWrapper::Sync(o, d);
  }
};

class FullDiskFs : public rocksdb::FileSystemWrapper {
 public:
  FullDiskFs() : FileSystemWrapper(rocksdb::FileSystem::Default()) {}
  const char* Name() const override { return "FullDiskFs"; }
  rocksdb::IOStatus NewWritableFile(const std::string& f, const rocksdb::FileOptions& o,
                                    std::unique_ptr<rocksdb::FSWritableFile>* r,
                                    rocksdb::IODebugContext* d) override {
    std::unique_ptr<rocksdb::FSWritableFile> file;
    auto s = FileSystemWrapper::NewWritableFile(f, o, &file, d);
    if (s.ok()) r->reset(new FullDiskFile(std::move(file)));
    return s;
  }
};

TEST(DiskFull, AppendsFailClearlyLoseNothingAndRecoverWhenSpaceReturns) {
  TempDir dir;
  auto env = rocksdb::NewCompositeEnv(std::make_shared<FullDiskFs>());
  auto opened = EventLogImpl::OpenImpl(dir.path(), {}, {}, env.get());
  ASSERT_TRUE(opened.ok()) << opened.status().ToString();
  auto log = std::move(opened).value();
  for (int i = 0; i < 10; ++i)
    ASSERT_TRUE(log->Append(StreamId{"s"}, {}, {Note("before")}, {}).ok());

  g_disk_full = true;
  auto failed = log->Append(StreamId{"s"}, {}, {Note("during")}, {});
  ASSERT_FALSE(failed.ok());
  EXPECT_EQ(failed.error().code(), StatusCode::kIOError);
  EXPECT_NE(failed.error().message().find("disk is full"), std::string::npos)
      << failed.error().ToString();
  EXPECT_EQ(log->Committed(), Position{10});  // nothing half-written is visible

  g_disk_full = false;
  auto after = log->Append(StreamId{"s"}, {}, {Note("after")}, {});
  ASSERT_TRUE(after.ok()) << after.status().ToString();
  EXPECT_EQ(after->first_position, Position{11});  // positions stay gap-free
  log.reset();

  auto reopened = EventLog::Open(dir.path());
  ASSERT_TRUE(reopened.ok()) << reopened.status().ToString();
  EXPECT_EQ((*reopened)->Committed(), Position{11});
  auto events =
      (*reopened)->ReadStream(StreamId{"s"}, StreamVersion{1}, ReadDirection::kForward, 100);
  ASSERT_TRUE(events.ok());
  ASSERT_EQ(events->size(), 11u);
  EXPECT_EQ(testing::NoteText(events->back()), "after");
  auto report = (*reopened)->Verify();
  ASSERT_TRUE(report.ok());
  EXPECT_TRUE(report->ok()) << report->problem;
}

}  // namespace
}  // namespace gridledger
