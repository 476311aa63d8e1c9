// Runs slow work (engine commands, queries, opening the data directory) on
// one background thread so the UI thread never waits for the disk.
//
// Post(work, done): `work` runs on the worker thread; `done` (with work's
// result captured by the caller's lambda) is queued and runs on the UI
// thread at the next RunCompletions(). WaitIdle() blocks until every posted
// job has run and its completion is queued (for tests and shutdown: no
// sleeping). Jobs run in order. SetWakeup() names a function the worker
// calls (on its own thread) after each completion is queued, so that a UI
// that sleeps until an event wakes up for engine results.
#pragma once

#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>

namespace gridledger::kiosk {

class CommandWorker {
 public:
  using Job = std::function<std::function<void()>()>;  // returns the completion

  CommandWorker();
  ~CommandWorker();  // finishes queued jobs, then joins
  CommandWorker(const CommandWorker&) = delete;
  CommandWorker& operator=(const CommandWorker&) = delete;

  void Post(Job job);
  // Runs queued completions on the calling (UI) thread. Returns how many.
  int RunCompletions();
  void WaitIdle();
  bool Busy() const;
  // True when completions wait for RunCompletions().
  bool HasCompletions() const;
  // `wake` must be thread-safe (e.g. glfwPostEmptyEvent). Set it before
  // posting work; it is called without the worker's lock held.
  void SetWakeup(std::function<void()> wake);
  // Calls the wake-up function now (any thread; nothing when none is set):
  // news for the UI that is not a completion (start-up progress).
  void Wake();

 private:
  void Loop();

  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::condition_variable idle_cv_;
  std::deque<Job> jobs_;
  std::deque<std::function<void()>> done_;
  int running_ = 0;
  std::function<void()> wake_;
  bool stop_ = false;
  std::thread thread_;
};

}  // namespace gridledger::kiosk
