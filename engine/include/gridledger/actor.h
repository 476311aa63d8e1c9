// Who is asking. The engine, not the UI, decides what an actor may do: a
// worker's role and grids come from the grid registry, never from the
// caller, so a caller cannot claim more rights than the registry gives.
#pragma once

#include <string>

namespace gridledger {

struct Actor {
  enum class Kind : uint8_t {
    kResident,  // someone at the kiosk: may file, and see cases they hold codes for
    kWorker,    // a registered worker id; rights from their WorkerAssigned roles
    kSystem,    // the engine's own jobs (deadline scheduler, importers, demo seeding)
  };
  Kind kind = Kind::kResident;
  std::string id;

  static Actor Resident() { return {Kind::kResident, "resident"}; }
  static Actor Worker(std::string worker_id) { return {Kind::kWorker, std::move(worker_id)}; }
  static Actor System(std::string job) { return {Kind::kSystem, "system:" + std::move(job)}; }
};

}  // namespace gridledger
