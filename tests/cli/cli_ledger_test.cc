// export ledger: CSV for Excel (UTF-8 with BOM, Chinese headers) and JSON.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "cli_test_util.h"

namespace gridledger::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::StartsWith;

class CliLedgerExport : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    cli_ = new Cli();
    cli_->Json("simulate --days 2 --seed 11 --end 2026-11-23T08:00:00+08:00");
  }
  static void TearDownTestSuite() { delete cli_; }
  static Cli* cli_;
};
Cli* CliLedgerExport::cli_ = nullptr;

TEST_F(CliLedgerExport, CsvHasBomChineseHeaderAndOneLinePerCase) {
  std::string csv = cli_->Ok("export ledger --format csv");
  EXPECT_THAT(csv, StartsWith("\xEF\xBB\xBF序号,案件编号,网格编码,类别,问题描述,状态,受理时间"));
  auto json = nlohmann::json::parse(cli_->Ok("export ledger --format json"));
  ASSERT_FALSE(json.empty());
  // CRLF line ends; a line per case plus the header (descriptions hold no
  // line breaks in the simulation).
  size_t lines = 0;
  for (size_t p = csv.find("\r\n"); p != std::string::npos; p = csv.find("\r\n", p + 2)) ++lines;
  EXPECT_EQ(lines, json.size() + 1);
  EXPECT_THAT(csv, HasSubstr(json[0]["caseId"].get<std::string>()));
  for (const char* key :
       {"caseId", "gridCode", "category", "state", "filedAt", "closedOff", "onTime"})
    EXPECT_TRUE(json[0].contains(key)) << key;
}

TEST_F(CliLedgerExport, FiltersAndOutputFile) {
  std::string path = cli_->Sub("ledger.csv");
  CliResult r = cli_->Run("export ledger --state closed -o " + ShellQuote(path));
  ASSERT_EQ(r.code, 0) << r.err;
  std::string csv = ReadFile(path);
  EXPECT_THAT(csv, StartsWith("\xEF\xBB\xBF"));
  EXPECT_THAT(csv, Not(HasSubstr("办理中")));
  EXPECT_EQ(cli_->Run("export ledger --format xlsx").code, 2);
}

TEST(CliCsv, CellsAreQuotedAndFormulasDefused) {
  // Descriptions come from residents: commas, quotes, line breaks and
  // leading '=' must not break the file or run in Excel.
  Cli cli;
  ASSERT_EQ(cli.RunRaw("init " + ShellQuote(cli.data())).code, 0);
  cli.Ok(
      "append -s registry",
      R"({"type":"gridDefined","data":{"code":"411302001","name":"街道","kind":"street"}})"
      "\n"
      R"({"type":"gridDefined","data":{"code":"411302001001","name":"社区","kind":"community","parentCode":"411302001"}})"
      "\n");
  cli.Ok(
      "import open311 -",
      R"([{"service_request_id":"1","service_code":"sewer","address":"x","description":"=HYPERLINK(\"a,b\")\n第二行"}])");
  std::string csv = cli.Ok("export ledger");
  EXPECT_THAT(csv, HasSubstr("\"'=HYPERLINK(\"\"a,b\"\")\n第二行\""));
}

}  // namespace
}  // namespace gridledger::testing
