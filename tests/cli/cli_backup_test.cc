// `gridledger backup`: what its help says is true, it never writes into
// the store it copies, and a copy of damaged files is refused.
#include <gmock/gmock.h>

#include <filesystem>
#include <fstream>

#include "cli_test_util.h"

namespace gridledger::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
namespace fs = std::filesystem;

class CliBackup : public ::testing::Test {
 protected:
  void SetUp() override { cli_.Ok("simulate --days 2 --seed 4 --end 2026-11-23T08:00:00+08:00"); }
  Cli cli_;
};

TEST_F(CliBackup, HelpDoesNotPromiseBackupsOfARunningStore) {
  CliResult r = cli_.RunRaw("backup --help");
  EXPECT_EQ(r.code, 0);
  EXPECT_THAT(r.out, Not(HasSubstr("safe while running")));
  EXPECT_THAT(r.out, HasSubstr("must not be open in another process"));
}

TEST_F(CliBackup, ATargetInsideTheDataDirectoryIsRefused) {
  CliResult r = cli_.Run("backup " + ShellQuote(cli_.data() + "/backups/today"));
  EXPECT_EQ(r.code, 2);
  EXPECT_THAT(r.err, HasSubstr("is inside the data directory"));
  EXPECT_FALSE(fs::exists(cli_.data() + "/backups"));
}

TEST_F(CliBackup, ABackupOfDamagedFilesFailsAndLeavesNoCopy) {
  cli_.Ok("compact");
  fs::path biggest;
  for (const auto& e : fs::directory_iterator(cli_.data()))
    if (e.path().extension() == ".sst" &&
        (biggest.empty() || e.file_size() > fs::file_size(biggest)))
      biggest = e.path();
  ASSERT_FALSE(biggest.empty());
  {
    std::fstream f(biggest, std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(static_cast<std::streamoff>(fs::file_size(biggest) / 3));
    f.write("\xde\xad\xbe\xef\xde\xad\xbe\xef", 8);
  }
  std::string target = cli_.Sub("backup");
  CliResult r = cli_.Run("backup " + ShellQuote(target));
  EXPECT_EQ(r.code, 1) << r.out;
  EXPECT_THAT(r.err, HasSubstr("damaged"));
  EXPECT_FALSE(fs::exists(target));
}

// The table files' bytes in the data directory.
uint64_t TableFileBytes(const std::string& dir) {
  uint64_t total = 0;
  for (const auto& e : fs::directory_iterator(dir))
    if (e.path().extension() == ".sst") total += e.file_size();
  return total;
}

TEST_F(CliBackup, CompactReclaimsTheReadModelsOldGenerationsAndCountsTheWholeStore) {
  // Each rebuild leaves the generation before it deleted but still in the
  // table files until a compaction: compact takes every family, the read
  // models' too, and its figures are the whole store's.
  cli_.Ok("rebuild");
  cli_.Ok("rebuild");
  const uint64_t before = TableFileBytes(cli_.data());
  const std::string out = cli_.Ok("--json compact");
  const uint64_t after = TableFileBytes(cli_.data());
  EXPECT_LT(after, before);
  auto reported = [&](const std::string& key) {
    const size_t at = out.find("\"" + key + "\":");
    EXPECT_NE(at, std::string::npos) << out;
    return at == std::string::npos ? 0 : std::stoull(out.substr(at + key.size() + 3));
  };
  // bytesAfter is the live table files plus the WAL: never fewer than the
  // table files left on disk.
  EXPECT_GE(reported("bytesAfter"), after) << out;
  EXPECT_GE(reported("bytesBefore"), reported("bytesAfter")) << out;
  EXPECT_THAT(cli_.Ok("verify"), HasSubstr("projections: ok"));
}

TEST_F(CliBackup, AGoodBackupVerifiesAndRestores) {
  std::string target = cli_.Sub("backup");
  cli_.Ok("backup " + ShellQuote(target));
  cli_.Ok("restore " + ShellQuote(target) + " " + ShellQuote(cli_.Sub("restored")));
}

}  // namespace
}  // namespace gridledger::testing
