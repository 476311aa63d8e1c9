// An append is never acknowledged before its group's WAL sync: a file
// system whose WAL syncs wait at a gate shows a durable append blocked
// while its sync is held, nothing of it readable, and returning only once
// the sync went through. A buffered append does not wait for any sync.
#include <rocksdb/env.h>
#include <rocksdb/file_system.h>

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "log/event_log_impl.h"
#include "log/log_test_util.h"

namespace gridledger {
namespace {

using testing::Note;
using testing::TempDir;

// The WAL's syncs: counted, and held while the gate is closed.
struct SyncGate {
  std::mutex mu;
  std::condition_variable cv;
  bool closed = false;
  int waiting = 0;
  int completed = 0;

  void Pass() {
    std::unique_lock lock(mu);
    ++waiting;
    cv.notify_all();
    cv.wait(lock, [&] { return !closed; });
    --waiting;
  }
  void Done() {
    std::lock_guard lock(mu);
    ++completed;
    cv.notify_all();
  }
};

SyncGate g_gate;

class GatedFile : public rocksdb::FSWritableFileOwnerWrapper {
 public:
  using FSWritableFileOwnerWrapper::FSWritableFileOwnerWrapper;
  rocksdb::IOStatus Sync(const rocksdb::IOOptions& o, rocksdb::IODebugContext* d) override {
    g_gate.Pass();
    auto s = FSWritableFileOwnerWrapper::Sync(o, d);
    g_gate.Done();
    return s;
  }
  rocksdb::IOStatus Fsync(const rocksdb::IOOptions& o, rocksdb::IODebugContext* d) override {
    g_gate.Pass();
    auto s = FSWritableFileOwnerWrapper::Fsync(o, d);
    g_gate.Done();
    return s;
  }
};

class GatedWalFs : public rocksdb::FileSystemWrapper {
 public:
  GatedWalFs() : FileSystemWrapper(rocksdb::FileSystem::Default()) {}
  const char* Name() const override { return "GatedWalFs"; }
  rocksdb::IOStatus NewWritableFile(const std::string& f, const rocksdb::FileOptions& o,
                                    std::unique_ptr<rocksdb::FSWritableFile>* r,
                                    rocksdb::IODebugContext* d) override {
    std::unique_ptr<rocksdb::FSWritableFile> file;
    auto s = FileSystemWrapper::NewWritableFile(f, o, &file, d);
    bool wal = f.size() > 4 && f.compare(f.size() - 4, 4, ".log") == 0;
    if (s.ok()) r->reset(wal ? new GatedFile(std::move(file)) : file.release());
    return s;
  }
  rocksdb::IOStatus ReuseWritableFile(const std::string& f, const std::string& old,
                                      const rocksdb::FileOptions& o,
                                      std::unique_ptr<rocksdb::FSWritableFile>* r,
                                      rocksdb::IODebugContext* d) override {
    std::unique_ptr<rocksdb::FSWritableFile> file;
    auto s = FileSystemWrapper::ReuseWritableFile(f, old, o, &file, d);
    if (s.ok()) r->reset(new GatedFile(std::move(file)));
    return s;
  }
};

TEST(SyncOrder, ADurableAppendIsAcknowledgedOnlyAfterItsGroupsSync) {
  TempDir dir;
  auto env = rocksdb::NewCompositeEnv(std::make_shared<GatedWalFs>());
  auto opened = EventLogImpl::OpenImpl(dir.path(), {}, {}, env.get());
  ASSERT_TRUE(opened.ok()) << opened.status().ToString();
  auto log = std::move(opened).value();
  ASSERT_TRUE(log->Append(StreamId{"s"}, {}, {Note("warm-up")}, {}).ok());
  const Position before = log->Committed();

  {
    std::lock_guard lock(g_gate.mu);
    g_gate.closed = true;
  }
  std::atomic<bool> acknowledged{false};
  int completed_before = 0;
  {
    std::lock_guard lock(g_gate.mu);
    completed_before = g_gate.completed;
  }
  std::thread appender([&] {
    auto r = log->Append(StreamId{"s"}, {}, {Note("durable")}, AppendOptions{Durability::kDurable});
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    acknowledged = true;
  });
  {
    // The writer has reached the group's sync and is held there.
    std::unique_lock lock(g_gate.mu);
    g_gate.cv.wait(lock, [&] { return g_gate.waiting > 0; });
  }
  EXPECT_FALSE(acknowledged.load()) << "acknowledged while its sync had not happened";
  EXPECT_EQ(log->Committed(), before) << "readable before it was durable";
  {
    std::lock_guard lock(g_gate.mu);
    g_gate.closed = false;
  }
  g_gate.cv.notify_all();
  appender.join();
  EXPECT_TRUE(acknowledged.load());
  {
    std::lock_guard lock(g_gate.mu);
    EXPECT_GT(g_gate.completed, completed_before) << "acknowledged without a sync";
  }
  EXPECT_EQ(log->Committed().value, before.value + 1);

  // Buffered appends do not wait for a sync, so a held gate does not stop them.
  {
    std::lock_guard lock(g_gate.mu);
    g_gate.closed = true;
    completed_before = g_gate.completed;
  }
  ASSERT_TRUE(
      log->Append(StreamId{"s"}, {}, {Note("buffered")}, AppendOptions{Durability::kBuffered})
          .ok());
  {
    std::lock_guard lock(g_gate.mu);
    EXPECT_EQ(g_gate.completed, completed_before);
    g_gate.closed = false;
  }
  g_gate.cv.notify_all();
}

}  // namespace
}  // namespace gridledger
