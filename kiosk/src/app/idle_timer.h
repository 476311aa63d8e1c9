// Idle handling: after `idle_seconds` without a touch the kiosk asks
// "还在使用吗?" and counts down `countdown_seconds` (>= 20 s, WCAG 2.2.1);
// one tap on "continue" restarts the wait; when the countdown ends the
// session must be reset. Pure logic on an injected clock.
#pragma once

#include "app/kiosk_clock.h"

namespace gridledger::kiosk {

class IdleTimer {
 public:
  enum class Phase { kActive, kAsking, kExpired };

  IdleTimer(const KioskClock* clock, double idle_seconds, double countdown_seconds);

  // A touch (press, drag) happened now.
  void Touch();
  // How long without a touch before asking, from the last touch on (the
  // receipt gets longer to be photographed or copied).
  void SetIdleSeconds(double seconds) { idle_seconds_ = seconds; }
  // Current phase at the clock's now. kExpired stays until Touch() / Restart().
  Phase Poll() const;
  // Whole seconds left in the countdown (only meaningful in kAsking).
  int SecondsLeft() const;
  // Seconds from now until what the timer shows changes by itself: the
  // question appearing (kActive), the countdown's next whole second
  // (kAsking); 0 once expired. For drawing only when something changes.
  double SecondsUntilChange() const;
  double countdown_seconds() const { return countdown_seconds_; }

 private:
  const KioskClock* clock_;
  double idle_seconds_;
  double countdown_seconds_;
  double last_touch_;
};

}  // namespace gridledger::kiosk
