// CityHub: one following replica per partition (gridledger/city_hub.h).
#include "gridledger/city_hub.h"

#include <filesystem>
#include <set>

#include "gridledger/replica.h"

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
  hub->options_ = options;
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
    hub->engines_.push_back(std::move(engine).value());
    hub->followers_.push_back(std::move(follower).value());
  }
  return hub;
}

CityHub::~CityHub() {
  for (auto& f : followers_) f->Stop();
  followers_.clear();
  engines_.clear();
}

std::vector<CityPartitionStatus> CityHub::status() const {
  std::vector<CityPartitionStatus> out;
  for (size_t i = 0; i < districts_.size(); ++i)
    out.push_back({districts_[i], "GL_" + districts_[i], followers_[i]->status()});
  return out;
}

bool CityHub::WaitCaughtUp(std::chrono::milliseconds timeout) const {
  const auto until = std::chrono::steady_clock::now() + timeout;
  for (size_t i = 0; i < districts_.size(); ++i) {
    auto o = ValidateJetStreamOptions(PartitionOptions(options_, districts_[i]));
    if (!o.ok()) return false;
    auto state = ReadJetStreamState(*o);
    Position target;
    if (state.ok()) {
      target = Position{state->last_sequence};
    } else if (state.status().code() != StatusCode::kNotFound) {
      return false;
    }
    EventLog& log = engines_[i]->log();
    while (log.Committed() < target) {
      const auto now = std::chrono::steady_clock::now();
      if (now >= until) return false;
      log.WaitForCommitted(target,
                           std::min<std::chrono::milliseconds>(
                               std::chrono::duration_cast<std::chrono::milliseconds>(until - now),
                               std::chrono::milliseconds(100)));
    }
  }
  return true;
}

}  // namespace gridledger
