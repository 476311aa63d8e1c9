// The crash test extended to the read models: a child process drives the
// engine (filing cases and closing them) and is SIGKILLed at random
// moments. After each kill, reopening must give read models exactly equal
// to a rebuild from the log, every acknowledged case present, and a chain
// that verifies.
#include <fcntl.h>
#include <poll.h>
#include <rocksdb/db.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <random>
#include <set>

#include "facade/engine_fixture.h"
#include "storage/keys.h"
#include "testing/store_surgery.h"

extern char** environ;

namespace gridledger {
namespace {

// Runs the child for `ms` milliseconds, then SIGKILLs it; returns the case
// ids it acknowledged.
std::vector<std::string> RunAndKill(const std::string& dir, int ms, const char* mode = nullptr) {
  int fds[2];
  EXPECT_EQ(::pipe2(fds, O_CLOEXEC), 0);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, fds[1], STDOUT_FILENO);
  std::vector<char*> argv = {const_cast<char*>(GL_ENGINE_CRASH_WRITER),
                             const_cast<char*>(dir.c_str()), const_cast<char*>(mode), nullptr};
  pid_t pid = -1;
  EXPECT_EQ(::posix_spawn(&pid, GL_ENGINE_CRASH_WRITER, &actions, nullptr, argv.data(), environ),
            0);
  posix_spawn_file_actions_destroy(&actions);
  ::close(fds[1]);
  std::string out;
  // The `ms` of work start when the child says it has opened the store (a
  // loaded machine may take long to start it); 60 s at most for that.
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  bool ready = false;
  char buf[4096];
  for (;;) {
    if (!ready && out.find("ready\n") != std::string::npos) {
      ready = true;
      deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(ms);
    }
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
                    deadline - std::chrono::steady_clock::now())
                    .count();
    if (left <= 0) break;
    pollfd p{fds[0], POLLIN, 0};
    if (::poll(&p, 1, static_cast<int>(left)) > 0) {
      ssize_t n = ::read(fds[0], buf, sizeof buf);
      if (n <= 0) break;
      out.append(buf, n);
    }
  }
  ::kill(pid, SIGKILL);
  for (ssize_t n; (n = ::read(fds[0], buf, sizeof buf)) > 0;) out.append(buf, n);
  ::close(fds[0]);
  ::waitpid(pid, nullptr, 0);
  std::vector<std::string> ids;
  size_t start = 0;
  for (size_t nl; (nl = out.find('\n', start)) != std::string::npos; start = nl + 1) {
    std::string line = out.substr(start, nl - start);
    if (line.rfind("case-", 0) == 0) ids.push_back(line);
  }
  return ids;
}

// Reopens `dir` after a kill and checks the stored read models: they equal
// a full recomputation from the log (byte-identical dump), reflect exactly
// the log's last position, every acknowledged case is there and the chain
// verifies.
void CheckAfterKill(const std::string& dir, const std::set<std::string>& acknowledged,
                    int iteration) {
  auto engine = Engine::Open(dir);
  ASSERT_TRUE(engine.ok()) << engine.status().ToString();
  // A build the kill cut short resumes now.
  ASSERT_TRUE((*engine)->AwaitReadModels(std::chrono::minutes(2)).ok());
  EngineMetrics m = (*engine)->Metrics();
  EXPECT_EQ(m.read_models_position, (*engine)->log().Committed().value)
      << "iteration " << iteration;
  EXPECT_GT(m.read_models_generation, 0u);
  std::string after_open = (*engine)->DumpReadModels();
  ASSERT_TRUE((*engine)->Rebuild().ok());
  ASSERT_EQ((*engine)->DumpReadModels(), after_open) << "iteration " << iteration;
  for (const auto& id : acknowledged)
    ASSERT_TRUE((*engine)->GetCase(Actor::System("test"), id).ok()) << id << " lost";
  auto report = (*engine)->log().Verify();
  ASSERT_TRUE(report.ok());
  ASSERT_TRUE(report->ok()) << report->problem;
}

TEST(EngineCrash, AfterAKillReadModelsEqualARebuildAndNothingAcknowledgedIsLost) {
  testing::TempDir dir;
  std::mt19937 rng(4242);
  std::set<std::string> acknowledged;
  for (int iteration = 0; iteration < 20; ++iteration) {
    for (const auto& id : RunAndKill(dir.path(), 60 + static_cast<int>(rng() % 200)))
      acknowledged.insert(id);
    CheckAfterKill(dir.path(), acknowledged, iteration);
    if (HasFatalFailure()) return;
  }
  EXPECT_GT(acknowledged.size(), 20u);
}

TEST(EngineCrash, AKillDuringABackgroundRebuildLeavesOneConsistentGeneration) {
  testing::TempDir dir;
  std::mt19937 rng(777);
  std::set<std::string> acknowledged;
  uint32_t last_generation = 0;
  for (int iteration = 0; iteration < 20; ++iteration) {
    for (const auto& id : RunAndKill(dir.path(), 80 + static_cast<int>(rng() % 300), "rebuild"))
      acknowledged.insert(id);
    CheckAfterKill(dir.path(), acknowledged, iteration);
    if (HasFatalFailure()) return;
    auto engine = Engine::Open(dir.path());
    ASSERT_TRUE(engine.ok());
    last_generation = std::max(last_generation, (*engine)->Metrics().read_models_generation);
  }
  EXPECT_GT(acknowledged.size(), 20u);
  EXPECT_GT(last_generation, 2u) << "the child's rebuilds never switched a generation";
}

TEST(EngineCrash, AKillDuringABackgroundBuildOfTheReadModelsResumesToTheSameModels) {
  testing::TempDir dir;
  std::mt19937 rng(99);
  std::set<std::string> acknowledged;
  for (const auto& id : RunAndKill(dir.path(), 400)) acknowledged.insert(id);  // some history
  int cut_short = 0;
  for (int iteration = 0; iteration < 20; ++iteration) {
    // As an older GridLedger leaves a store: no live read models named.
    testing::SetMetaKey(dir.path(), keys::kReadModelsLiveKey, std::nullopt);
    // Killed while the build runs (chunks of 50 events) or soon after.
    for (const auto& id : RunAndKill(dir.path(), static_cast<int>(rng() % 120), "build"))
      acknowledged.insert(id);
    if (testing::HasMetaKey(dir.path(), keys::kReadModelsBuildingKey)) ++cut_short;
    CheckAfterKill(dir.path(), acknowledged, iteration);
    if (HasFatalFailure()) return;
  }
  EXPECT_GT(acknowledged.size(), 20u);
  EXPECT_GT(cut_short, 0) << "no kill landed while a build ran";
}

}  // namespace
}  // namespace gridledger
