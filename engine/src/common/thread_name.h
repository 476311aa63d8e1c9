// Names the calling thread as `top -H`, `perf` and gdb show it. Linux keeps
// at most 15 bytes; longer names are cut. Call first thing in a thread's
// body. Names are "gl-" + the role: gl-writer, gl-rpc-loop, gl-pool, ...
#pragma once

#include <pthread.h>

#include <string>

namespace gridledger {

inline void NameThisThread(const std::string& name) {
  pthread_setname_np(pthread_self(), name.substr(0, 15).c_str());
}

}  // namespace gridledger
