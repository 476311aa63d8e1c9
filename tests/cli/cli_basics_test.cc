// Usage, exit codes and data-directory errors of the command line.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "cli_test_util.h"

namespace gridledger::testing {
namespace {

using ::testing::HasSubstr;

TEST(CliBasics, HelpExitsZeroAndListsSubcommands) {
  Cli cli;
  CliResult r = cli.RunRaw("--help");
  EXPECT_EQ(r.code, 0);
  for (const char* sub :
       {"init", "info", "append", "read", "tail", "verify", "backup", "restore", "compact"})
    EXPECT_THAT(r.out, HasSubstr(sub));
}

// Both shipped programs say what they are and which allocator serves them:
// the one the build chose (GRIDLEDGER_ALLOCATOR), found in the running
// process, not taken from the build's settings.
TEST(CliBasics, VersionNamesTheProgramAndTheAllocatorItRunsWith) {
  Cli cli;
  const std::string allocator = std::string(GL_ALLOCATOR) == "jemalloc" ? "jemalloc " : "glibc ";
  CliResult r = cli.RunRaw("--version");
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("gridledger 0."));
  EXPECT_THAT(r.out, HasSubstr("allocator: " + allocator));

  const std::string out = cli.Sub("daemon-version");
  int status = std::system((ShellQuote(GL_DAEMON) + " --version >" + ShellQuote(out)).c_str());
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
  EXPECT_THAT(ReadFile(out), HasSubstr("gridledgerd 0."));
  EXPECT_THAT(ReadFile(out), HasSubstr("allocator: " + allocator));
}

TEST(CliBasics, SubcommandHelpExitsZero) {
  Cli cli;
  CliResult r = cli.RunRaw("append --help");
  EXPECT_EQ(r.code, 0);
  EXPECT_THAT(r.out, HasSubstr("--expected"));
  EXPECT_THAT(r.out, HasSubstr("caseFiled"));
}

TEST(CliBasics, UnknownFlagIsUsageError) {
  Cli cli;
  CliResult r = cli.Run("info --bogus");
  EXPECT_EQ(r.code, 2);
  EXPECT_THAT(r.err, HasSubstr("--bogus"));
}

TEST(CliBasics, UnknownSubcommandIsUsageError) {
  Cli cli;
  EXPECT_EQ(cli.RunRaw("frobnicate").code, 2);
  EXPECT_EQ(cli.RunRaw("").code, 2);  // a subcommand is required
}

TEST(CliBasics, MissingArgumentIsUsageError) {
  Cli cli;
  EXPECT_EQ(cli.Run("read").code, 2);
  EXPECT_EQ(cli.Run("append --expected sometimes", "{}").code, 2);
}

TEST(CliBasics, MissingDataDirectoryExplainsHowToCreateIt) {
  Cli cli;
  CliResult r = cli.Run("info");
  EXPECT_EQ(r.code, 1);
  EXPECT_THAT(r.err, HasSubstr("no data directory at " + cli.data()));
  EXPECT_THAT(r.err, HasSubstr("gridledger init"));
  EXPECT_TRUE(r.out.empty());
}

TEST(CliBasics, DirectoryWithoutStoreIsRejected) {
  Cli cli;
  std::string dir = cli.Sub("plain");
  ASSERT_EQ(
      std::system(("mkdir -p " + ShellQuote(dir) + " && touch " + ShellQuote(dir + "/x")).c_str()),
      0);
  CliResult r = cli.RunRaw("--data " + ShellQuote(dir) + " info");
  EXPECT_EQ(r.code, 1);
  EXPECT_THAT(r.err, HasSubstr("not a GridLedger data directory"));
  CliResult init = cli.RunRaw("init " + ShellQuote(dir));
  EXPECT_EQ(init.code, 1);
  EXPECT_THAT(init.err, HasSubstr("not empty"));
}

TEST(CliBasics, DataDirectoryFromEnvironment) {
  Cli cli;
  ASSERT_EQ(cli.RunRaw("init " + ShellQuote(cli.data())).code, 0);
  CliResult r = cli.RunRaw("info");  // no --data: nothing at ./gridledger-data
  EXPECT_EQ(r.code, 1);
  CliResult env = cli.RunRaw("--json info");
  // With $GRIDLEDGER_DATA set the same command finds the store.
  std::string cmd = "GRIDLEDGER_DATA=" + ShellQuote(cli.data()) + " " + ShellQuote(GL_CLI) +
                    " info >/dev/null 2>&1";
  EXPECT_EQ(WEXITSTATUS(std::system(cmd.c_str())), 0);
}

TEST(CliBasics, InitThenInfoOnEmptyStore) {
  Cli cli;
  CliResult init = cli.RunRaw("init " + ShellQuote(cli.data()));
  ASSERT_EQ(init.code, 0) << init.err;
  EXPECT_THAT(init.out, HasSubstr("created"));
  // init is idempotent on an existing store.
  EXPECT_THAT(cli.RunRaw("init " + ShellQuote(cli.data())).out, HasSubstr("already"));
  auto info = cli.Json("info");
  EXPECT_EQ(info["events"], 0);
  EXPECT_EQ(info["dataDir"], cli.data());
  EXPECT_TRUE(info["projections"].is_array());
  std::string table = cli.Ok("info");
  EXPECT_THAT(table, HasSubstr("events:"));
  EXPECT_THAT(table, HasSubstr("size on disk:"));
}

}  // namespace
}  // namespace gridledger::testing

namespace gridledger::testing {
namespace {

TEST(CliStatsHelp, DefinesEveryRate) {
  Cli cli;
  CliResult r = cli.RunRaw("stats --help");
  EXPECT_EQ(r.code, 0);
  for (const char* rate : {"办结率 closed rate       = closed / (filed - rejected)",
                           "按期办结率 on-time rate  = closed by the deadline / closed",
                           "满意率 satisfaction rate = follow-ups rating 4 or 5",
                           "调解成功率 mediation success rate = concluded with an agreement / "
                           "concluded"})
    EXPECT_NE(r.out.find(rate), std::string::npos) << rate << "\n" << r.out;
}

}  // namespace
}  // namespace gridledger::testing
