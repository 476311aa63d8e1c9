// A one-shot signal that one thread waits on and another sets once: the
// group-commit writer's "your append is done" to the appender that queued
// it (log/event_log_write.cc).
//
// Why not std::atomic<bool>::wait/notify_one: libstdc++ 12 waits for a bool
// on one of 16 process-wide futexes chosen by address, and its notify wakes
// every thread asleep on that futex; each of them spins again (four
// sched_yield()s) before it sleeps once more. With 64 appenders waiting on
// one commit group, every wake-up woke about four threads, and the
// appenders' context switches and yields cost twice the writer's own CPU
// (Log/DurableAppend/threads:64, docs/benchmarks.md). Here each waiter
// sleeps on its own futex word and is the only thread its Set wakes; a Set
// makes no system call at all when the waiter has not gone to sleep.
//
// Linux futexes (Debian is the platform); the word is private to the
// process.
#pragma once

#include <linux/futex.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <atomic>
#include <cstdint>

namespace gridledger {

class CompletionSignal {
 public:
  CompletionSignal() = default;
  CompletionSignal(const CompletionSignal&) = delete;
  CompletionSignal& operator=(const CompletionSignal&) = delete;

  // Whether Set has been called; what the setter wrote before Set is
  // visible to a caller that sees true (acquire).
  bool IsSet() const { return state_.load(std::memory_order_acquire) == kSet; }

  // Blocks until Set has been called (at once if it has been).
  void Wait() {
    uint32_t seen = kPending;
    // Say that a waiter sleeps, unless the Set came first (only the waiter
    // writes kSleeping, so a failed exchange has seen kSet).
    if (!state_.compare_exchange_strong(seen, kSleeping, std::memory_order_acquire)) return;
    while (state_.load(std::memory_order_acquire) != kSet)
      Futex(Word(), FUTEX_WAIT_PRIVATE, kSleeping);  // returns at once unless still kSleeping
  }

  // Sets the signal (release) and wakes the waiter if it sleeps. Once the
  // waiter sees the signal set it may destroy this object, even before Set
  // returns: after the exchange Set touches only the word's address, as a
  // futex key (FUTEX_WAKE reads no memory); a wake that reaches a later
  // futex at the same address is spurious, which every futex user allows.
  void Set() {
    uint32_t* word = Word();  // taken before the waiter may free it
    if (state_.exchange(kSet, std::memory_order_release) == kSleeping)
      Futex(word, FUTEX_WAKE_PRIVATE, 1);
  }

 private:
  static constexpr uint32_t kPending = 0, kSet = 1, kSleeping = 2;

  uint32_t* Word() { return reinterpret_cast<uint32_t*>(&state_); }
  static void Futex(uint32_t* word, int op, uint32_t value) {
    // EINTR and EAGAIN (the word changed first) both mean: look again.
    syscall(SYS_futex, word, op, value, nullptr, nullptr, 0);
  }

  std::atomic<uint32_t> state_{kPending};
  static_assert(sizeof(std::atomic<uint32_t>) == sizeof(uint32_t));
};

}  // namespace gridledger
