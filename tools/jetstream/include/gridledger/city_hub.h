// A city hub: the partitions of a city (or province) kept live side by side,
// each in a local replica that follows its JetStream stream, so that the
// city's views (statistics summed per street, district and city, the
// ledger, the queue of escalated and overdue cases) are read with the
// engine's own projection code from stores that are never more than the
// stream's last few events behind (docs/scaling.md, "City views").
//
// Each partition's replica is an Engine on its own data directory under
// `cache` (GL_<district>), in standby mode (it takes no write of its own)
// and followed by a Standby whose source never claims a lease
// (MakeJetStreamFollowSource): one ordered push consumer per partition from
// the replica's own committed position, AppendStoredEvents for each batch,
// backoff while the cluster is unreachable, resumption from the replica's
// watermark after any failure or restart. The replica's position is stored
// in the same RocksDB batch as the events and read models it covers, so
// (partition, position) is applied exactly once whatever crashes; no
// consumer state is kept on the server that could disagree with it.
// Replicas hold no person keys: names and phones stay sealed.
#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "gridledger/engine.h"
#include "gridledger/jetstream.h"
#include "gridledger/standby.h"
#include "gridledger/status.h"

namespace gridledger {

struct CityHubOptions {
  // The cluster, the subject prefix and the identity the partitions'
  // streams are read with; `district` and `stream` are set per partition.
  JetStreamOptions streams;
  // The partitions' district codes, in the order views list them.
  // Required (at least one, no repeats).
  std::vector<std::string> districts;
  // Directory of the replicas, created when missing (kept: a restart
  // resumes each replica where it ends). Required.
  std::string cache;
  // How each replica follows (watch_every for the stream's last sequence,
  // backoff); `refusal` is filled in.
  StandbyOptions following;
};

// One partition as the hub follows it.
struct CityPartitionStatus {
  std::string district;
  std::string stream;
  StandbyStatus following;  // applied, source_last, lag(), connected, ...
};

class GRIDLEDGER_EXPORT CityHub {
 public:
  // Opens (or creates) every partition's replica and starts following.
  // kInvalidArgument for bad options; a replica's open error as it is.
  static Result<std::unique_ptr<CityHub>> Start(CityHubOptions options);

  ~CityHub();  // stops following, closes the replicas

  const std::vector<std::string>& districts() const { return districts_; }
  // Partition i's replica (i < districts().size()), live: safe to query
  // from any thread while it follows.
  Engine& partition(size_t i) { return *partitions_[i].engine; }

  // Thread-safe snapshot, in districts() order.
  std::vector<CityPartitionStatus> status() const;

 private:
  struct Partition {
    std::string stream;  // GL_<district>
    std::unique_ptr<Engine> engine;
    std::unique_ptr<Standby> follower;
  };
  CityHub() = default;
  std::vector<std::string> districts_;
  std::vector<Partition> partitions_;
};

}  // namespace gridledger
