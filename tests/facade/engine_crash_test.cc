// The crash test extended to the read models: a child process drives the
// engine (filing cases and closing them) and is SIGKILLed at random
// moments. After each kill, reopening must give read models exactly equal
// to a rebuild from the log, every acknowledged case present, and a chain
// that verifies.
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <random>
#include <set>

#include "facade/engine_fixture.h"

extern char** environ;

namespace gridledger {
namespace {

// Runs the child for `ms` milliseconds, then SIGKILLs it; returns the case
// ids it acknowledged.
std::vector<std::string> RunAndKill(const std::string& dir, int ms) {
  int fds[2];
  EXPECT_EQ(::pipe2(fds, O_CLOEXEC), 0);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, fds[1], STDOUT_FILENO);
  std::vector<char*> argv = {const_cast<char*>(GL_ENGINE_CRASH_WRITER),
                             const_cast<char*>(dir.c_str()), nullptr};
  pid_t pid = -1;
  EXPECT_EQ(::posix_spawn(&pid, GL_ENGINE_CRASH_WRITER, &actions, nullptr, argv.data(), environ),
            0);
  posix_spawn_file_actions_destroy(&actions);
  ::close(fds[1]);
  std::string out;
  auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(ms);
  char buf[4096];
  for (;;) {
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

TEST(EngineCrash, AfterAKillReadModelsEqualARebuildAndNothingAcknowledgedIsLost) {
  testing::TempDir dir;
  std::mt19937 rng(4242);
  std::set<std::string> acknowledged;
  for (int iteration = 0; iteration < 10; ++iteration) {
    for (const auto& id : RunAndKill(dir.path(), 60 + static_cast<int>(rng() % 200)))
      acknowledged.insert(id);
    auto engine = Engine::Open(dir.path());
    ASSERT_TRUE(engine.ok()) << engine.status().ToString();
    std::string after_open = (*engine)->DumpReadModels();
    ASSERT_TRUE((*engine)->Rebuild().ok());
    ASSERT_EQ((*engine)->DumpReadModels(), after_open) << "iteration " << iteration;
    for (const auto& id : acknowledged)
      ASSERT_TRUE((*engine)->GetCase(Actor::System("test"), id).ok()) << id << " lost";
    auto report = (*engine)->log().Verify();
    ASSERT_TRUE(report.ok());
    ASSERT_TRUE(report->ok()) << report->problem;
  }
  EXPECT_GT(acknowledged.size(), 20u);
}

}  // namespace
}  // namespace gridledger
