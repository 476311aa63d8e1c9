#include "app/idle_timer.h"

#include <cmath>

namespace gridledger::kiosk {

IdleTimer::IdleTimer(const KioskClock* clock, double idle_seconds, double countdown_seconds)
    : clock_(clock),
      idle_seconds_(idle_seconds),
      countdown_seconds_(countdown_seconds < 20 ? 20 : countdown_seconds),
      last_touch_(clock->NowSeconds()) {}

void IdleTimer::Touch() { last_touch_ = clock_->NowSeconds(); }

IdleTimer::Phase IdleTimer::Poll() const {
  double idle = clock_->NowSeconds() - last_touch_;
  if (idle < idle_seconds_) return Phase::kActive;
  if (idle < idle_seconds_ + countdown_seconds_) return Phase::kAsking;
  return Phase::kExpired;
}

int IdleTimer::SecondsLeft() const {
  double left = idle_seconds_ + countdown_seconds_ - (clock_->NowSeconds() - last_touch_);
  return left < 0 ? 0 : static_cast<int>(std::ceil(left));
}

double IdleTimer::SecondsUntilChange() const {
  double idle = clock_->NowSeconds() - last_touch_;
  if (idle < idle_seconds_) return idle_seconds_ - idle;
  double left = idle_seconds_ + countdown_seconds_ - idle;
  if (left <= 0) return 0;
  double to_tick = left - std::floor(left);  // SecondsLeft() = ceil(left) drops here
  return to_tick > 0 ? to_tick : 1.0;
}

}  // namespace gridledger::kiosk
