// The kiosk's time source for idle handling and animations. Tests inject a
// ManualKioskClock so that idle resets happen without sleeping.
#pragma once

#include <atomic>
#include <chrono>

namespace gridledger::kiosk {

class KioskClock {
 public:
  virtual ~KioskClock() = default;
  // Monotonic seconds since an arbitrary origin.
  virtual double NowSeconds() const = 0;
};

// Steady (monotonic) wall time.
class SteadyKioskClock final : public KioskClock {
 public:
  double NowSeconds() const override {
    return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch())
        .count();
  }
};

// Moves only when told to. Thread-safe.
class ManualKioskClock final : public KioskClock {
 public:
  double NowSeconds() const override { return now_.load(); }
  void Advance(double seconds) { now_.store(now_.load() + seconds); }

 private:
  std::atomic<double> now_{1000.0};
};

}  // namespace gridledger::kiosk
