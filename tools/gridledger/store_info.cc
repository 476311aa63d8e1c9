#include "store_info.h"

#include <algorithm>
#include <chrono>

#include "engine_context.h"
#include "output.h"
#include "remote_context.h"
#include "time_format.h"

namespace gridledger::cli {
namespace {

Timestamp RecordedAt(const EventLog& log, Position p) {
  if (p.value == 0) return {};
  auto events = log.ReadAll(p, 1);
  if (!events.ok() || events->empty()) return {};
  return events->front().recorded_at;
}

}  // namespace

StoreInfo CollectStoreInfo(const GlobalOptions& options) {
  if (UsesServer(options)) {
    // A live server: its log and read models, through the connection.
    auto start = std::chrono::steady_clock::now();
    auto engine = ConnectOrThrow(options);
    double connect_ms =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    StoreInfo info;
    info.data_dir = options.server.empty() ? "(server)" : options.server;
    info.served = true;
    info.partition = engine->Partition();
    LogStats stats = engine->log().Stats();
    info.events = stats.committed.value;
    info.streams = stats.stream_count;
    info.disk_bytes = stats.disk_bytes;
    info.writes_refused = stats.writes_refused;
    info.first_recorded = RecordedAt(engine->log(), Position{info.events ? 1u : 0u});
    info.last_recorded = RecordedAt(engine->log(), stats.committed);
    // Where the server's read models are: written with every commit, so at
    // the log's position, unless a background build of a new generation
    // runs (after an upgrade), when calls answer unavailable until it ends.
    // An operator's credential is told; any other gets an empty snapshot.
    const EngineMetrics m = engine->Metrics();
    ProjectionInfo models;
    models.name = "read models (cases, queue, ledger, stats, registry)";
    models.generation = m.read_models_generation;
    models.building = m.read_models_building;
    models.build_target = m.read_models_build_target;
    models.position = m.read_models_generation || m.read_models_building
                          ? std::min(m.read_models_position, info.events)
                          : info.events;
    models.lag = info.events - models.position;
    models.open_ms = connect_ms;
    models.grids = engine->Grids().size();
    info.projections.push_back(models);
    return info;
  }
  // The read models are stored beside the log, at its position: opening
  // reads no history. Read-only, models that are missing or behind the log
  // are recomputed in memory (generation 0), which the open time then shows.
  std::string dir = ResolveDataDir(options);
  RequireStore(dir);
  auto start = std::chrono::steady_clock::now();
  EngineOptions engine_options;
  engine_options.log.create_if_missing = false;
  engine_options.log.read_only = true;  // info changes nothing
  auto engine = Engine::Open(dir, engine_options);
  double open_ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  std::unique_ptr<EventLog> log_only;
  EventLog* log = nullptr;
  std::string engine_problem;
  if (engine.ok()) {
    log = &(*engine)->log();
  } else if (engine.status().code() == StatusCode::kUnavailable ||
             engine.status().code() == StatusCode::kIOError) {
    ThrowIfError(engine.status(), "cannot open " + dir, dir);
  } else {
    // The log may still open when a projection cannot: report both.
    engine_problem = engine.status().ToString();
    log_only = OpenLogOrThrow(options, Access::kReadOnly);
    log = log_only.get();
  }
  StoreInfo info;
  info.data_dir = dir;
  if (engine.ok()) info.partition = (*engine)->Partition();
  LogStats stats = log->Stats();
  info.events = stats.committed.value;
  info.streams = stats.stream_count;
  info.disk_bytes = stats.disk_bytes;
  info.writes_refused = stats.writes_refused;
  info.first_recorded = RecordedAt(*log, Position{info.events ? 1u : 0u});
  info.last_recorded = RecordedAt(*log, stats.committed);
  ProjectionInfo models;
  models.name = "read models (cases, queue, ledger, stats, registry)";
  if (engine.ok()) {
    EngineMetrics m = (*engine)->Metrics();
    models.position = m.read_models_position;
    models.lag = info.events - std::min(info.events, m.read_models_position);
    models.generation = m.read_models_generation;
    models.open_ms = open_ms;
    models.grids = (*engine)->Grids().size();
  } else {
    models.lag = info.events;
    models.problem = engine_problem;
  }
  info.projections.push_back(models);
  return info;
}

Json StoreInfoToJson(const StoreInfo& info) {
  Json j = {{"dataDir", info.data_dir},
            {"partition", info.partition.empty() ? Json() : Json(info.partition)},
            {"events", info.events},
            {"streams", info.streams},
            {"diskBytes", info.disk_bytes},
            {"writesRefused", info.writes_refused.empty() ? Json() : Json(info.writes_refused)},
            {"firstRecordedAt", info.events ? Json(tools::FormatIso(info.first_recorded)) : Json()},
            {"lastRecordedAt", info.events ? Json(tools::FormatIso(info.last_recorded)) : Json()}};
  j["projections"] = Json::array();
  for (const auto& p : info.projections)
    j["projections"].push_back({{"name", p.name},
                                {"position", p.position},
                                {"lag", p.lag},
                                {"catchUpMs", p.open_ms},
                                {"generation", p.generation},
                                {"building", p.building},
                                {"grids", p.grids},
                                {"problem", p.problem.empty() ? Json() : Json(p.problem)}});
  return j;
}

std::vector<std::pair<std::string, std::string>> StoreInfoFields(const StoreInfo& info) {
  return {{info.served ? "server" : "data directory", info.data_dir},
          {"partition", info.partition.empty()
                            ? "none (case-YYYYMMDD-NNNN)"
                            : info.partition + " (case-" + info.partition + "-YYYYMMDD-NNNN)"},
          {"events", std::to_string(info.events)},
          {"streams (estimate)", std::to_string(info.streams)},
          {"size on disk", FormatBytes(info.disk_bytes)},
          {"writes", info.writes_refused.empty() ? "taken" : "refused: " + info.writes_refused},
          {"first event", tools::FormatShort(info.first_recorded)},
          {"last event", tools::FormatShort(info.last_recorded)}};
}

}  // namespace gridledger::cli
