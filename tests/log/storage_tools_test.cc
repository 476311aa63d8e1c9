// The store is open to RocksDB's and Cap'n Proto's own tools: a value dumped
// with `ldb` decodes with `capnp decode` and the project's schema. This is
// the procedure docs/storage.md documents; the test keeps it true.
#include <sys/wait.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>

#include "log/log_test_util.h"

namespace gridledger {
namespace {

using testing::Note;
using testing::OpenLog;
using testing::TempDir;

// Runs `command` with /bin/sh; returns its exit code and stdout.
struct ShellResult {
  int exit_code = -1;
  std::string out;
};
ShellResult Shell(const std::string& command) {
  ShellResult run;
  FILE* pipe = ::popen(command.c_str(), "r");
  if (!pipe) return run;
  char buffer[4096];
  size_t n;
  while ((n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0) run.out.append(buffer, n);
  int status = ::pclose(pipe);
  run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return run;
}

bool Installed(const std::string& tool) {
  return Shell("command -v " + tool + " >/dev/null 2>&1").exit_code == 0;
}

// "0x0A1b..." (ldb's --hex output) to bytes; empty on malformed input.
std::string FromHex(std::string hex) {
  while (!hex.empty() && (hex.back() == '\n' || hex.back() == '\r' || hex.back() == ' '))
    hex.pop_back();
  if (hex.rfind("0x", 0) == 0) hex = hex.substr(2);
  if (hex.size() % 2) return {};
  std::string out;
  for (size_t i = 0; i < hex.size(); i += 2) {
    unsigned byte = 0;
    if (std::sscanf(hex.c_str() + i, "%2x", &byte) != 1) return {};
    out.push_back(static_cast<char>(byte));
  }
  return out;
}

class StorageTools : public ::testing::Test {
 protected:
  void SetUp() override {
    for (const char* tool : {"ldb", "capnp"})
      if (!Installed(tool)) GTEST_SKIP() << tool << " is not installed";
    auto log = OpenLog(dir_.Sub("db"));
    ASSERT_NE(log, nullptr);
    ASSERT_TRUE(log->Append(StreamId{"case-20261123-000042"}, {},
                            {Note("the drain on Xingfu Road is blocked")})
                    .ok());
    ASSERT_TRUE(log->Append(StreamId{"case-20261123-000043"}, {}, {Note("second")}).ok());
  }  // the log is closed here: ldb needs the directory's lock
  TempDir dir_;
};

TEST_F(StorageTools, LdbDumpsAValueThatCapnpDecodeReads) {
  // Position 1 is key 0x0000000000000001 in the default column family.
  ShellResult dump = Shell("ldb --db=" + dir_.Sub("db") + " get --hex 0x0000000000000001 2>&1");
  ASSERT_EQ(dump.exit_code, 0) << dump.out;
  std::string value = FromHex(dump.out);
  ASSERT_FALSE(value.empty()) << "ldb printed: " << dump.out;
  {
    std::ofstream out(dir_.Sub("value.bin"), std::ios::binary);
    out.write(value.data(), static_cast<std::streamsize>(value.size()));
  }
  ShellResult decoded = Shell("capnp decode " GL_SCHEMA_DIR "/events.capnp Envelope < " +
                              dir_.Sub("value.bin") + " 2>&1");
  ASSERT_EQ(decoded.exit_code, 0) << decoded.out;
  EXPECT_NE(decoded.out.find("the drain on Xingfu Road is blocked"), std::string::npos)
      << decoded.out;
  EXPECT_NE(decoded.out.find("streamId = \"case-20261123-000042\""), std::string::npos)
      << decoded.out;
  EXPECT_NE(decoded.out.find("position = 1"), std::string::npos) << decoded.out;
  EXPECT_NE(decoded.out.find("patrolRecorded"), std::string::npos) << decoded.out;
}

TEST_F(StorageTools, LdbListsTheLogsColumnFamilies) {
  ShellResult list = Shell("ldb --db=" + dir_.Sub("db") + " list_column_families 2>&1");
  ASSERT_EQ(list.exit_code, 0) << list.out;
  for (const char* family : {"default", "streams", "heads", "ids", "meta"})
    EXPECT_NE(list.out.find(family), std::string::npos) << list.out;
}

TEST_F(StorageTools, LdbScansTheStreamIndex) {
  // streams: stream id, NUL, BE64(version) -> BE64(position).
  ShellResult scan = Shell("ldb --db=" + dir_.Sub("db") +
                           " scan --column_family=streams --key_hex --value_hex 2>&1");
  ASSERT_EQ(scan.exit_code, 0) << scan.out;
  // "case-20261123-000043" NUL version 1 -> position 2
  EXPECT_NE(scan.out.find("0x636173652D32303236313132332D30303030343300"
                          "0000000000000001 : 0x0000000000000002"),
            std::string::npos)
      << scan.out;
}

TEST_F(StorageTools, SstDumpReadsTheFlushedLog) {
  if (!Installed("sst_dump")) GTEST_SKIP() << "sst_dump is not installed";
  {
    auto log = OpenLog(dir_.Sub("db"));
    ASSERT_TRUE(log->Compact().ok());
  }
  ShellResult check = Shell("sst_dump --file=" + dir_.Sub("db") + " --command=check 2>&1");
  EXPECT_EQ(check.exit_code, 0) << check.out;
  EXPECT_EQ(check.out.find("Corruption"), std::string::npos) << check.out;
}

}  // namespace
}  // namespace gridledger
