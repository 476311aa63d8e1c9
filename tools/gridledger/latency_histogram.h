// A latency histogram for the load generator (`gridledger bench`): values
// in microseconds from 1 µs to about 38 hours, in buckets of at most
// 1/32 (3 %) of their value (powers of two, each cut into 32 linear
// sub-buckets, as HdrHistogram does), so percentiles come from counts, not
// from a sorted sample, and memory is fixed (~2,000 counters).
//
// Not thread-safe: each recording thread keeps its own and they are merged.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>

namespace gridledger::cli {

class LatencyHistogram {
 public:
  void Record(double micros);
  void Merge(const LatencyHistogram& other);
  void Clear();

  uint64_t count() const { return count_; }
  double max_us() const { return max_us_; }
  // The value below which `fraction` (0..1) of the recorded values lie,
  // as the upper edge of its bucket; 0 when empty.
  double Percentile(double fraction) const;

 private:
  static constexpr int kSubBits = 5;  // 32 sub-buckets per power of two
  static constexpr int kSub = 1 << kSubBits;
  static constexpr int kPowers = 33;  // up to 2^37 µs
  static size_t Index(uint64_t micros);
  static double UpperEdge(size_t index);

  std::array<uint64_t, kPowers * kSub> counts_{};
  uint64_t count_ = 0;
  double max_us_ = 0;
};

}  // namespace gridledger::cli
