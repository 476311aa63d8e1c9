// simulate, show, cases, queue, ledger, stats, rebuild, verify and
// erase-person through the real executable, on a small simulated district.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>

#include "cli_test_util.h"

namespace gridledger::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

// A fixed end makes the simulation fully deterministic.
const char kSimulate[] = "simulate --days 3 --seed 7 --end 2026-11-23T08:00:00+08:00";

class CliEngine : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    cli_ = new Cli();
    summary_ = new nlohmann::json(cli_->Json(kSimulate));
  }
  static void TearDownTestSuite() {
    delete summary_;
    delete cli_;
  }
  static Cli* cli_;
  static nlohmann::json* summary_;
};
Cli* CliEngine::cli_ = nullptr;
nlohmann::json* CliEngine::summary_ = nullptr;

TEST_F(CliEngine, SimulateReportsRateAndSample) {
  EXPECT_GT((*summary_)["events"].get<uint64_t>(), 100u);
  EXPECT_GT((*summary_)["cases"].get<uint64_t>(), 10u);
  EXPECT_GT((*summary_)["eventsPerSecond"].get<double>(), 0.0);
  EXPECT_THAT((*summary_)["sampleCaseId"].get<std::string>(), HasSubstr("case-"));
  // The store is not empty any more: a second simulation is refused.
  CliResult again = cli_->Run(kSimulate);
  EXPECT_EQ(again.code, 1);
  EXPECT_THAT(again.err, HasSubstr("--data NEW_DIR"));
}

TEST_F(CliEngine, SimulateIsDeterministic) {
  Cli other;
  other.Json(kSimulate);
  EXPECT_EQ(other.Ok("--json cases"), cli_->Ok("--json cases"));
  EXPECT_EQ(other.Ok("--json stats"), cli_->Ok("--json stats"));
}

TEST_F(CliEngine, ShowPrintsTheTimeline) {
  std::string id = (*summary_)["sampleCaseId"];
  std::string out = cli_->Ok("show " + id);
  EXPECT_THAT(out, HasSubstr(id));
  EXPECT_THAT(out, HasSubstr("caseFiled"));
  EXPECT_THAT(out, HasSubstr("您的诉求已受理"));
  auto j = cli_->Json("show " + id);
  EXPECT_EQ(j["caseId"], id);
  ASSERT_FALSE(j["timeline"].empty());
  EXPECT_EQ(j["timeline"][0]["type"], "caseFiled");
  // Phones are only ever shown masked.
  std::string phone = (*summary_)["samplePhone"];
  EXPECT_THAT(out, Not(HasSubstr(phone)));
  CliResult missing = cli_->Run("show case-19990101-0001");
  EXPECT_EQ(missing.code, 1);
  EXPECT_THAT(missing.err, HasSubstr("case-19990101-0001"));
}

TEST_F(CliEngine, CasesFilterByStateGridAndTime) {
  auto all = cli_->Json("cases");
  ASSERT_GT(all.size(), 5u);
  auto closed = cli_->Json("cases --state closed");
  for (const auto& c : closed) EXPECT_EQ(c["state"], "closed");
  auto open = cli_->Json("cases --state open");
  EXPECT_LT(closed.size() + open.size(), all.size() + 1);
  std::string grid = all[0]["gridCode"];
  auto in_grid = cli_->Json("cases --grid " + grid);
  ASSERT_FALSE(in_grid.empty());
  for (const auto& c : in_grid) EXPECT_EQ(c["gridCode"], grid);
  auto day = cli_->Json("cases --from 2026-11-21 --to 2026-11-21");
  for (const auto& c : day) {
    std::string filed = c["filedAt"];
    EXPECT_EQ(filed.substr(0, 10), "2026-11-21") << filed;
  }
  EXPECT_EQ(cli_->Json("cases --from 2030-01-01").size(), 0u);
  CliResult bad = cli_->Run("cases --state halfway");
  EXPECT_EQ(bad.code, 2);
  EXPECT_THAT(bad.err, HasSubstr("in-progress"));
  EXPECT_EQ(cli_->Run("cases --from yesterday").code, 2);
}

// A limited list says how many it left out, so "2 cases" is never read as
// the total.
TEST_F(CliEngine, ALimitedCaseListTellsTheTotal) {
  const size_t open = cli_->Json("cases --state open").size();
  ASSERT_GT(open, 2u);
  EXPECT_EQ(cli_->Json("cases --state open -n 2").size(), 2u);
  EXPECT_THAT(cli_->Ok("cases --state open -n 2"),
              HasSubstr("the first 2 of " + std::to_string(open) + " cases (--limit 2)"));
  EXPECT_THAT(cli_->Ok("cases --state open"), HasSubstr("\n" + std::to_string(open) + " cases\n"));
}

TEST_F(CliEngine, QueueIsOpenCasesMostUrgentFirst) {
  auto queue = cli_->Json("queue");
  ASSERT_FALSE(queue.empty());
  bool seen_not_overdue = false;
  for (const auto& q : queue) {
    EXPECT_NE(q["state"], "closed");
    if (!q["overdue"].get<bool>())
      seen_not_overdue = true;
    else
      EXPECT_FALSE(seen_not_overdue) << "overdue cases come first";
  }
  EXPECT_THAT(cli_->Ok("queue"), HasSubstr("most urgent first"));
}

TEST_F(CliEngine, LedgerAndStats) {
  std::string table = cli_->Ok("ledger");
  EXPECT_THAT(table, HasSubstr("销号"));
  auto stats = cli_->Json("stats");
  EXPECT_GT(stats["filed"].get<uint64_t>(), 0u);
  EXPECT_TRUE(stats.contains("closedRate"));
  EXPECT_TRUE(stats.contains("satisfactionRate"));
  EXPECT_TRUE(stats["byCategory"].is_object());
  std::string human = cli_->Ok("stats");
  EXPECT_THAT(human, HasSubstr("办结率"));
  EXPECT_THAT(human, HasSubstr("满意率"));
}

TEST_F(CliEngine, RebuildThenVerifyIsClean) {
  // The stored read models sit at the log's position; a rebuild builds the
  // next generation and switches to it.
  auto before = cli_->Json("info")["projections"][0];
  EXPECT_EQ(before["lag"], 0);
  EXPECT_EQ(before["position"], cli_->Json("info")["events"]);
  uint32_t generation = before["generation"].get<uint32_t>();
  EXPECT_GE(generation, 1u);
  EXPECT_THAT(cli_->Ok("rebuild"), HasSubstr("rebuilt the read models"));
  auto after = cli_->Json("info")["projections"][0];
  EXPECT_EQ(after["generation"].get<uint32_t>(), generation + 1);
  EXPECT_EQ(after["lag"], 0);
  EXPECT_THAT(cli_->Ok("info"), HasSubstr("generation " + std::to_string(generation + 1)));
  std::string out = cli_->Ok("verify");
  EXPECT_THAT(out, HasSubstr("hash chain: ok"));
  EXPECT_THAT(out, HasSubstr("projections: ok"));
  auto j = cli_->Json("verify");
  EXPECT_EQ(j["chainOk"], true);
  EXPECT_EQ(j["projectionsOk"], true);
  // Both ways of writing a generation (table files within 1 MiB of rows,
  // or every chunk through the memtables) give models that verify, and no
  // table file is left behind in the data directory.
  for (const char* memory : {"1", "0"}) {
    EXPECT_THAT(cli_->Ok(std::string("rebuild --memory-mib ") + memory),
                HasSubstr("rebuilt the read models"));
    EXPECT_EQ(cli_->Json("verify")["projectionsOk"], true) << "--memory-mib " << memory;
  }
  EXPECT_EQ(cli_->Json("info")["projections"][0]["generation"].get<uint32_t>(), generation + 3);
  for (const auto& entry : std::filesystem::directory_iterator(cli_->data()))
    EXPECT_EQ(entry.path().filename().string().rfind("gridledger-ingest-", 0), std::string::npos)
        << entry.path();
}

TEST(CliProgress, BarGoesToStderrOnlyWhenAsked) {
  Cli cli;
  std::string args = "--data " + ShellQuote(cli.data()) +
                     " simulate --days 2 --seed 1 --end 2026-11-23T08:00:00+08:00";
  CliResult shown = cli.RunRaw(args, "", "GRIDLEDGER_PROGRESS=1");
  ASSERT_EQ(shown.code, 0) << shown.err;
  EXPECT_THAT(shown.err, HasSubstr("simulate (days) ["));
  EXPECT_THAT(shown.err, HasSubstr("100%"));
  EXPECT_THAT(shown.out, Not(HasSubstr("["))) << "stdout stays clean";
  CliResult quiet = cli.RunRaw("--data " + ShellQuote(cli.data()) + " verify");
  EXPECT_EQ(quiet.code, 0);
  EXPECT_TRUE(quiet.err.empty()) << quiet.err;  // not a terminal: no bar
}

TEST(CliErase, ErasedResidentAppearsNowhere) {
  Cli cli;
  auto summary = cli.Json(kSimulate);
  std::string phone = summary["samplePhone"], id = summary["sampleCaseId"];
  std::string masked = phone.substr(0, 3) + "****" + phone.substr(7);
  ASSERT_EQ(cli.Json("show " + id)["maskedPhone"], masked);

  CliResult unconfirmed = cli.Run("erase-person --phone " + phone);
  EXPECT_EQ(unconfirmed.code, 2);
  EXPECT_THAT(unconfirmed.err, HasSubstr("--yes"));
  auto erased = cli.Json("erase-person --phone " + phone + " --yes");
  EXPECT_GE(erased["cases"].get<uint64_t>(), 1u);

  EXPECT_EQ(cli.Json("show " + id)["maskedPhone"], "");
  for (const char* cmd : {"show ", "--json show "}) {
    std::string out = cli.Ok(cmd + id);
    EXPECT_THAT(out, Not(HasSubstr(phone)));
    EXPECT_THAT(out, Not(HasSubstr(masked)));
  }
  for (const char* cmd :
       {"--json tail --from 1", "export ledger --format csv", "export ledger --format json",
        "export open311 requests", "export open311 updates --format json", "--json cases"}) {
    std::string out = cli.Ok(cmd);
    EXPECT_THAT(out, Not(HasSubstr(phone))) << cmd;
    EXPECT_THAT(out, Not(HasSubstr(masked))) << cmd;
  }
  // The log itself is untouched and still verifies.
  EXPECT_EQ(cli.Run("verify").code, 0);
  // Nor do the store's raw files hold the number, once compacted.
  cli.Ok("compact");
  std::string files = cli.Sub("files");
  ASSERT_EQ(
      std::system(("find " + ShellQuote(cli.data()) + " -type f > " + ShellQuote(files)).c_str()),
      0);
  std::istringstream list(ReadFile(files));
  std::string file;
  size_t scanned = 0;
  while (std::getline(list, file)) {
    EXPECT_EQ(ReadFile(file).find(phone), std::string::npos) << file;
    ++scanned;
  }
  EXPECT_GT(scanned, 3u);
}

}  // namespace
}  // namespace gridledger::testing
