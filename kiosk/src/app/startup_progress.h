// How far slow start-up work has got (seeding the demo community), written
// by the worker thread and read by the UI thread, so that "getting ready"
// shows real progress instead of a spinner. Thread-safe.
#pragma once

#include <cstdint>
#include <mutex>

namespace gridledger::kiosk {

class StartupProgress {
 public:
  struct Snapshot {
    uint32_t done = 0;
    uint32_t total = 0;    // 0: nothing reported (no count to show)
    uint64_t version = 0;  // changes with every Report()
  };
  // Any thread: `done` of `total` steps are finished.
  void Report(uint32_t done, uint32_t total) {
    std::lock_guard lock(mu_);
    now_.done = done;
    now_.total = total;
    ++now_.version;
  }
  Snapshot Get() const {
    std::lock_guard lock(mu_);
    return now_;
  }

 private:
  mutable std::mutex mu_;
  Snapshot now_;
};

}  // namespace gridledger::kiosk
