// What an operator ran into with `append`, `erase-person` and hostile
// input: each case here failed before it was fixed.
#include <fcntl.h>
#include <gmock/gmock.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <thread>

#include "cli_test_util.h"
#include "gridledger/engine.h"

namespace gridledger::testing {
namespace {

using ::testing::HasSubstr;

class CliOperator : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_EQ(cli_.RunRaw("init " + ShellQuote(cli_.data())).code, 0); }
  uint64_t Events() { return cli_.Json("info")["events"].get<uint64_t>(); }
  Cli cli_;
};

const char kEvent[] = R"({"type":"policyOutreachRecorded","data":{"topic":"医保"}})";

// Each committed group's acknowledgement reaches a pipe at once: a reader
// that kills the append still knows of every commit but the last at most.
TEST_F(CliOperator, AppendAcknowledgementsAreFlushedAsTheyCommit) {
  std::string input;
  for (int i = 0; i < 2000; ++i)  // one durable group per line: many fsyncs
    input += std::string(R"({"stream":"s-)") + std::to_string(i) +
             R"(","type":"policyOutreachRecorded","data":{"topic":"t"}})" + "\n";
  std::string in_path = cli_.Sub("acks.jsonl");
  WriteFile(in_path, input);
  int out[2];
  ASSERT_EQ(pipe(out), 0);
  pid_t pid = fork();
  if (pid == 0) {
    dup2(out[1], 1);
    close(out[0]);
    int in = open(in_path.c_str(), O_RDONLY);
    dup2(in, 0);
    setenv("GRIDLEDGER_PROGRESS", "0", 1);
    execl(GL_CLI, GL_CLI, "--data", cli_.data().c_str(), "append", static_cast<char*>(nullptr));
    _exit(127);
  }
  close(out[1]);
  FILE* acks = fdopen(out[0], "r");
  char line[512];
  ASSERT_NE(fgets(line, sizeof line, acks), nullptr);  // the first acknowledgement
  // Kill a while later (not right after a read, which would be right after
  // a flush of a block buffer): dozens of groups commit meanwhile.
  std::this_thread::sleep_for(std::chrono::milliseconds(60));
  kill(pid, SIGKILL);
  int status = 0;
  waitpid(pid, &status, 0);
  uint64_t reported = 1;
  while (fgets(line, sizeof line, acks)) ++reported;
  fclose(acks);
  uint64_t committed = Events();
  ASSERT_LT(committed, 2000u) << "the append finished before the kill: nothing was tested";
  EXPECT_LE(committed - reported, 1u)
      << committed << " groups committed, " << reported << " acknowledged on the pipe";
}

TEST_F(CliOperator, NegativeExpectedVersionIsAUsageError) {
  CliResult r = cli_.Run("append -s x --expected -1", kEvent);
  EXPECT_EQ(r.code, 2) << r.err;
  EXPECT_THAT(r.err, HasSubstr("--expected must be any, none or a stream version number"));
  EXPECT_EQ(Events(), 0u);
}

TEST_F(CliOperator, FileThatIsADirectoryIsNamed) {
  CliResult r = cli_.Run("append -s x --file " + ShellQuote(cli_.Sub("")));
  EXPECT_EQ(r.code, 2);
  EXPECT_THAT(r.err, HasSubstr("is a directory"));
}

TEST_F(CliOperator, AHugeBadLineIsNotEchoedWhole) {
  std::string huge = "{\"type\":\"" + std::string(10u << 20, 'x');  // unterminated
  CliResult r = cli_.Run("append -s x", huge);
  EXPECT_EQ(r.code, 1);
  EXPECT_LT(r.err.size(), 2000u);
  EXPECT_THAT(r.err, HasSubstr("line, cut)"));
}

TEST_F(CliOperator, AnEventOverTheSizeLimitIsRefusedByTheEngine) {
  std::string big =
      R"({"type":"policyOutreachRecorded","data":{"topic":")" + std::string(1100000, 'a') + "\"}}";
  CliResult r = cli_.Run("append -s x", big);
  EXPECT_EQ(r.code, 1);
  EXPECT_THAT(r.err, HasSubstr("at most 1 MiB"));
  EXPECT_EQ(Events(), 0u);
}

TEST_F(CliOperator, InvalidUtf8StreamNamesAreRefused) {
  CliResult r = cli_.Run("append -s \"$(printf 'bad\\377')\"", kEvent);
  EXPECT_EQ(r.code, 1);
  EXPECT_THAT(r.err, HasSubstr("not valid UTF-8"));
  EXPECT_EQ(Events(), 0u);
}

TEST_F(CliOperator, ErasingAnUnknownPhoneSaysNothingMatched) {
  CliResult r = cli_.Run("erase-person --phone 13900000000 --yes");
  EXPECT_EQ(r.code, 1);
  EXPECT_THAT(r.err, HasSubstr("nothing matched"));
}

// Bytes that are not UTF-8 inside stored text must not stop a JSON dump.
TEST(CliJsonOutput, InvalidUtf8InStoredTextStillDumps) {
  Cli cli;
  {
    auto log = EventLog::Open(cli.data());
    ASSERT_TRUE(log.ok()) << log.status().ToString();
    NewEvent e;
    e.payload = PolicyOutreachRecorded{"bad \xff\xfe text", 1, 2};
    ASSERT_TRUE((*log)->Append(StreamId{"grid-1"}, ExpectedVersion::Any(), {e}).ok());
  }
  for (const char* cmd : {"--json tail", "--json read grid-1", "tail", "read grid-1"}) {
    CliResult r = cli.Run(cmd);
    EXPECT_EQ(r.code, 0) << cmd << ": " << r.err;
  }
  auto line = cli.Ok("--json tail");
  auto parsed = nlohmann::json::parse(line.substr(0, line.find('\n')));
  EXPECT_THAT(parsed.dump(), HasSubstr("bad"));
}

}  // namespace
}  // namespace gridledger::testing
