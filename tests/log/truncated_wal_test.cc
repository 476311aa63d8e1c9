// A WAL that lost its tail (a truncated or half-copied file) takes the
// log's own tail record with it; the durable high-water mark beside it does
// not go along, so open refuses instead of silently serving fewer events.
#include <gmock/gmock.h>

#include <atomic>
#include <filesystem>
#include <thread>

#include "log/log_test_util.h"

namespace gridledger {
namespace {

using testing::Note;
using testing::OpenLog;
using testing::TempDir;
namespace fs = std::filesystem;

constexpr int kEvents = 300;

fs::path OnlyWal(const std::string& dir) {
  std::vector<fs::path> wals;
  for (const auto& e : fs::directory_iterator(dir))
    if (e.path().extension() == ".log") wals.push_back(e.path());
  EXPECT_EQ(wals.size(), 1u) << "the events should still be in one WAL file";
  return wals.empty() ? fs::path() : wals.back();
}

class TruncatedWal : public ::testing::TestWithParam<double> {};

TEST_P(TruncatedWal, OpenRefusesALogBehindItsHighWaterMark) {
  TempDir original;
  {
    LogOptions options;
    options.flush_on_close = false;  // what a crash leaves: the events in the WAL only
    auto log = OpenLog(original.path(), options);
    for (int i = 0; i < kEvents; ++i)  // each acknowledged (durable) on its own
      ASSERT_TRUE(log->Append(StreamId{"s-" + std::to_string(i % 5)}, {},
                              {Note("巡查 " + std::string(100, 'x') + std::to_string(i))})
                      .ok());
  }
  TempDir copy;
  fs::copy(original.path(), copy.path(),
           fs::copy_options::recursive | fs::copy_options::overwrite_existing);
  fs::path wal = OnlyWal(copy.path());
  ASSERT_FALSE(wal.empty());
  auto size = fs::file_size(wal);
  fs::resize_file(wal, static_cast<uintmax_t>(static_cast<double>(size) * GetParam()));

  auto log = EventLog::Open(copy.path());
  ASSERT_FALSE(log.ok()) << "opened with events missing after truncating the WAL to "
                         << GetParam() * 100 << "%";
  EXPECT_EQ(log.error().code(), StatusCode::kCorruption) << log.error().ToString();
  EXPECT_THAT(log.error().message(), ::testing::HasSubstr("were acknowledged"));
  EXPECT_THAT(log.error().message(), ::testing::HasSubstr("gridledger restore"));
  // Read-only opens refuse too (verify and info must not say ok).
  LogOptions read_only;
  read_only.read_only = true;
  EXPECT_FALSE(EventLog::Open(copy.path(), read_only).ok());
}

// From nothing left to a single lost record at the end.
INSTANTIATE_TEST_SUITE_P(Points, TruncatedWal, ::testing::Values(0.0, 0.25, 0.5, 0.9, 0.999));

TEST(HighWaterMark, AnIntactLogOpensAndKeepsItsMark) {
  TempDir dir;
  {
    auto log = OpenLog(dir.path());
    ASSERT_TRUE(log->Append(StreamId{"s"}, {}, {Note("a"), Note("b")}).ok());
  }
  auto log = OpenLog(dir.path());
  ASSERT_NE(log, nullptr);
  EXPECT_EQ(log->Committed(), Position{2});
  EXPECT_EQ(fs::file_size(fs::path(dir.path()) / "HIGH_WATER"), 16u);
}

}  // namespace
}  // namespace gridledger

namespace gridledger {
namespace {

// A read-only open beside a live writer (`gridledger info` next to a
// running kiosk) must never mistake the writer's progress for damage: the
// writer raises the mark after each group is in the WAL, so the mark has to
// be read before the store, not after it (then it could already name
// events the opened store does not hold yet).
TEST(HighWaterMark, ReadOnlyOpensBesideALiveWriterNeverReportDamage) {
  TempDir dir;
  auto writer = OpenLog(dir.path());
  ASSERT_NE(writer, nullptr);
  std::atomic<bool> stop{false};
  std::atomic<uint64_t> appended{0};
  std::thread appender([&] {
    for (int i = 0; !stop; ++i) {
      ASSERT_TRUE(writer
                      ->Append(StreamId{"s-" + std::to_string(i % 9)}, {},
                               {Note("巡查 " + std::to_string(i))},
                               {.durability = Durability::kBuffered})
                      .ok());
      ++appended;
    }
  });
  while (appended < 100) std::this_thread::yield();
  for (int i = 0; i < 40; ++i) {
    LogOptions read_only;
    read_only.read_only = true;
    auto log = EventLog::Open(dir.path(), read_only);
    ASSERT_TRUE(log.ok()) << "open " << i << ": " << log.error().ToString();
    EXPECT_GT((*log)->Committed().value, 0u);
  }
  stop = true;
  appender.join();
}

}  // namespace
}  // namespace gridledger
