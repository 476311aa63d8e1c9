#include "build_info.h"

#include <dlfcn.h>
#include <gnu/libc-version.h>

#include <cstddef>

namespace gridledger::tools {

std::string AllocatorInUse() {
  // jemalloc's introspection entry point; only jemalloc defines it.
  using Mallctl = int (*)(const char*, void*, size_t*, void*, size_t);
  if (auto mallctl = reinterpret_cast<Mallctl>(dlsym(RTLD_DEFAULT, "mallctl"))) {
    const char* version = nullptr;
    size_t size = sizeof(version);
    if (mallctl("version", &version, &size, nullptr, 0) == 0 && version)
      return std::string("jemalloc ") + version;
    return "jemalloc";
  }
  return std::string("glibc ") + gnu_get_libc_version() + " malloc";
}

std::string VersionText(std::string_view program) {
  return std::string(program) + " " GRIDLEDGER_VERSION "\nallocator: " + AllocatorInUse();
}

}  // namespace gridledger::tools
