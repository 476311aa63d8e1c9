#include "store_info.h"

#include "output.h"
#include "time_format.h"

namespace gridledger::cli {
namespace {

// Checkpoint names under which projections record their progress.
const std::vector<std::string>& ProjectionNames() {
  static const std::vector<std::string> names = {};
  return names;
}

Timestamp RecordedAt(const EventLog& log, Position p) {
  if (p.value == 0) return {};
  auto events = log.ReadAll(p, 1);
  if (!events.ok() || events->empty()) return {};
  return events->front().recorded_at;
}

}  // namespace

StoreInfo CollectStoreInfo(const GlobalOptions& options) {
  auto log = OpenLogOrThrow(options);
  StoreInfo info;
  info.data_dir = ResolveDataDir(options);
  LogStats stats = log->Stats();
  info.events = stats.committed.value;
  info.streams = stats.stream_count;
  info.disk_bytes = stats.disk_bytes;
  info.first_recorded = RecordedAt(*log, Position{info.events ? 1u : 0u});
  info.last_recorded = RecordedAt(*log, stats.committed);
  for (const auto& name : ProjectionNames()) {
    auto p = log->LoadCheckpoint(name);
    if (!p.ok()) continue;
    info.projections.push_back(
        {name, p->value, info.events > p->value ? info.events - p->value : 0});
  }
  return info;
}

Json StoreInfoToJson(const StoreInfo& info) {
  Json j = {{"dataDir", info.data_dir},
            {"events", info.events},
            {"streams", info.streams},
            {"diskBytes", info.disk_bytes},
            {"firstRecordedAt", info.events ? Json(FormatIso(info.first_recorded)) : Json()},
            {"lastRecordedAt", info.events ? Json(FormatIso(info.last_recorded)) : Json()}};
  j["projections"] = Json::array();
  for (const auto& p : info.projections)
    j["projections"].push_back({{"name", p.name}, {"position", p.position}, {"lag", p.lag}});
  return j;
}

std::vector<std::pair<std::string, std::string>> StoreInfoFields(const StoreInfo& info) {
  return {{"data directory", info.data_dir},
          {"events", std::to_string(info.events)},
          {"streams (estimate)", std::to_string(info.streams)},
          {"size on disk", FormatBytes(info.disk_bytes)},
          {"first event", FormatShort(info.first_recorded)},
          {"last event", FormatShort(info.last_recorded)}};
}

}  // namespace gridledger::cli
