// What the command line does to directories: a GridLedger store is
// recognised by its marker; other programs' data and junk are refused
// untouched; read-only commands write nothing at all.
#include <gmock/gmock.h>
#include <rocksdb/db.h>

#include <filesystem>
#include <map>

#include "cli_test_util.h"
#include "testing/store_surgery.h"

namespace gridledger::testing {
namespace {

using ::testing::HasSubstr;
namespace fs = std::filesystem;

// Every file under `dir` with its size and modification time.
std::map<std::string, std::pair<uintmax_t, fs::file_time_type>> Snapshot(const std::string& dir) {
  std::map<std::string, std::pair<uintmax_t, fs::file_time_type>> out;
  for (const auto& e : fs::recursive_directory_iterator(dir))
    if (e.is_regular_file())
      out[fs::relative(e.path(), dir).string()] = {e.file_size(), e.last_write_time()};
  return out;
}

TEST(CliStore, AnotherProgramsRocksDbIsRefusedUntouched) {
  Cli cli;
  {
    rocksdb::Options o;
    o.create_if_missing = true;
    rocksdb::DB* raw = nullptr;
    ASSERT_TRUE(rocksdb::DB::Open(o, cli.data(), &raw).ok());
    std::unique_ptr<rocksdb::DB> db(raw);
    ASSERT_TRUE(db->Put(rocksdb::WriteOptions(), "their-key", "their-value").ok());
  }
  auto before = Snapshot(cli.data());
  for (const char* cmd : {"info", "verify", "tail", "append -s x", "cases"}) {
    CliResult r = cli.Run(cmd, R"({"type":"caseClosed"})");
    EXPECT_EQ(r.code, 1) << cmd;
    EXPECT_THAT(r.err, HasSubstr("is not a GridLedger data directory")) << cmd;
    EXPECT_THAT(r.err, HasSubstr("a RocksDB database of another program")) << cmd;
    EXPECT_THAT(r.err, HasSubstr("nothing in it was changed")) << cmd;
  }
  EXPECT_EQ(Snapshot(cli.data()), before) << "not one file was added or changed";
  std::vector<std::string> families;
  ASSERT_TRUE(rocksdb::DB::ListColumnFamilies(rocksdb::DBOptions(), cli.data(), &families).ok());
  EXPECT_EQ(families, std::vector<std::string>{"default"});
}

TEST(CliStore, AStoreFromAnOlderVersionGetsItsReadModelsBuiltBeforeTheCommandRuns) {
  Cli cli;
  cli.Ok("simulate --days 3 --seed 4 --end 2026-11-23T08:00:00+08:00");
  const std::string stats = cli.Ok("stats --from 2026-11-01 --to 2026-11-24");
  SetMetaKey(cli.data(), "readmodels/live", std::nullopt);  // as an older GridLedger left it
  // A writable command opens at once, waits for the background build and
  // then runs: the rebuild finds generation 1 live and builds 2.
  CliResult r =
      cli.RunRaw("--data " + ShellQuote(cli.data()) + " rebuild", "", "GRIDLEDGER_PROGRESS=1");
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("rebuilt the read models"));
  auto models = cli.Json("info")["projections"][0];
  EXPECT_EQ(models["generation"], 2);
  EXPECT_EQ(models["lag"], 0);
  EXPECT_EQ(cli.Ok("stats --from 2026-11-01 --to 2026-11-24"), stats);
  EXPECT_THAT(cli.Ok("verify"), HasSubstr("projections: ok"));
}

TEST(CliStore, InitRecordsThePartitionThatEveryNewCaseNumberCarries) {
  Cli cli;
  EXPECT_THAT(cli.Ok("init --partition 411302"), HasSubstr("for partition 411302"));
  EXPECT_EQ(cli.Json("info")["partition"], "411302");
  EXPECT_THAT(cli.Ok("info"), HasSubstr("411302 (case-411302-YYYYMMDD-NNNN)"));
  // The same partition again is fine; another is refused, the store untouched.
  cli.Ok("init --partition 411302");
  CliResult other = cli.Run("init --partition 411303");
  EXPECT_NE(other.code, 0);
  EXPECT_THAT(other.err, HasSubstr("this store is partition 411302, not partition 411303"));
  CliResult bad = cli.Run("init --partition 2026");
  EXPECT_NE(bad.code, 0);
  EXPECT_THAT(bad.err, HasSubstr("is not a district code"));
  EXPECT_EQ(cli.Json("info")["partition"], "411302");
}

TEST(CliStore, ASimulatedDistrictNumbersItsCasesWithIt) {
  Cli cli;
  auto summary = cli.Json("simulate --days 2 --requests-per-day 5 --district 411303");
  const std::string case_id = summary["sampleCaseId"];
  EXPECT_EQ(case_id.rfind("case-411303-", 0), 0u) << case_id;
  EXPECT_EQ(cli.Json("show " + case_id)["caseId"], case_id);
  EXPECT_EQ(cli.Json("info")["partition"], "411303");
}

TEST(CliStore, JunkWithACurrentFileIsRefusedUntouched) {
  Cli cli;
  fs::create_directories(cli.data());
  WriteFile(cli.data() + "/CURRENT", "MANIFEST-000001\n");
  WriteFile(cli.data() + "/notes.txt", "not a database");
  auto before = Snapshot(cli.data());
  for (const char* cmd : {"info", "verify", "read s", "append -s x"}) {
    CliResult r = cli.Run(cmd, R"({"type":"caseClosed"})");
    EXPECT_EQ(r.code, 1) << cmd;
    EXPECT_THAT(r.err, HasSubstr("2 entries (CURRENT, notes.txt) and no GRIDLEDGER marker")) << cmd;
  }
  EXPECT_EQ(Snapshot(cli.data()), before) << "no LOCK, LOG or LOG.old.* written";
}

TEST(CliStore, ReadOnlyCommandsWriteNothing) {
  Cli cli;
  ASSERT_EQ(cli.RunRaw("init " + ShellQuote(cli.data())).code, 0);
  EXPECT_TRUE(fs::exists(cli.data() + "/GRIDLEDGER")) << "init writes the format marker";
  cli.Ok("simulate --days 1 --seed 2 --end 2026-11-23T08:00:00+08:00");
  auto before = Snapshot(cli.data());
  auto summary = cli.Json("info");
  std::string some_case = cli.Json("cases")[0]["caseId"];
  for (std::string cmd :
       std::vector<std::string>{"info", "verify --log-only", "tail", "cases", "queue", "stats",
                                "ledger", "export open311 requests", "show " + some_case}) {
    CliResult r = cli.Run(cmd);
    EXPECT_EQ(r.code, 0) << cmd << ": " << r.err;
  }
  EXPECT_EQ(Snapshot(cli.data()), before) << "a read-only command changed the directory";
}

TEST(CliStore, AStoreFromBeforeTheMarkerIsStillOpened) {
  Cli cli;
  ASSERT_EQ(cli.RunRaw("init " + ShellQuote(cli.data())).code, 0);
  cli.Ok("append -s grid-1", R"({"type":"caseClosed"})");
  fs::remove(cli.data() + "/GRIDLEDGER");
  EXPECT_EQ(cli.Json("info")["events"], 1);
  EXPECT_FALSE(fs::exists(cli.data() + "/GRIDLEDGER")) << "a read-only open adds nothing";
  cli.Ok("append -s grid-1", R"({"type":"caseClosed"})");
  EXPECT_TRUE(fs::exists(cli.data() + "/GRIDLEDGER")) << "a writer adds the marker";
}

}  // namespace
}  // namespace gridledger::testing
