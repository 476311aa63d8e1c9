// The log's newer verbs through the real `gridledger` binary: `append
// --atomic` of several streams from one JSON Lines input, `tail --type
// --grid --stream-prefix --since`, and `read --since`.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <ctime>
#include <thread>

#include "cli_test_util.h"

namespace gridledger::testing {
namespace {

std::string Outreach(const std::string& stream, const std::string& grid,
                     const std::string& id = "") {
  std::string line = "{\"stream\":\"" + stream +
                     "\",\"type\":\"policyOutreachRecorded\",\"data\":{\"topic\":\"t\","
                     "\"householdsReached\":1,\"peopleInformed\":2},\"gridCode\":\"" +
                     grid + "\"";
  if (!id.empty()) line += ",\"id\":\"" + id + "\"";
  return line + "}\n";
}

std::string Closed(const std::string& stream, const std::string& grid) {
  return "{\"stream\":\"" + stream +
         "\",\"type\":\"caseClosed\",\"data\":{\"onTime\":true},"
         "\"gridCode\":\"" +
         grid + "\"}\n";
}

TEST(CliLogVerbs, AppendAtomicWritesEveryStreamOrNone) {
  Cli cli;
  cli.Ok("init " + ShellQuote(cli.data()));
  const std::string input =
      Outreach("outreach-a", "41130200100101", "3f2a9c1e-0000-4000-8000-000000000001") +
      Closed("case-1", "41130200100101") +
      Outreach("outreach-a", "41130200100101", "3f2a9c1e-0000-4000-8000-000000000002") +
      Outreach("outreach-b", "41130200100102", "3f2a9c1e-0000-4000-8000-000000000003");
  auto j = cli.Json("append --atomic --expected none", input);
  EXPECT_EQ(j["atomic"], true);
  EXPECT_EQ(j["events"], 4);
  ASSERT_EQ(j["streams"].size(), 3u);
  EXPECT_EQ(j["streams"][0]["stream"], "outreach-a");
  EXPECT_EQ(j["streams"][0]["events"], 2);  // both lines of the stream, in input order
  EXPECT_EQ(j["firstPosition"], 1);
  EXPECT_EQ(j["lastPosition"], 4);

  // A conflict on one stream writes nothing and names the stream.
  auto conflict = cli.Run("append --atomic --expected none --expect case-1=1",
                          Closed("case-1", "41130200100101") + Closed("case-2", "41130200100101") +
                              Outreach("outreach-b", "41130200100102"));
  EXPECT_EQ(conflict.code, 1);
  EXPECT_NE(conflict.err.find("outreach-b"), std::string::npos) << conflict.err;
  EXPECT_NE(conflict.err.find("nothing was written"), std::string::npos) << conflict.err;
  std::string lines = cli.Ok("--json tail -n 100");
  EXPECT_EQ(std::count(lines.begin(), lines.end(), '\n'), 4);

  // --expect per stream.
  std::string ok = cli.Ok("append --atomic --expect case-1=1 --expect case-9=none",
                          Closed("case-1", "41130200100101") + Closed("case-9", "41130200100102"));
  EXPECT_NE(ok.find("appended 2 events to 2 streams in one atomic append: positions 5..6"),
            std::string::npos)
      << ok;
  // A replay of an input whose events carry ids writes nothing; a replay
  // with a stream more is a conflict naming it.
  const std::string x = Outreach("outreach-d", "1", "3f2a9c1e-0000-4000-8000-000000000011") +
                        Outreach("outreach-e", "1", "3f2a9c1e-0000-4000-8000-000000000012");
  EXPECT_NE(cli.Ok("append --atomic", x).find("positions 7..8"), std::string::npos);
  std::string replay = cli.Ok("append --atomic", x);
  EXPECT_NE(replay.find("already stored 2 events to 2 streams"), std::string::npos) << replay;
  auto more = cli.Run("append --atomic",
                      x + Outreach("outreach-f", "1", "3f2a9c1e-0000-4000-8000-000000000013"));
  EXPECT_EQ(more.code, 1);
  EXPECT_NE(more.err.find("outreach-f"), std::string::npos) << more.err;
  lines = cli.Ok("--json tail -n 100");
  EXPECT_EQ(std::count(lines.begin(), lines.end(), '\n'), 8);
  auto bad = cli.Run("append --expect case-1=1", Closed("case-1", "1"));
  EXPECT_EQ(bad.code, 2) << bad.err;
}

TEST(CliLogVerbs, TailFiltersByTypeGridAndStreamAndReadsSinceATime) {
  Cli cli;
  cli.Ok("init " + ShellQuote(cli.data()));
  cli.Ok("append", Outreach("outreach-a", "41130200100101") + Closed("case-1", "41130200100101") +
                       Closed("case-2", "41130200100201"));
  // A gap in recorded time: everything after it is "since".
  std::this_thread::sleep_for(std::chrono::milliseconds(1100));
  auto now = std::chrono::system_clock::now();
  std::time_t tt = std::chrono::system_clock::to_time_t(now);
  char since[64];
  std::strftime(since, sizeof since, "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&tt));
  cli.Ok("append", Closed("case-1", "41130200100101") + Outreach("outreach-a", "4113020010010101") +
                       Closed("case-3", "41130200100102"));

  auto positions = [](const std::string& jsonl) {
    std::vector<int> out;
    std::istringstream in(jsonl);
    for (std::string line; std::getline(in, line);)
      if (!line.empty()) out.push_back(nlohmann::json::parse(line)["position"].get<int>());
    return out;
  };
  EXPECT_EQ(positions(cli.Ok("--json tail --from 1 --type caseClosed")),
            (std::vector<int>{2, 3, 4, 6}));
  EXPECT_EQ(positions(cli.Ok("--json tail --from 1 --grid 41130200100101")),
            (std::vector<int>{1, 2, 4, 5}));  // the grid and its micro-grid
  EXPECT_EQ(positions(cli.Ok("--json tail --from 1 --grid 411302001001 --type "
                             "caseClosed,policyOutreachRecorded --stream-prefix case-")),
            (std::vector<int>{2, 4, 6}));  // case-2 is in community 411302001002
  EXPECT_EQ(positions(cli.Ok("--json tail --since " + std::string(since))),
            (std::vector<int>{4, 5, 6}));
  EXPECT_EQ(positions(cli.Ok("--json tail --since " + std::string(since) +
                             " --type caseClosed --grid 41130200100101")),
            (std::vector<int>{4}));
  EXPECT_EQ(positions(cli.Ok("--json read case-1 --since " + std::string(since))),
            (std::vector<int>{4}));
  EXPECT_EQ(positions(cli.Ok("--json read case-1 --since 2000-01-01")), (std::vector<int>{2, 4}));
  std::string table = cli.Ok("tail --since " + std::string(since) + " --type caseClosed");
  EXPECT_NE(table.find("case-3@1"), std::string::npos) << table;
  // --follow with a filter stops after --max matching events.
  EXPECT_EQ(positions(cli.Ok(
                "--json tail --follow --from 1 --type caseClosed --grid 41130200100102 --max 1")),
            (std::vector<int>{6}));
  EXPECT_EQ(cli.Run("tail --since yesterday").code, 2);
  EXPECT_EQ(cli.Run("tail --type ''").code, 2);
}

}  // namespace
}  // namespace gridledger::testing
