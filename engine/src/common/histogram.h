// A lock-free histogram with fixed bucket bounds: Observe from any thread,
// Snapshot at any time. Internal.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <initializer_list>

#include "gridledger/metrics.h"

namespace gridledger {

template <size_t kBounds>
class AtomicHistogram {
 public:
  explicit AtomicHistogram(const std::array<double, kBounds>& bounds) : bounds_(bounds) {}

  void Observe(double v) {
    size_t i = 0;
    while (i < kBounds && v > bounds_[i]) ++i;
    counts_[i].fetch_add(1, std::memory_order_relaxed);
    count_.fetch_add(1, std::memory_order_relaxed);
    // Sum in nanounits so it stays an integer add.
    sum_nano_.fetch_add(static_cast<uint64_t>(v * 1e9), std::memory_order_relaxed);
  }

  HistogramSnapshot Snapshot() const {
    HistogramSnapshot s;
    s.upper_bounds.assign(bounds_.begin(), bounds_.end());
    for (const auto& c : counts_) s.counts.push_back(c.load(std::memory_order_relaxed));
    s.count = count_.load(std::memory_order_relaxed);
    s.sum = static_cast<double>(sum_nano_.load(std::memory_order_relaxed)) / 1e9;
    return s;
  }

 private:
  std::array<double, kBounds> bounds_;
  std::array<std::atomic<uint64_t>, kBounds + 1> counts_{};
  std::atomic<uint64_t> count_{0};
  std::atomic<uint64_t> sum_nano_{0};
};

// Seconds: 50 us .. 10 s.
inline constexpr std::array<double, 14> kLatencyBounds = {
    0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.5, 1, 10};
// Events per commit group: 1 .. 4096.
inline constexpr std::array<double, 10> kGroupBounds = {1, 2, 4, 8, 16, 32, 64, 256, 1024, 4096};

}  // namespace gridledger
