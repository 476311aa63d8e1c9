// A test seam of the background build of the read models
// (engine_model_build.cc): tests shrink its chunks and pause it between
// them to see the engine while a build runs, and close it mid-way to see
// the next open resume. Production code never sets it.
#pragma once

#include <cstdint>
#include <functional>

namespace gridledger {

struct ModelBuildSeam {
  size_t events_per_chunk = 0;  // 0: the engine's own chunk size
  // Called on the build's thread after each chunk, with the position
  // reached; false stops the build there, as closing the engine does.
  std::function<bool(uint64_t reached)> after_chunk;
};

// The one seam, process-wide. Set it before Engine::Open, clear it after.
ModelBuildSeam& TestingModelBuildSeam();

}  // namespace gridledger
