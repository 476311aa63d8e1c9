#include "latency_histogram.h"

#include <algorithm>
#include <bit>
#include <cmath>

namespace gridledger::cli {

// Values below kSub fall in power 0 one per microsecond; from kSub on, a
// value with its highest bit at b (b >= kSubBits) goes to power
// b - kSubBits + 1, sub-bucket given by its next kSubBits bits.
size_t LatencyHistogram::Index(uint64_t micros) {
  if (micros < static_cast<uint64_t>(kSub)) return static_cast<size_t>(micros);
  const int top = std::bit_width(micros) - 1;  // >= kSubBits
  const int power = top - kSubBits + 1;
  if (power >= kPowers) return kPowers * kSub - 1;
  const uint64_t sub = (micros >> (top - kSubBits)) & (kSub - 1);
  return static_cast<size_t>(power) * kSub + static_cast<size_t>(sub);
}

double LatencyHistogram::UpperEdge(size_t index) {
  const size_t power = index / kSub, sub = index % kSub;
  if (power == 0) return static_cast<double>(sub + 1);
  const int shift = static_cast<int>(power) - 1;
  // Power p covers [2^(p+kSubBits-1), 2^(p+kSubBits)) in kSub steps of 2^shift.
  return std::ldexp(static_cast<double>(kSub + sub + 1), shift);
}

void LatencyHistogram::Record(double micros) {
  if (!(micros >= 0)) micros = 0;
  ++counts_[Index(static_cast<uint64_t>(std::llround(micros)))];
  ++count_;
  max_us_ = std::max(max_us_, micros);
}

void LatencyHistogram::Merge(const LatencyHistogram& other) {
  for (size_t i = 0; i < counts_.size(); ++i) counts_[i] += other.counts_[i];
  count_ += other.count_;
  max_us_ = std::max(max_us_, other.max_us_);
}

void LatencyHistogram::Clear() { *this = LatencyHistogram(); }

double LatencyHistogram::Percentile(double fraction) const {
  if (count_ == 0) return 0;
  const double rank = std::clamp(fraction, 0.0, 1.0) * static_cast<double>(count_);
  uint64_t seen = 0;
  for (size_t i = 0; i < counts_.size(); ++i) {
    seen += counts_[i];
    if (counts_[i] > 0 && static_cast<double>(seen) >= rank) return std::min(UpperEdge(i), max_us_);
  }
  return max_us_;
}

}  // namespace gridledger::cli
