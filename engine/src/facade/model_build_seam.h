// A test seam of the builds of the read models (engine_model_build.cc,
// Rebuild in engine_open.cc): tests shrink the background build's chunks
// and pause it between them to see the engine while a build runs, close it
// mid-way to see the next open resume, and hold a Rebuild mid-way.
// Production code never sets it.
#pragma once

#include <cstdint>
#include <functional>

namespace gridledger {

struct ModelBuildSeam {
  size_t events_per_chunk = 0;  // 0: the engine's own chunk size
  // Called on the build's thread after each chunk, with the position
  // reached; false stops the build there, as closing the engine does.
  std::function<bool(uint64_t reached)> after_chunk;
  // Called on the thread of an Engine::Rebuild once it has begun building
  // its generation (so a test can call Rebuild again meanwhile).
  std::function<void()> rebuild_building;
};

// The one seam, process-wide. Set it before Engine::Open, clear it after.
ModelBuildSeam& TestingModelBuildSeam();

}  // namespace gridledger
