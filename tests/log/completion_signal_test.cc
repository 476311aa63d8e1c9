// CompletionSignal: how the group-commit writer wakes the appender whose
// append it committed (common/completion_signal.h).
#include "common/completion_signal.h"

#include <gtest/gtest.h>
#include <sys/resource.h>
#include <unistd.h>

#include <array>
#include <atomic>
#include <fstream>
#include <memory>
#include <string>
#include <thread>
#include <vector>

namespace gridledger {
namespace {

// The scheduler's state of one of this process's threads ('S': asleep).
char ThreadState(pid_t tid) {
  std::ifstream in("/proc/self/task/" + std::to_string(tid) + "/stat");
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  auto close = text.rfind(')');  // the name may hold spaces
  return close == std::string::npos || close + 2 >= text.size() ? '?' : text[close + 2];
}

// Waits (on the scheduler, not a clock) until `tid` is asleep.
void AwaitAsleep(const std::atomic<pid_t>& tid) {
  while (tid.load() == 0) std::this_thread::yield();
  while (ThreadState(tid.load()) != 'S') std::this_thread::yield();
}

long VoluntarySwitchesOfThisThread() {
  rusage u{};
  getrusage(RUSAGE_THREAD, &u);
  return u.ru_nvcsw;
}

TEST(CompletionSignal, AWaitAfterTheSetReturnsAtOnce) {
  CompletionSignal s;
  EXPECT_FALSE(s.IsSet());
  s.Set();
  EXPECT_TRUE(s.IsSet());
  s.Wait();
  EXPECT_TRUE(s.IsSet());
}

TEST(CompletionSignal, ASleepingWaiterWakesOnTheSetAndSeesWhatWasWrittenBeforeIt) {
  CompletionSignal s;
  int result = 0;  // written before Set, read after Wait: no other synchronisation
  std::atomic<pid_t> tid{0};
  int seen = -1;
  std::thread waiter([&] {
    tid.store(gettid());
    s.Wait();
    seen = result;
  });
  AwaitAsleep(tid);
  result = 42;
  s.Set();
  waiter.join();
  EXPECT_EQ(seen, 42);
}

// What the writer needs with 64 appenders asleep at once: a Set wakes the
// one appender it completes, no other. (std::atomic<bool>::notify_one, used
// before, woke every thread asleep on the same one of libstdc++'s 16
// futexes; signals 64 bytes apart all share one, as these do.)
TEST(CompletionSignal, EachSetWakesOnlyItsOwnWaiter) {
  constexpr int kWaiters = 8;
  struct alignas(64) Slot {
    CompletionSignal signal;
    std::atomic<pid_t> tid{0};
    long woken_times = -1;  // voluntary context switches while waiting
  };
  auto slots = std::make_unique<std::array<Slot, kWaiters>>();
  std::vector<std::thread> waiters;
  for (int i = 0; i < kWaiters; ++i) {
    waiters.emplace_back([&slot = (*slots)[i]] {
      long before = VoluntarySwitchesOfThisThread();
      slot.tid.store(gettid());
      slot.signal.Wait();
      slot.woken_times = VoluntarySwitchesOfThisThread() - before;
    });
  }
  for (auto& slot : *slots) AwaitAsleep(slot.tid);
  for (int i = 0; i < kWaiters; ++i) {
    // Every waiter not yet set is asleep again before the next Set.
    for (int j = i; j < kWaiters; ++j) AwaitAsleep((*slots)[j].tid);
    (*slots)[i].signal.Set();
    waiters[i].join();
  }
  for (int i = 0; i < kWaiters; ++i)
    EXPECT_LE((*slots)[i].woken_times, 2) << "waiter " << i << " was woken by others' signals";
}

// The appender frees its request (and the signal in it) as soon as Wait
// returns, possibly before the writer's Set has returned; the sanitizer
// builds run this.
TEST(CompletionSignal, TheWaiterMayFreeTheSignalAsSoonAsItSeesItSet) {
  constexpr int kRounds = 20000;
  std::atomic<CompletionSignal*> handed{nullptr};
  std::thread setter([&] {
    for (int i = 0; i < kRounds; ++i) {
      CompletionSignal* s;
      while ((s = handed.exchange(nullptr)) == nullptr) std::this_thread::yield();
      s->Set();
    }
  });
  for (int i = 0; i < kRounds; ++i) {
    auto s = std::make_unique<CompletionSignal>();
    handed.store(s.get());
    s->Wait();
    EXPECT_TRUE(s->IsSet());
  }  // each freed right after its Wait
  setter.join();
}

}  // namespace
}  // namespace gridledger
