// CityHub: one following replica per partition (gridledger/city_hub.h).
#include "gridledger/city_hub.h"

#include <filesystem>
#include <set>

namespace gridledger {

namespace {

JetStreamOptions PartitionOptions(const CityHubOptions& options, const std::string& district) {
  JetStreamOptions o = options.streams;
  o.district = district;
  o.stream.clear();  // GL_<district>
  o.lease_bucket.clear();
  o.lease_holder.clear();
  o.create_stream = false;
  o.connection_name = "gridledger-city-hub";
  return o;
}

}  // namespace

Result<std::unique_ptr<CityHub>> CityHub::Start(CityHubOptions options) {
  if (options.districts.empty())
    return Status::InvalidArgument("a city hub needs at least one partition (district)");
  if (options.cache.empty())
    return Status::InvalidArgument("a city hub needs a directory for its replicas");
  std::set<std::string> seen;
  for (const std::string& d : options.districts)
    if (!seen.insert(d).second)
      return Status::InvalidArgument("partition " + d + " is named twice");
  std::error_code ec;
  std::filesystem::create_directories(options.cache, ec);
  if (ec) return Status::IOError("creating " + options.cache + ": " + ec.message());

  std::unique_ptr<CityHub> hub(new CityHub());
  hub->districts_ = options.districts;
  for (const std::string& district : options.districts) {
    GL_ASSIGN_OR_RETURN(JetStreamOptions o,
                        ValidateJetStreamOptions(PartitionOptions(options, district)));
    const std::string dir = (std::filesystem::path(options.cache) / o.stream).string();
    auto engine = Engine::Open(dir);
    if (!engine.ok())
      return Status(engine.status().code(), "the replica of partition " + district + " (" + dir +
                                                "): " + engine.status().message());
    GL_ASSIGN_OR_RETURN(std::unique_ptr<StandbySource> source, MakeJetStreamFollowSource(o));
    StandbyOptions so = options.following;
    so.refusal = "this is a city hub's replica of partition " + district + " (stream " + o.stream +
                 "): it takes no writes; write to the partition's own gridledgerd";
    // A replica that only reads is never promoted, so it never forwards.
    auto follower = Standby::Start((*engine)->log(), std::move(source),
                                   [] { return std::unique_ptr<ForwardSink>(); }, so);
    if (!follower.ok()) return follower.status();
    hub->partitions_.push_back({o.stream, std::move(engine).value(), std::move(follower).value()});
  }
  return hub;
}

CityHub::~CityHub() {
  // Following stops before any replica closes.
  for (Partition& p : partitions_) p.follower->Stop();
}

std::vector<CityPartitionStatus> CityHub::status() const {
  std::vector<CityPartitionStatus> out;
  for (size_t i = 0; i < partitions_.size(); ++i)
    out.push_back({districts_[i], partitions_[i].stream, partitions_[i].follower->status()});
  return out;
}

}  // namespace gridledger
