// The CPU time this process has used, for reports of what a load cost
// (`gridledger bench`, the benchmarks' process_us_per_event). Header-only:
// the benchmarks use it without linking the tools.
#pragma once

#include <sys/resource.h>

namespace gridledger::tools {

// User plus system CPU seconds of every thread of this process so far.
inline double ProcessCpuSeconds() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  auto seconds = [](const timeval& t) { return t.tv_sec + t.tv_usec / 1e6; };
  return seconds(u.ru_utime) + seconds(u.ru_stime);
}

}  // namespace gridledger::tools
