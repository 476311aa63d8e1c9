// What a GridLedger program is and runs with, as its --version prints it.
#pragma once

#include <string>
#include <string_view>

namespace gridledger::tools {

// The allocator serving this process's malloc, found at run time (so that a
// preloaded one is named too): "jemalloc 5.3.0-0-g…" or "glibc 2.36 malloc".
std::string AllocatorInUse();

// "<program> <GridLedger version>" and, on the next line, the allocator.
std::string VersionText(std::string_view program);

}  // namespace gridledger::tools
