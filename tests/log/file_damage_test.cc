// Damage at the file level, as a failing disk would do it: flipped bytes in
// an SST file or in the WAL. The log must refuse to serve wrong data and say
// what is corrupt; Verify names where it stopped.
#include <filesystem>
#include <fstream>

#include "log/log_test_util.h"

namespace gridledger {
namespace {

using testing::Note;
using testing::OpenLog;
using testing::TempDir;
namespace fs = std::filesystem;

std::vector<fs::path> FilesEndingIn(const std::string& dir, const std::string& ext) {
  std::vector<fs::path> out;
  for (const auto& e : fs::directory_iterator(dir))
    if (e.path().extension() == ext) out.push_back(e.path());
  std::sort(out.begin(), out.end());
  return out;
}

// Flips every bit of `count` bytes starting at `offset` in `file`.
void FlipBytes(const fs::path& file, uint64_t offset, int count) {
  std::fstream f(file, std::ios::in | std::ios::out | std::ios::binary);
  ASSERT_TRUE(f.good()) << file;
  for (int i = 0; i < count; ++i) {
    f.seekg(static_cast<std::streamoff>(offset + i));
    char c = 0;
    f.read(&c, 1);
    c = static_cast<char>(~c);
    f.seekp(static_cast<std::streamoff>(offset + i));
    f.write(&c, 1);
  }
}

void Fill(const std::string& dir, int events) {
  LogOptions options;
  options.flush_on_close = false;  // what a crash leaves: the events in the WAL only
  auto log = OpenLog(dir, options);
  for (int i = 0; i < events; ++i)
    ASSERT_TRUE(log->Append(StreamId{"s-" + std::to_string(i % 7)}, {},
                            {Note("巡查记录 " + std::string(200, 'x') + std::to_string(i))})
                    .ok());
}

TEST(FileDamage, FlippedBytesInAnSstFileAreReportedAsCorruptionNeverServed) {
  TempDir dir;
  Fill(dir.path(), 2000);
  {
    auto log = OpenLog(dir.path());
    ASSERT_TRUE(log->Compact().ok());
  }
  // The largest SST holds the log's values; damage its middle.
  auto ssts = FilesEndingIn(dir.path(), ".sst");
  ASSERT_FALSE(ssts.empty());
  fs::path biggest = *std::max_element(
      ssts.begin(), ssts.end(),
      [](const fs::path& a, const fs::path& b) { return fs::file_size(a) < fs::file_size(b); });
  FlipBytes(biggest, fs::file_size(biggest) / 3, 16);

  auto log = EventLog::Open(dir.path());
  if (!log.ok()) {  // refusing to open is an acceptable answer, if it says why
    EXPECT_EQ(log.error().code(), StatusCode::kCorruption) << log.error().ToString();
    return;
  }
  auto all = (*log)->ReadAll(Position{1}, 100000);
  ASSERT_FALSE(all.ok()) << "damaged data was served";
  EXPECT_EQ(all.error().code(), StatusCode::kCorruption) << all.error().ToString();
  auto report = (*log)->Verify();
  ASSERT_TRUE(report.ok());
  ASSERT_FALSE(report->ok());
  ASSERT_TRUE(report->first_bad_position.has_value());
  EXPECT_GT(report->first_bad_position->value, 0u);
  EXPECT_LE(report->first_bad_position->value, 2000u);
  EXPECT_NE(report->problem.find("Corruption"), std::string::npos) << report->problem;
}

TEST(FileDamage, FlippedBytesInTheMiddleOfTheWalRefuseToOpen) {
  TempDir dir;
  Fill(dir.path(), 300);  // stays in the memtable and the WAL: no flush
  auto wals = FilesEndingIn(dir.path(), ".log");
  ASSERT_FALSE(wals.empty());
  fs::path wal = wals.back();
  ASSERT_GT(fs::file_size(wal), 4096u);
  FlipBytes(wal, fs::file_size(wal) / 2, 8);
  auto log = EventLog::Open(dir.path());
  ASSERT_FALSE(log.ok()) << "opened over a damaged WAL, losing what followed the damage";
  EXPECT_EQ(log.error().code(), StatusCode::kCorruption) << log.error().ToString();
}

}  // namespace
}  // namespace gridledger
