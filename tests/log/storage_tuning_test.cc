// LogOptions::storage: out-of-range values are refused before anything is
// written, and a tuned store keeps every event and opens with any tuning.
#include <rocksdb/table_properties.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>
#include <string>
#include <thread>

#include "log/log_test_util.h"
#include "log/raw_store.h"

namespace gridledger {
namespace {

using testing::Note;
using testing::OpenLog;
using testing::TempDir;

size_t TableFiles(const std::string& dir) {
  size_t n = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir))
    if (entry.path().extension() == ".sst") ++n;
  return n;
}

// The highest nice value among this process's RocksDB background threads
// ("rocksdb:low", "rocksdb:high"); -100 when there are none.
int BackgroundThreadsNice() {
  int highest = -100;
  for (const auto& task : std::filesystem::directory_iterator("/proc/self/task")) {
    std::ifstream comm(task.path() / "comm");
    std::string name;
    std::getline(comm, name);
    if (name.rfind("rocksdb:", 0) != 0) continue;
    std::ifstream stat_file(task.path() / "stat");
    std::string stat((std::istreambuf_iterator<char>(stat_file)), {});
    std::istringstream fields(stat.substr(stat.rfind(')') + 2));
    std::string field;
    for (int i = 3; i <= 19 && fields >> field; ++i)
      if (i == 19) highest = std::max(highest, std::stoi(field));  // nice
  }
  return highest;
}

TEST(StorageTuning, OutOfRangeValuesAreRefusedNamingTheFieldAndCreateNothing) {
  struct Case {
    const char* field;
    StorageTuning tuning;
  };
  StorageTuning tiny_buffer, one_buffer, many_buffers, no_jobs;
  tiny_buffer.log_write_buffer_bytes = 4096;
  one_buffer.max_write_buffers = 1;
  many_buffers.max_write_buffers = 17;
  no_jobs.background_jobs = 0;
  for (const Case& c :
       {Case{"log_write_buffer_bytes", tiny_buffer}, Case{"max_write_buffers", one_buffer},
        Case{"max_write_buffers", many_buffers}, Case{"background_jobs", no_jobs}}) {
    SCOPED_TRACE(c.field);
    TempDir dir;
    LogOptions options;
    options.storage = c.tuning;
    auto log = EventLog::Open(dir.Sub("db"), options);
    ASSERT_FALSE(log.ok());
    EXPECT_EQ(log.error().code(), StatusCode::kInvalidArgument);
    EXPECT_NE(log.error().message().find(c.field), std::string::npos) << log.error().ToString();
    EXPECT_FALSE(std::filesystem::exists(dir.Sub("db")));
  }
}

TEST(StorageTuning, ATunedStoreFlushesItsSmallBuffersAndKeepsEveryEvent) {
  TempDir dir;
  LogOptions tuned;
  tuned.flush_on_close = false;  // table files only from the small buffers
  tuned.storage.log_write_buffer_bytes = 1u << 20;
  tuned.storage.max_write_buffers = 4;
  tuned.storage.background_jobs = 1;
  tuned.storage.compress_upper_levels = false;
  tuned.storage.background_write_bytes_per_second = 64u << 20;
  tuned.storage.lower_background_priority = true;
  constexpr int kEvents = 1200;  // ~3.6 MiB of event bytes
  {
    auto log = OpenLog(dir.Sub("db"), tuned);
    ASSERT_NE(log, nullptr);
    for (int i = 0; i < kEvents; ++i)
      ASSERT_TRUE(log->Append(StreamId{"case-" + std::to_string(i % 7)}, {},
                              {Note(std::to_string(i) + std::string(3000, 'x'))},
                              {.durability = Durability::kBuffered})
                      .ok());
    auto report = log->Verify();
    ASSERT_TRUE(report.ok() && report->ok());
    // With the default 64 MiB buffer nothing would be flushed yet; with
    // 1 MiB buffers the full ones are, by background threads that run below
    // the writer's priority, so on a busy machine they may take a while:
    // wait for the first table file (a close does not wait for flushes that
    // have not started, and flush_on_close is off).
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    while (TableFiles(dir.Sub("db")) == 0 && std::chrono::steady_clock::now() < deadline)
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    EXPECT_GT(TableFiles(dir.Sub("db")), 0u);
    EXPECT_GT(BackgroundThreadsNice(), 0);
  }
  // Any tuning opens any store: back to the defaults.
  auto log = OpenLog(dir.Sub("db"));
  ASSERT_NE(log, nullptr);
  EXPECT_EQ(log->Committed(), Position{kEvents});
  auto report = log->Verify();
  ASSERT_TRUE(report.ok());
  EXPECT_TRUE(report->ok()) << report->problem;
  auto all = log->ReadAll(Position{1}, kEvents);
  ASSERT_TRUE(all.ok());
  EXPECT_EQ(all->size(), static_cast<size_t>(kEvents));
}

// The compression of every table file of family `name` ("" when none).
std::vector<std::string> Compressions(testing::RawStore& raw, const std::string& name) {
  rocksdb::TablePropertiesCollection tables;
  auto s = raw.db()->GetPropertiesOfAllTables(raw.Family(name), &tables);
  EXPECT_TRUE(s.ok()) << s.ToString();
  std::vector<std::string> out;
  for (const auto& [file, properties] : tables) out.push_back(properties->compression_name);
  return out;
}

// The events' own bytes are read whole by every scan, catch-up, rebuild and
// verify: their last level is LZ4 (cheap to decompress), the indexes' ZSTD.
TEST(StorageTuning, TheEventsLastLevelIsLz4AndTheIndexesZstd) {
  TempDir dir;
  {
    auto log = OpenLog(dir.Sub("db"));
    ASSERT_NE(log, nullptr);
    for (int i = 0; i < 300; ++i)
      ASSERT_TRUE(log->Append(StreamId{"case-" + std::to_string(i % 7)}, {},
                              {Note(std::to_string(i) + std::string(500, 'x'))},
                              {.durability = Durability::kBuffered})
                      .ok());
    ASSERT_TRUE(log->Compact().ok());  // everything into the last level
  }
  testing::RawStore raw(dir.Sub("db"));
  ASSERT_TRUE(raw.ok());
  auto events = Compressions(raw, "default");
  ASSERT_FALSE(events.empty());
  for (const auto& c : events) EXPECT_EQ(c, "LZ4") << "events' family";
  auto index = Compressions(raw, "streams");
  ASSERT_FALSE(index.empty());
  for (const auto& c : index) EXPECT_EQ(c, "ZSTD") << "stream index";
}

}  // namespace
}  // namespace gridledger
