// `gridledger bench`: a load generator for performance teams, in the manner
// of RocksDB's db_bench and Kafka's producer-perf-test. It appends events
// of a chosen size and batch from N appenders, in-process on a data
// directory (--data) or through a running gridledgerd (--server, one
// connection per appender), closed loop (each appender appends again as
// soon as its append returns) or open loop (--rate: appends are due at a
// fixed schedule and latency counts from the due time, so a stall shows
// in the percentiles instead of hiding in fewer requests). It prints a
// line per second and a summary with percentiles from a histogram
// (latency_histogram.h) and what the load cost: this process's CPU per
// event (in-process: the whole log, appenders, writer and RocksDB; through
// a server: the client's side only) and, in-process, the writer's CPU per
// event and how many events each commit group (one write, one fsync when
// durable) carried; --json prints the summary as JSON.
//
// Events go to streams "bench-<n>" as opaque events of type "benchLoad".
// A store that holds anything else is refused unless --into-live-store is
// given: load tests belong on a staging ledger, not on residents' cases.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "commands.h"
#include "gridledger/client.h"
#include "latency_histogram.h"
#include "output.h"
#include "process_cpu.h"
#include "remote_context.h"

namespace gridledger::cli {
namespace {

using Clock = std::chrono::steady_clock;

struct BenchOptions {
  int appenders = 16;
  int batch = 1;
  size_t event_bytes = 256;
  int streams = 1000;
  std::string durability = "durable";
  double rate = 0;  // events/s offered; 0: closed loop
  double duration = 10;
  bool into_live_store = false;
};

std::atomic<bool> g_interrupted{false};
extern "C" void OnBenchSignal(int) { g_interrupted.store(true); }

// One appender's counts since the reporter last collected them.
struct Meter {
  std::mutex mu;
  LatencyHistogram interval;
  uint64_t errors = 0;
  std::string first_error;
};

// Refuses a log that holds events other than a previous bench's.
void RequireBenchLog(EventLog& log, bool into_live_store) {
  if (into_live_store) return;
  auto first = ValueOrThrow(log.ReadAll(Position{1}, 1), "reading the ledger's first event");
  if (first.empty() || first.front().stream.value.rfind("bench-", 0) == 0) return;
  throw CliError(
      "this ledger holds events other than a load test's; run `gridledger bench` on a new data "
      "directory or a staging server, or pass --into-live-store to append load-test events to "
      "it anyway",
      kExitUsage);
}

NewEvent LoadEvent(size_t bytes) {
  NewEvent e;
  e.payload = OpaqueEvent{"benchLoad", std::string(bytes, 'x')};
  e.actor = "bench";
  return e;
}

// What the run cost, between two readings: in-process, the log's own
// figures too (a remote log has none).
struct Cost {
  double cpu_seconds = 0;
  double writer_cpu_seconds = 0;
  uint64_t groups = 0;
  static Cost Now(const EventLog* local) {
    Cost c;
    c.cpu_seconds = tools::ProcessCpuSeconds();
    if (local) {
      const LogMetrics m = local->Metrics();
      c.writer_cpu_seconds = m.writer_cpu_seconds;
      c.groups = m.groups;
    }
    return c;
  }
};

void AddCost(Json& j, const Cost& before, const Cost& after, uint64_t events, bool in_process) {
  if (events == 0) return;
  const double n = static_cast<double>(events);
  j["cpuMicrosPerEvent"] = (after.cpu_seconds - before.cpu_seconds) * 1e6 / n;
  j["cpuMeasured"] = in_process ? "process" : "client";
  if (!in_process || after.groups <= before.groups) return;
  j["writerCpuMicrosPerEvent"] = (after.writer_cpu_seconds - before.writer_cpu_seconds) * 1e6 / n;
  j["eventsPerGroup"] = n / static_cast<double>(after.groups - before.groups);
}

std::string OneDecimal(double v, const char* unit) {
  char buf[48];
  std::snprintf(buf, sizeof buf, "%.1f%s", v, unit);
  return buf;
}

Json Summary(const BenchOptions& o, const LatencyHistogram& h, uint64_t events, uint64_t errors,
             double seconds, const std::string& target) {
  Json j;
  j["target"] = target;
  j["appenders"] = o.appenders;
  j["batch"] = o.batch;
  j["eventBytes"] = o.event_bytes;
  j["durability"] = o.durability;
  j["mode"] = o.rate > 0 ? "open" : "closed";
  if (o.rate > 0) j["offeredEventsPerSecond"] = o.rate;
  j["seconds"] = seconds;
  j["appends"] = h.count();
  j["events"] = events;
  j["errors"] = errors;
  j["eventsPerSecond"] = seconds > 0 ? static_cast<double>(events) / seconds : 0;
  Json l;
  l["p50"] = h.Percentile(0.50);
  l["p90"] = h.Percentile(0.90);
  l["p99"] = h.Percentile(0.99);
  l["p999"] = h.Percentile(0.999);
  l["max"] = h.max_us();
  j["latencyMicros"] = l;
  return j;
}

std::string Ms(double us) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f ms", us / 1000.0);
  return buf;
}

void RunBench(const GlobalOptions& global, const BenchOptions& o) {
  if (o.appenders < 1 || o.appenders > 4096)
    throw CliError("--appenders must be between 1 and 4096", kExitUsage);
  if (o.batch < 1 || o.batch > 10000)
    throw CliError("--batch must be between 1 and 10000", kExitUsage);
  if (o.streams < 1) throw CliError("--streams must be at least 1", kExitUsage);
  if (o.duration <= 0) throw CliError("--duration must be positive", kExitUsage);
  if (o.durability != "durable" && o.durability != "buffered")
    throw CliError("--durability is durable or buffered, not " + o.durability, kExitUsage);

  // The logs the appenders use: one in-process log, or one connection each.
  std::vector<std::unique_ptr<EventLog>> owned;
  std::vector<std::unique_ptr<RemoteEngine>> remotes;
  std::vector<EventLog*> logs;
  std::string target;
  if (UsesServer(global)) {
    for (int i = 0; i < o.appenders; ++i) {
      remotes.push_back(ConnectOrThrow(global));
      logs.push_back(&remotes.back()->log());
    }
    target = "server";
  } else {
    const std::string dir = ResolveDataDir(global);
    LogOptions log_options;
    log_options.create_if_missing = !std::filesystem::exists(dir);
    if (!log_options.create_if_missing) RequireStore(dir);
    owned.push_back(ValueOrThrow(EventLog::Open(dir, log_options), "cannot open " + dir, dir));
    logs.assign(o.appenders, owned.back().get());
    target = dir;
  }
  RequireBenchLog(*logs.front(), o.into_live_store);

  const NewEvent event = LoadEvent(o.event_bytes);
  const AppendOptions append{.durability = o.durability == "durable" ? Durability::kDurable
                                                                     : Durability::kBuffered};
  std::vector<Meter> meters(o.appenders);
  std::atomic<uint64_t> next_due{0};
  std::atomic<bool> stop{false};
  g_interrupted = false;
  auto old_int = std::signal(SIGINT, OnBenchSignal);
  const EventLog* local = owned.empty() ? nullptr : owned.front().get();
  const Cost cost_before = Cost::Now(local);
  const auto start = Clock::now();
  const auto end = start + std::chrono::duration_cast<Clock::duration>(
                               std::chrono::duration<double>(o.duration));
  // Open loop: append j is due at start + j * batch / rate.
  const double seconds_per_append = o.rate > 0 ? o.batch / o.rate : 0;

  std::vector<std::thread> threads;
  for (int a = 0; a < o.appenders; ++a) {
    threads.emplace_back([&, a] {
      std::vector<NewEvent> events(o.batch, event);
      uint64_t round = static_cast<uint64_t>(a);
      while (!stop.load(std::memory_order_relaxed)) {
        Clock::time_point due;
        if (o.rate > 0) {
          const uint64_t j = next_due.fetch_add(1, std::memory_order_relaxed);
          due = start + std::chrono::duration_cast<Clock::duration>(
                            std::chrono::duration<double>(j * seconds_per_append));
          if (due >= end) return;
          std::this_thread::sleep_until(due);
        } else {
          due = Clock::now();
        }
        const StreamId stream{"bench-" + std::to_string(round++ % o.streams)};
        for (auto& e : events) e.id = EventId::Generate();
        auto r = logs[a]->Append(stream, ExpectedVersion::Any(), events, append);
        const double us = std::chrono::duration<double, std::micro>(Clock::now() - due).count();
        std::lock_guard lock(meters[a].mu);
        if (r.ok()) {
          meters[a].interval.Record(us);
        } else if (meters[a].errors++ == 0) {
          meters[a].first_error = r.status().ToString();
        }
      }
    });
  }

  // Reporter: a line a second on stderr (stdout stays for the summary).
  LatencyHistogram total;
  uint64_t errors = 0;
  std::string first_error;
  auto collect = [&](LatencyHistogram& window) {
    for (auto& m : meters) {
      std::lock_guard lock(m.mu);
      window.Merge(m.interval);
      total.Merge(m.interval);
      m.interval.Clear();
      errors += m.errors;
      if (first_error.empty()) first_error = m.first_error;
      m.errors = 0;
    }
  };
  auto last = start;
  for (int second = 1;; ++second) {
    auto tick = start + std::chrono::seconds(second);
    while (Clock::now() < std::min(tick, end) && !g_interrupted)
      std::this_thread::sleep_until(
          std::min({tick, end, Clock::now() + std::chrono::milliseconds(100)}));
    LatencyHistogram window;
    collect(window);
    const auto now = Clock::now();
    const double secs = std::chrono::duration<double>(now - last).count();
    last = now;
    std::fprintf(stderr, "%3ds  %10.0f events/s  p50 %s  p99 %s  errors %llu\n", second,
                 secs > 0 ? static_cast<double>(window.count()) * o.batch / secs : 0,
                 Ms(window.Percentile(0.5)).c_str(), Ms(window.Percentile(0.99)).c_str(),
                 static_cast<unsigned long long>(errors));
    if (now >= end || g_interrupted) break;
  }
  stop = true;
  for (auto& t : threads) t.join();
  std::signal(SIGINT, old_int);
  const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
  LatencyHistogram rest;
  collect(rest);  // appends that finished after the last line
  const uint64_t events = total.count() * static_cast<uint64_t>(o.batch);
  Json j = Summary(o, total, events, errors, seconds, target);
  AddCost(j, cost_before, Cost::Now(local), events, local != nullptr);
  if (!first_error.empty()) j["firstError"] = first_error;
  if (global.json) {
    PrintJson(j);
  } else {
    PrintFields(
        std::cout,
        {{"target", target},
         {"load", std::to_string(o.appenders) + " appenders, batch " + std::to_string(o.batch) +
                      ", " + std::to_string(o.event_bytes) + "-byte events, " + o.durability +
                      ", " + (o.rate > 0 ? "open loop" : "closed loop")},
         {"events", std::to_string(events) + " in " + std::to_string(seconds) + " s"},
         {"throughput",
          std::to_string(static_cast<uint64_t>(j["eventsPerSecond"].get<double>())) + " events/s"},
         {"latency p50", Ms(total.Percentile(0.5))},
         {"latency p90", Ms(total.Percentile(0.9))},
         {"latency p99", Ms(total.Percentile(0.99))},
         {"latency p99.9", Ms(total.Percentile(0.999))},
         {"latency max", Ms(total.max_us())},
         {"errors",
          std::to_string(errors) + (first_error.empty() ? "" : " (first: " + first_error + ")")},
         {local ? "cpu per event" : "client cpu per event",
          j.contains("cpuMicrosPerEvent") ? OneDecimal(j["cpuMicrosPerEvent"].get<double>(), " µs")
                                          : "-"},
         {"writer cpu per event",
          j.contains("writerCpuMicrosPerEvent")
              ? OneDecimal(j["writerCpuMicrosPerEvent"].get<double>(), " µs")
              : "- (the server's own)"},
         {"events per group", j.contains("eventsPerGroup")
                                  ? OneDecimal(j["eventsPerGroup"].get<double>(), "")
                                  : "- (the server's own)"}});
  }
  if (errors > 0 && total.count() == 0) throw CliError("every append failed: " + first_error);
}

}  // namespace

void RegisterBenchCommand(CLI::App& app, GlobalOptions& options) {
  auto o = std::make_shared<BenchOptions>();
  auto* cmd = app.add_subcommand(
      "bench",
      "Load-test the log: append events from N appenders (in-process on --data, or through "
      "--server with one connection each) and report throughput and latency percentiles");
  cmd->add_option("--appenders", o->appenders, "Concurrent appenders (connections)")
      ->capture_default_str();
  cmd->add_option("--batch", o->batch, "Events per append")->capture_default_str();
  cmd->add_option("--event-bytes", o->event_bytes, "Payload bytes per event")
      ->capture_default_str();
  cmd->add_option("--streams", o->streams, "Streams appended to, round robin")
      ->capture_default_str();
  cmd->add_option("--durability", o->durability, "durable (fsync before the answer) or buffered")
      ->capture_default_str();
  cmd->add_option("--rate", o->rate,
                  "Open loop: events per second offered on a fixed schedule (0: closed loop)")
      ->capture_default_str();
  cmd->add_option("--duration", o->duration, "Seconds to run")->capture_default_str();
  cmd->add_flag("--into-live-store", o->into_live_store,
                "Append load-test events even to a ledger that holds other events");
  cmd->callback([o, &options] { RunBench(options, *o); });
}

}  // namespace gridledger::cli
