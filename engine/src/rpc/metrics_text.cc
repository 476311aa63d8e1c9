#include "rpc/metrics_text.h"

#include <prometheus/metric_family.h>
#include <prometheus/text_serializer.h>

#include <limits>

namespace gridledger::rpc {
namespace {

using prometheus::ClientMetric;
using prometheus::MetricFamily;
using prometheus::MetricType;

MetricFamily Family(std::string name, std::string help, MetricType type) {
  MetricFamily f;
  f.name = std::move(name);
  f.help = std::move(help);
  f.type = type;
  return f;
}

ClientMetric Value(double v, MetricType type, std::vector<ClientMetric::Label> labels = {}) {
  ClientMetric m;
  m.label = std::move(labels);
  if (type == MetricType::Counter)
    m.counter.value = v;
  else
    m.gauge.value = v;
  return m;
}

void Add(std::vector<MetricFamily>& out, std::string name, std::string help, MetricType type,
         double v) {
  auto f = Family(std::move(name), std::move(help), type);
  f.metric.push_back(Value(v, type));
  out.push_back(std::move(f));
}

ClientMetric Histogram(const HistogramSnapshot& h, std::vector<ClientMetric::Label> labels = {}) {
  ClientMetric m;
  m.label = std::move(labels);
  m.histogram.sample_count = h.count;
  m.histogram.sample_sum = h.sum;
  uint64_t cumulative = 0;
  for (size_t i = 0; i < h.counts.size(); ++i) {
    cumulative += h.counts[i];
    ClientMetric::Bucket b;
    b.cumulative_count = cumulative;
    b.upper_bound =
        i < h.upper_bounds.size() ? h.upper_bounds[i] : std::numeric_limits<double>::infinity();
    m.histogram.bucket.push_back(b);
  }
  return m;
}

void AddHistogram(std::vector<MetricFamily>& out, std::string name, std::string help,
                  const HistogramSnapshot& h) {
  auto f = Family(std::move(name), std::move(help), MetricType::Histogram);
  f.metric.push_back(Histogram(h));
  out.push_back(std::move(f));
}

}  // namespace

std::string RenderMetrics(const ServerState& state) {
  std::vector<MetricFamily> out;
  const LogMetrics log = state.engine->log().Metrics();
  const EngineMetrics engine = state.engine->Metrics();
  const auto C = MetricType::Counter;
  const auto G = MetricType::Gauge;

  {
    auto f = Family("gridledger_appends_total", "Append calls answered OK, by durability.", C);
    f.metric.push_back(Value(log.appends_durable, C, {{"durability", "durable"}}));
    f.metric.push_back(Value(log.appends_buffered, C, {{"durability", "buffered"}}));
    out.push_back(std::move(f));
  }
  {
    auto f = Family("gridledger_events_appended_total", "Events written, by durability.", C);
    f.metric.push_back(Value(log.events_durable, C, {{"durability", "durable"}}));
    f.metric.push_back(Value(log.events_buffered, C, {{"durability", "buffered"}}));
    out.push_back(std::move(f));
  }
  Add(out, "gridledger_append_errors_total", "Append calls answered with an error.", C,
      log.append_errors);
  Add(out, "gridledger_commit_groups_total", "Commit groups written.", C, log.groups);
  Add(out, "gridledger_writer_cpu_seconds_total",
      "CPU time of the log's writer thread (commit path without the disk waits).", C,
      log.writer_cpu_seconds);
  AddHistogram(out, "gridledger_commit_group_events", "Events per commit group.", log.group_events);
  AddHistogram(out, "gridledger_append_duration_seconds",
               "Time from queuing an append to its answer.", log.append_seconds);
  AddHistogram(out, "gridledger_durable_commit_duration_seconds",
               "Time the writer spent on one durable group (checks, hashing, write, fsync).",
               log.durable_commit_seconds);
  AddHistogram(out, "gridledger_read_model_apply_duration_seconds",
               "Time the read models took to take in one commit group.", engine.apply_seconds);
  Add(out, "gridledger_log_position", "Committed position of the log (its last event).", G,
      static_cast<double>(state.engine->log().Committed().value));
  Add(out, "gridledger_accepting_writes", "1 while the store accepts writes.", G,
      log.accepting_writes ? 1 : 0);
  Add(out, "gridledger_takes_writes",
      "1 while a new write would be taken: not fenced, not a standby, and the partition's "
      "lease (when one is held) confirmed.",
      G, log.write_refusal.empty() ? 1 : 0);
  Add(out, "gridledger_rocksdb_memtable_bytes", "RocksDB memtables, all column families.", G,
      log.memtable_bytes);
  Add(out, "gridledger_rocksdb_block_cache_bytes", "RocksDB block cache in use.", G,
      log.block_cache_bytes);
  Add(out, "gridledger_rocksdb_pending_compaction_bytes",
      "RocksDB's estimate of bytes waiting for compaction.", G, log.pending_compaction_bytes);
  Add(out, "gridledger_rocksdb_write_stopped", "1 while RocksDB stalls writes.", G,
      log.write_stopped ? 1 : 0);
  Add(out, "gridledger_rocksdb_delayed_write_rate_bytes",
      "RocksDB's write rate limit while it slows writes (0: not slowed).", G,
      log.delayed_write_rate);

  Add(out, "gridledger_query_code_failures_total", "Wrong query codes at resident lookups.", C,
      engine.wrong_codes);
  Add(out, "gridledger_lookup_lockouts_total", "Resident lookups locked after wrong codes.", C,
      engine.lockouts);
  Add(out, "gridledger_deadline_warnings_total", "Deadline warnings the scans emitted.", C,
      engine.deadline_warnings);
  Add(out, "gridledger_overdue_flags_total", "Cases the scans flagged overdue.", C,
      engine.overdue_flags);
  Add(out, "gridledger_open_cases", "Cases not yet closed, rejected or merged.", G,
      engine.open_cases);
  Add(out, "gridledger_overdue_open_cases", "Open cases past their deadline.", G,
      engine.overdue_open_cases);
  Add(out, "gridledger_read_models_position",
      "Log position the read models reflect (while building: how far the build is).", G,
      engine.read_models_position);
  Add(out, "gridledger_read_models_generation", "Live generation of the stored read models.", G,
      engine.read_models_generation);
  Add(out, "gridledger_read_models_building",
      "1 while a background build of the read models runs (commands answer Unavailable).", G,
      engine.read_models_building ? 1 : 0);
  Add(out, "gridledger_read_models_build_target_position",
      "Log position a background build of the read models works towards.", G,
      engine.read_models_build_target);

  Add(out, "gridledger_rpc_connections", "Open RPC connections.", G, state.connections_open);
  Add(out, "gridledger_rpc_connections_total", "RPC connections accepted.", C,
      state.connections_total);
  {
    auto f = Family("gridledger_rpc_calls_total", "RPC calls answered, by method and outcome.", C);
    for (const auto& [key, n] : state.calls)
      f.metric.push_back(Value(n, C, {{"method", key.first}, {"outcome", key.second}}));
    out.push_back(std::move(f));
  }
  Add(out, "gridledger_credential_failures_total",
      "Logins refused: wrong, unknown, revoked or missing credentials.", C,
      state.credential_failures.load());
  {
    auto f = Family("gridledger_http_requests_total",
                    "Web-face requests answered, by handler and HTTP status.", C);
    for (const auto& [key, n] : state.http_requests)
      f.metric.push_back(
          Value(n, C, {{"handler", key.first}, {"code", std::to_string(key.second)}}));
    out.push_back(std::move(f));
  }
  Add(out, "gridledger_rpc_in_flight", "RPC calls accepted and not yet answered.", G,
      state.in_flight);
  {
    auto f = Family("gridledger_subscription_lag_events",
                    "Events committed but not yet delivered, per live subscription.", G);
    uint64_t committed = state.engine->log().Committed().value;
    for (const auto& [key, sub] : state.subscriptions) {
      uint64_t next = sub.next->load(std::memory_order_relaxed);
      double lag = committed + 1 > next ? static_cast<double>(committed + 1 - next) : 0;
      f.metric.push_back(Value(lag, G, {{"subscription", sub.name}}));
    }
    out.push_back(std::move(f));
  }
  std::optional<ForwarderStatus> forwarding;
  if (state.forwarder) forwarding = state.forwarder->status();
  if (state.standby) {
    const StandbyStatus sb = state.standby->status();
    forwarding = sb.forwarding;
    Add(out, "gridledger_standby_position",
        "Last position the standby took from the partition's stream (its committed position).", G,
        static_cast<double>(sb.applied.value));
    Add(out, "gridledger_standby_stream_last_sequence",
        "The stream's last sequence, as the standby last read it.", G,
        static_cast<double>(sb.source_last.value));
    Add(out, "gridledger_standby_lag_events",
        "Events the stream holds that the standby has not taken yet.", G,
        static_cast<double>(sb.lag()));
    Add(out, "gridledger_standby_connected", "1 while the standby follows its stream.", G,
        sb.connected ? 1 : 0);
    Add(out, "gridledger_standby_promoted",
        "1 once the standby was promoted: it takes writes and forwards as the primary.", G,
        sb.promoted ? 1 : 0);
    Add(out, "gridledger_standby_failed",
        "1 when following or promotion stopped for good (writes stay refused).", G,
        sb.failed ? 1 : 0);
    Add(out, "gridledger_standby_events_total", "Events taken from the stream since start.", C,
        static_cast<double>(sb.events_applied));
    Add(out, "gridledger_standby_failures_total",
        "Failed rounds of following (stream unreachable, missing, refused).", C,
        static_cast<double>(sb.failures));
  }
  if (forwarding) {
    const ForwarderStatus& fw = *forwarding;
    Add(out, "gridledger_forward_position", "Last position the forwarding destination confirmed.",
        G, static_cast<double>(fw.forwarded.value));
    Add(out, "gridledger_forward_lag_events",
        "Events committed but not yet confirmed by the forwarding destination.", G,
        static_cast<double>(fw.lag()));
    Add(out, "gridledger_forward_connected", "1 while the forwarding destination is reachable.", G,
        fw.connected ? 1 : 0);
    Add(out, "gridledger_forward_failed",
        "1 when forwarding stopped for good (the destination holds another or a longer log).", G,
        fw.failed ? 1 : 0);
    Add(out, "gridledger_forward_events_total", "Events the destination confirmed since start.", C,
        static_cast<double>(fw.events_published));
    Add(out, "gridledger_forward_failures_total",
        "Failed rounds (destination unreachable, refused, timed out).", C,
        static_cast<double>(fw.failures));
  }
  return prometheus::TextSerializer().Serialize(out);
}

}  // namespace gridledger::rpc
