// kill -9 during `gridledger import open311`, then import again: every
// request is filed exactly once and the export gives back the input's
// fields, wherever the kill landed (before the store opened, while the
// requests were checked, during the commit, after it).
#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <map>
#include <random>
#include <set>
#include <thread>

#include "cli_test_util.h"

namespace gridledger::testing {
namespace {

const char kRegistry[] =
    R"({"type":"gridDefined","data":{"code":"411302001","name":"新华街道","kind":"street"}})"
    "\n"
    R"({"type":"gridDefined","data":{"code":"411302001001","name":"文化社区","kind":"community","parentCode":"411302001"}})"
    "\n";

// `n` requests as another city's system writes them: its own codes, some
// closed, every exported GeoReport v2 field set.
nlohmann::json Requests(size_t n) {
  nlohmann::json doc = nlohmann::json::array();
  const char* codes[] = {"006", "SEWER", "noise", "potholes-2"};
  for (size_t i = 0; i < n; ++i) {
    std::string id = "sr-" + std::to_string(100000 + i);
    doc.push_back({{"service_request_id", id},
                   {"status", i % 3 == 0 ? "closed" : "open"},
                   {"status_notes", "notes " + id},
                   {"service_name", "Service " + std::to_string(i % 4)},
                   {"service_code", codes[i % 4]},
                   {"description", "第" + std::to_string(i) + "号诉求"},
                   {"agency_responsible", "Agency"},
                   {"service_notice", "Notice"},
                   {"requested_datetime", "2026-11-20T09:00:00+08:00"},
                   {"updated_datetime", "2026-11-21T10:00:00+08:00"},
                   {"expected_datetime", "2026-11-27T09:00:00+08:00"},
                   {"address", "文化路" + std::to_string(i) + "号"},
                   {"address_id", "addr-" + std::to_string(i)},
                   {"zipcode", "473000"},
                   {"lat", 33.0 + static_cast<double>(i % 100) / 1000},
                   {"long", 112.5},
                   {"media_url", "https://example.org/" + id + ".jpg"}});
  }
  return doc;
}

// Starts `gridledger --data DIR import open311 FILE` and returns its pid.
pid_t StartImport(const std::string& data, const std::string& file) {
  pid_t pid = fork();
  if (pid == 0) {
    int null = open("/dev/null", O_WRONLY);
    dup2(null, 1);
    dup2(null, 2);
    setenv("GRIDLEDGER_PROGRESS", "0", 1);
    execl(GL_CLI, GL_CLI, "--data", data.c_str(), "import", "open311", file.c_str(),
          static_cast<char*>(nullptr));
    _exit(127);
  }
  return pid;
}

TEST(CliImportCrash, KillDuringImportThenReimportFilesEachRequestOnce) {
  constexpr size_t kRequests = 300;
  constexpr int kRounds = 20;
  nlohmann::json input = Requests(kRequests);
  TempDir tmp;
  std::string file = tmp.Sub("requests.json");
  WriteFile(file, input.dump(1));

  // How long an undisturbed import takes: the kills spread over it.
  auto started = std::chrono::steady_clock::now();
  {
    Cli probe;
    ASSERT_EQ(probe.RunRaw("init " + ShellQuote(probe.data())).code, 0);
    probe.Ok("append -s registry", kRegistry);
    probe.Ok("import open311 " + ShellQuote(file));
  }
  auto whole = std::chrono::steady_clock::now() - started;

  std::mt19937_64 rng(20261201);
  int killed_before_commit = 0, killed_after_commit = 0;
  for (int round = 0; round < kRounds; ++round) {
    Cli cli;
    ASSERT_EQ(cli.RunRaw("init " + ShellQuote(cli.data())).code, 0);
    cli.Ok("append -s registry", kRegistry);
    size_t before = cli.Json("info")["events"];
    auto delay = std::chrono::duration_cast<std::chrono::microseconds>(whole) *
                 std::uniform_real_distribution<double>(0.05, 1.1)(rng);
    pid_t pid = StartImport(cli.data(), file);
    ASSERT_GT(pid, 0);
    std::this_thread::sleep_for(delay);  // the kill's moment, not a wait for anything
    kill(pid, SIGKILL);
    int status = 0;
    waitpid(pid, &status, 0);
    size_t after_kill = cli.Json("info")["events"];
    // One atomic commit: all of the import's events or none.
    if (after_kill == before)
      ++killed_before_commit;
    else
      ++killed_after_commit;

    auto again = cli.Json("import open311 " + ShellQuote(file));
    ASSERT_EQ(again.size(), kRequests) << "round " << round;
    std::set<std::string> cases;
    for (const auto& r : again) cases.insert(r["caseId"].get<std::string>());
    EXPECT_EQ(cases.size(), kRequests) << "round " << round << ": one case per request";
    // A third import changes nothing.
    size_t settled = cli.Json("info")["events"];
    cli.Ok("import open311 " + ShellQuote(file));
    EXPECT_EQ(cli.Json("info")["events"], settled) << "round " << round;

    auto exported = nlohmann::json::parse(cli.Ok("export open311 requests --format json"));
    ASSERT_EQ(exported.size(), kRequests) << "round " << round;
    std::map<std::string, nlohmann::json> by_id;
    for (const auto& r : exported) by_id[r["service_request_id"]] = r;
    for (const auto& want : input) {
      const auto& got = by_id[want["service_request_id"].get<std::string>()];
      EXPECT_EQ(got, want) << "round " << round;
    }
  }
  // The kills landed on both sides of the commit (else the test proves less).
  RecordProperty("killed_before_commit", killed_before_commit);
  RecordProperty("killed_after_commit", killed_after_commit);
  std::cout << "kills before the commit: " << killed_before_commit
            << ", after: " << killed_after_commit << "\n";
}

}  // namespace
}  // namespace gridledger::testing
