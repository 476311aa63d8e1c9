// append, read, tail, verify, backup/restore, compact and the store lock,
// through the real executable.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <rocksdb/db.h>
#include <signal.h>
#include <unistd.h>

#include <chrono>
#include <functional>
#include <set>
#include <thread>

#include "cli_test_util.h"

namespace gridledger::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

const char kTwoEvents[] =
    R"({"type":"gridDefined","data":{"code":"411302001001","name":"文化社区第一网格","kind":"grid","parentCode":"411302001","households":420}})"
    "\n"
    R"({"type":"policyOutreachRecorded","data":{"topic":"医保缴费","householdsReached":120,"peopleInformed":300},"actor":"w-1","gridCode":"411302001001","occurredAt":"2026-11-20T10:00:00+08:00"})"
    "\n";

class CliLog : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_EQ(cli_.RunRaw("init " + ShellQuote(cli_.data())).code, 0); }
  Cli cli_;
};

TEST_F(CliLog, AppendThenReadRoundTripsEveryField) {
  auto appended = cli_.Json("append --stream grid-1 --expected none", kTwoEvents);
  EXPECT_EQ(appended["firstPosition"], 1);
  EXPECT_EQ(appended["lastPosition"], 2);
  EXPECT_EQ(appended["streamVersion"], 2);

  std::string lines = cli_.Ok("--json read grid-1");
  std::istringstream in(lines);
  std::string first, second;
  std::getline(in, first);
  std::getline(in, second);
  auto e1 = nlohmann::json::parse(first), e2 = nlohmann::json::parse(second);
  EXPECT_EQ(e1["type"], "gridDefined");
  EXPECT_EQ(e1["data"]["name"], "文化社区第一网格");
  EXPECT_EQ(e1["data"]["households"], 420);
  EXPECT_EQ(e2["version"], 2);
  EXPECT_EQ(e2["actor"], "w-1");
  EXPECT_EQ(e2["occurredAt"], "2026-11-20T10:00:00+08:00");
  EXPECT_EQ(e2["data"]["peopleInformed"], 300);
  EXPECT_EQ(e2["hash"].get<std::string>().size(), 64u);

  // The JSON a read prints can be appended elsewhere: same payloads, and
  // the same ids make a second append of it a no-op.
  Cli other;
  ASSERT_EQ(other.RunRaw("init " + ShellQuote(other.data())).code, 0);
  other.Ok("append", lines);
  std::string copied = other.Ok("--json read grid-1");
  EXPECT_EQ(nlohmann::json::parse(copied.substr(0, copied.find('\n')))["data"], e1["data"]);
  auto again = other.Json("append", lines);
  EXPECT_EQ(again["deduplicated"], true);
}

TEST_F(CliLog, ReadPrintsATable) {
  cli_.Ok("append -s grid-1", kTwoEvents);
  std::string out = cli_.Ok("read grid-1");
  EXPECT_THAT(out, HasSubstr("stream@version"));
  EXPECT_THAT(out, HasSubstr("grid-1@2"));
  EXPECT_THAT(out, HasSubstr("policyOutreachRecorded"));
}

TEST_F(CliLog, ReadFromAndBackward) {
  cli_.Ok("append -s grid-1", kTwoEvents);
  cli_.Ok("append -s grid-1", kTwoEvents);
  std::string from = cli_.Ok("--json read grid-1 --from 3");
  EXPECT_EQ(std::count(from.begin(), from.end(), '\n'), 2);
  EXPECT_EQ(nlohmann::json::parse(from.substr(0, from.find('\n')))["version"], 3);
  std::string back = cli_.Ok("--json read grid-1 --backward -n 1");
  EXPECT_EQ(nlohmann::json::parse(back)["version"], 4);
  CliResult none = cli_.Run("read no-such-stream");
  EXPECT_EQ(none.code, 0);
  EXPECT_THAT(none.err, HasSubstr("has no events"));
}

TEST_F(CliLog, MalformedJsonNamesTheLineAndAppendsNothing) {
  std::string input = std::string(kTwoEvents) + "{\"type\": \"gridDefined\", \n";
  CliResult r = cli_.Run("append -s grid-1", input);
  EXPECT_EQ(r.code, 1);
  EXPECT_THAT(r.err, HasSubstr("line 3"));
  EXPECT_THAT(r.err, HasSubstr("malformed JSON"));
  EXPECT_EQ(cli_.Json("info")["events"], 0);
}

TEST_F(CliLog, BadFieldsAreNamed) {
  CliResult r =
      cli_.Run("append -s c-1", R"({"type":"caseRegistered","data":{"priority":"soon"}})");
  EXPECT_EQ(r.code, 1);
  EXPECT_THAT(r.err, HasSubstr("line 1"));
  EXPECT_THAT(r.err, HasSubstr("data.priority"));
  EXPECT_THAT(r.err, HasSubstr("normal, urgent, emergency"));
  r = cli_.Run("append -s c-1", R"({"type":"noSuchEvent"})");
  EXPECT_EQ(r.code, 1);
  EXPECT_THAT(r.err, HasSubstr("unknown event type \"noSuchEvent\""));
  r = cli_.Run("append -s c-1", R"({"type":"caseClosed","data":{"onTim":true}})");
  EXPECT_EQ(r.code, 1);
  EXPECT_THAT(r.err, HasSubstr("unknown field \"data.onTim\""));
  r = cli_.Run("append", R"({"type":"caseClosed"})");
  EXPECT_EQ(r.code, 1);
  EXPECT_THAT(r.err, HasSubstr("--stream"));
  r = cli_.Run("append -s c-1", "");
  EXPECT_EQ(r.code, 1);
  EXPECT_THAT(r.err, HasSubstr("no events"));
}

TEST_F(CliLog, ExpectedVersionConflictFails) {
  cli_.Ok("append -s grid-1 --expected none", kTwoEvents);
  CliResult r = cli_.Run("append -s grid-1 --expected 1", kTwoEvents);
  EXPECT_EQ(r.code, 1);
  EXPECT_THAT(r.err, HasSubstr("--expected"));
  cli_.Ok("append -s grid-1 --expected 2", kTwoEvents);
  EXPECT_EQ(cli_.Json("info")["events"], 4);
}

TEST_F(CliLog, TailShowsTheEndAndFrom) {
  cli_.Ok("append -s grid-1", kTwoEvents);
  cli_.Ok("append -s grid-2", kTwoEvents);
  std::string last = cli_.Ok("--json tail -n 1");
  EXPECT_EQ(nlohmann::json::parse(last)["position"], 4);
  std::string from = cli_.Ok("--json tail --from 2");
  EXPECT_EQ(std::count(from.begin(), from.end(), '\n'), 3);
  // --follow with --max stops by itself after delivering history.
  std::string followed = cli_.Ok("--json tail --from 1 --follow --max 4");
  EXPECT_EQ(std::count(followed.begin(), followed.end(), '\n'), 4);
}

// Runs `gridledger tail --follow` in the background until stopped.
class Follower {
 public:
  explicit Follower(const Cli& cli) : out_(cli.Sub("follow.out")) {
    pid_ = fork();
    if (pid_ == 0) {
      freopen(out_.c_str(), "w", stdout);
      execl(GL_CLI, GL_CLI, "--data", cli.data().c_str(), "tail", "--follow",
            static_cast<char*>(nullptr));
      _exit(127);
    }
  }
  // Waits until the follower printed `text` (it has opened the store).
  bool WaitFor(const std::string& text) {
    for (int i = 0; i < 400; ++i) {
      if (ReadFile(out_).find(text) != std::string::npos) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(25));
    }
    return false;
  }
  int Stop() {
    kill(pid_, SIGTERM);
    int status = 0;
    waitpid(pid_, &status, 0);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  }
  std::string Output() const { return ReadFile(out_); }

 private:
  std::string out_;
  pid_t pid_;
};

// Writers wait for the lock; read-only commands open read-only and work
// beside the running writer.
TEST_F(CliLog, LockedStoreRefusesWritersAndServesReaders) {
  cli_.Ok("append -s grid-1", kTwoEvents);
  Follower follower(cli_);
  ASSERT_TRUE(follower.WaitFor("policyOutreachRecorded"));
  for (const char* cmd : {"append -s x"}) {
    CliResult r = cli_.Run(cmd, R"({"type":"caseClosed"})");
    EXPECT_EQ(r.code, 1) << cmd;
    EXPECT_THAT(r.err, HasSubstr("in use by another process")) << cmd;
  }
  for (const char* cmd : {"info", "cases", "verify", "tail", "read grid-1"}) {
    CliResult r = cli_.Run(cmd);
    EXPECT_EQ(r.code, 0) << cmd << ": " << r.err;
  }
  EXPECT_EQ(follower.Stop(), 0);  // SIGTERM ends --follow cleanly
  EXPECT_EQ(cli_.Run("info").code, 0);
}

// Rewrites the stored value at `position` with RocksDB directly, the way a
// tamperer or a disk fault would: column family "default", key = 8-byte
// big-endian position. `edit` receives the stored bytes and changes them.
void EditRawValue(const std::string& dir, uint64_t position,
                  const std::function<void(std::string&)>& edit) {
  rocksdb::DBOptions options;
  std::vector<std::string> names;
  ASSERT_TRUE(rocksdb::DB::ListColumnFamilies(options, dir, &names).ok());
  std::vector<rocksdb::ColumnFamilyDescriptor> families;
  for (const auto& n : names) families.emplace_back(n, rocksdb::ColumnFamilyOptions());
  std::vector<rocksdb::ColumnFamilyHandle*> handles;
  rocksdb::DB* db = nullptr;
  ASSERT_TRUE(rocksdb::DB::Open(options, dir, families, &handles, &db).ok());
  rocksdb::ColumnFamilyHandle* log = nullptr;
  for (size_t i = 0; i < names.size(); ++i)
    if (names[i] == "default") log = handles[i];
  std::string key;
  for (int i = 7; i >= 0; --i) key.push_back(static_cast<char>(position >> (8 * i)));
  std::string value;
  EXPECT_TRUE(db->Get(rocksdb::ReadOptions(), log, key, &value).ok());
  edit(value);
  rocksdb::WriteOptions wo;
  wo.sync = true;
  EXPECT_TRUE(db->Put(wo, log, key, value).ok());
  for (auto* h : handles) db->DestroyColumnFamilyHandle(h).PermitUncheckedError();
  db->Close().PermitUncheckedError();
  delete db;
}

void TamperWith(const std::string& dir, uint64_t position, const std::string& from,
                const std::string& to) {
  EditRawValue(dir, position, [&](std::string& value) {
    auto at = value.find(from);
    ASSERT_NE(at, std::string::npos);
    value.replace(at, from.size(), to);
  });
}

TEST_F(CliLog, GarbageValueIsReportedEverywhere) {
  cli_.Ok("append -s grid-1", kTwoEvents);
  cli_.Ok("append -s grid-2", kTwoEvents);
  EditRawValue(cli_.data(), 3, [](std::string& v) { v = std::string("\x00\xff\x00\xff", 4); });
  // info still describes the log and says why the read models are missing.
  auto info = cli_.Json("info");
  EXPECT_EQ(info["events"], 4);
  EXPECT_THAT(info["projections"][0]["problem"].get<std::string>(), HasSubstr("position 3"));
  CliResult verify = cli_.Run("verify");
  EXPECT_EQ(verify.code, 1);
  EXPECT_THAT(verify.err, HasSubstr("first bad position 3"));
  CliResult cases = cli_.Run("cases");
  EXPECT_EQ(cases.code, 1);
  EXPECT_THAT(cases.err, HasSubstr("damaged"));
  EXPECT_THAT(cases.err, HasSubstr("gridledger verify"));
}

TEST_F(CliLog, VerifyCatchesAnAlteredValueAndNamesItsPosition) {
  cli_.Ok("append -s grid-1", kTwoEvents);
  cli_.Ok("append -s grid-2", kTwoEvents);
  CliResult good = cli_.Run("verify --log-only");
  EXPECT_EQ(good.code, 0) << good.err;
  EXPECT_THAT(good.out, HasSubstr("4 events"));
  // Same length, still decodes: only the hash chain can tell.
  TamperWith(cli_.data(), 2, "医保缴费", "养老认证");
  CliResult bad = cli_.Run("verify");
  EXPECT_EQ(bad.code, 1);
  EXPECT_THAT(bad.err, HasSubstr("position 2"));
  CliResult json = cli_.Run("--json verify");
  EXPECT_EQ(json.code, 1);
  EXPECT_EQ(nlohmann::json::parse(json.out)["firstBadPosition"], 2);
}

TEST_F(CliLog, BackupRestoreVerifies) {
  cli_.Ok("append -s grid-1", kTwoEvents);
  std::string backup = cli_.Sub("backup"), restored = cli_.Sub("restored");
  EXPECT_THAT(cli_.Ok("backup " + ShellQuote(backup)), HasSubstr("backed up 2 events"));
  CliResult again = cli_.Run("backup " + ShellQuote(backup));
  EXPECT_EQ(again.code, 1);
  EXPECT_THAT(again.err, HasSubstr("already exists"));
  std::string out = cli_.Ok("restore " + ShellQuote(backup) + " " + ShellQuote(restored));
  EXPECT_THAT(out, HasSubstr("read models verify"));
  CliResult info = cli_.RunRaw("--json --data " + ShellQuote(restored) + " info");
  ASSERT_EQ(info.code, 0) << info.err;
  EXPECT_EQ(nlohmann::json::parse(info.out)["events"], 2);
  CliResult missing =
      cli_.Run("restore " + ShellQuote(cli_.Sub("nope")) + " " + ShellQuote(cli_.Sub("r2")));
  EXPECT_EQ(missing.code, 1);
  EXPECT_THAT(missing.err, HasSubstr("not a GridLedger backup"));
}

TEST_F(CliLog, InfoReportsTheReadModelsCaughtUp) {
  cli_.Ok("append -s grid-1", kTwoEvents);
  auto info = cli_.Json("info");
  EXPECT_EQ(info["events"], 2);
  ASSERT_EQ(info["projections"].size(), 1u);
  EXPECT_EQ(info["projections"][0]["position"], 2);
  EXPECT_EQ(info["projections"][0]["lag"], 0);
  EXPECT_EQ(info["projections"][0]["grids"], 1);
  EXPECT_THAT(cli_.Ok("info"), HasSubstr("read models"));
}

TEST_F(CliLog, CompactKeepsEvents) {
  cli_.Ok("append -s grid-1", kTwoEvents);
  auto out = cli_.Json("compact");
  EXPECT_TRUE(out.contains("bytesAfter"));
  EXPECT_EQ(cli_.Json("info")["events"], 2);
  EXPECT_EQ(cli_.Run("verify --log-only").code, 0);
}

}  // namespace
}  // namespace gridledger::testing

namespace gridledger::testing {
namespace {

// Every payload type, every field set: append then read gives back the
// same JSON (tests/cli/events/all_types.jsonl).
TEST(CliEventJson, EveryPayloadTypeRoundTrips) {
  Cli cli;
  ASSERT_EQ(cli.RunRaw("init " + ShellQuote(cli.data())).code, 0);
  std::string input = ReadFile(std::string(GL_EVENTS_DIR) + "/all_types.jsonl");
  cli.Ok("append -s every-type --expected none", input);
  std::istringstream want(input), got(cli.Ok("--json read every-type"));
  std::string a, b;
  size_t n = 0;
  std::set<std::string> types;
  while (std::getline(want, a)) {
    ASSERT_TRUE(std::getline(got, b)) << "missing event " << n + 1;
    auto in = nlohmann::json::parse(a), out = nlohmann::json::parse(b);
    EXPECT_EQ(out["type"], in["type"]);
    EXPECT_EQ(out["data"], in["data"]) << in["type"];
    types.insert(in["type"].get<std::string>());
    ++n;
  }
  // The file covers every type `append --help` lists.
  std::string help = cli.RunRaw("append --help").out;
  std::string list = help.substr(help.find("Event types: ") + 13);
  std::istringstream names(list);
  std::string name;
  size_t listed = 0;
  while (std::getline(names, name, ',')) {
    name.erase(0, name.find_first_not_of(" \n"));
    name.erase(name.find_last_not_of(" \n") + 1);
    if (name.empty()) continue;
    ++listed;
    EXPECT_TRUE(types.count(name)) << name << " is not covered";
  }
  EXPECT_EQ(listed, types.size());
}

}  // namespace
}  // namespace gridledger::testing
