// gridledger-jetstream-bench: forwarding a partition's log into NATS
// JetStream, beside the engine's own durable append rate, in one run on a
// real three-node nats-server cluster on 127.0.0.1 (docs/scaling.md).
//
//  * Forward/EngineDurableAppend/threads:64 — the log alone: 64 threads
//    appending one event each, durably (the rate forwarding must keep up
//    with).
//  * Forward/Throughput/replicas:R — a log of 100,000 stored events
//    forwarded from scratch into a new R1 or R3 stream: events/s; then an
//    ordered consumer replays the stream from its start, decoding every
//    event (consumer_catchup_per_s).
//  * Forward/Live64/replicas:R/in_flight:F — the same 64 durable appenders
//    with the Forwarder running: append rate, forwarded rate, the largest
//    lag seen and how long the tail took to drain after the appenders
//    stopped. F = ForwarderOptions::in_flight_events (512: one batch in
//    flight, the Forwarder before pipelining; 4096: the default).
//  * Forward/EndToEndLag/replicas:R/rate:N/in_flight:F — N events/s offered
//    (open loop, AppendAsync, durable) for 5 s; a JetStream ordered
//    consumer on the stream measures commit (the event's recorded_at) ->
//    delivery (lag_*), and commit -> stored by the stream (stored_*, from
//    the message's stream timestamp).
#include <nats/nats.h>

#include <atomic>
#include <mutex>
#include <thread>

#include "bench_support.h"
#include "gridledger/forwarder.h"
#include "gridledger/jetstream.h"
#include "jetstream/nats_cluster.h"

namespace gridledger::bench {
namespace {

using namespace std::chrono_literals;

struct Cluster {
  testing::NatsCluster nats{3};
  int next_district = 500001;
  Cluster() {
    if (!nats.status().ok()) Die("NATS cluster: " + nats.status().ToString());
  }
};

JetStreamOptions FreshStream(int replicas) {
  Cluster& c = RunShared<Cluster>();
  JetStreamOptions o;
  o.servers = c.nats.urls();
  o.district = std::to_string(c.next_district++);
  o.replicas = replicas;
  return *ValidateJetStreamOptions(o);
}

// Waits until the forwarder has read the stream's tail (and made the stream).
void WaitConnected(const Forwarder& f) {
  auto until = std::chrono::steady_clock::now() + 30s;
  while (!f.status().connected) {
    if (std::chrono::steady_clock::now() > until) Die("forwarder: " + f.status().last_error);
    std::this_thread::sleep_for(5ms);
  }
}

double Seconds(std::chrono::steady_clock::duration d) {
  return std::chrono::duration<double>(d).count();
}

// Runs `threads` durable appenders (one event per call) until `stop`.
class Appenders {
 public:
  Appenders(EventLog& log, int threads) {
    for (int t = 0; t < threads; ++t)
      workers_.emplace_back([this, &log, t] {
        for (uint64_t i = 0; !stop_.load(std::memory_order_relaxed); ++i) {
          auto r = log.Append(StreamId{"bench-" + std::to_string(t) + "-" + std::to_string(i % 8)},
                              ExpectedVersion::Any(), {SampleEvent(static_cast<int>(i % 64))});
          if (!r.ok()) Die("append: " + r.status().ToString());
          appended_.fetch_add(1, std::memory_order_relaxed);
        }
      });
  }
  ~Appenders() { Stop(); }
  void Stop() {
    stop_ = true;
    for (auto& w : workers_)
      if (w.joinable()) w.join();
  }
  uint64_t appended() const { return appended_.load(); }

 private:
  std::atomic<bool> stop_{false};
  std::atomic<uint64_t> appended_{0};
  std::vector<std::thread> workers_;
};

void BM_EngineDurableAppend(benchmark::State& state) {
  for (auto _ : state) {
    std::string dir = FreshDir("engine64");
    auto log = OpenLog(dir);
    auto start = std::chrono::steady_clock::now();
    Appenders appenders(*log, static_cast<int>(state.range(0)));
    std::this_thread::sleep_for(3s);  // the measuring window
    appenders.Stop();
    double s = Seconds(std::chrono::steady_clock::now() - start);
    state.counters["events_per_s"] = appenders.appended() / s;
    SetBaseline("durable/64", appenders.appended() / s);
    log.reset();
    RemoveDir(dir);
  }
}
BENCHMARK(BM_EngineDurableAppend)
    ->Name("Forward/EngineDurableAppend")
    ->ArgName("threads")
    ->Arg(64)
    ->Iterations(1)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

// A JetStream ordered push consumer recording commit -> delivery lag.
class LagConsumer {
 public:
  explicit LagConsumer(const JetStreamOptions& o) {
    natsOptions* no = nullptr;
    natsOptions_Create(&no);
    natsOptions_SetURL(no, o.servers.substr(0, o.servers.find(',')).c_str());
    if (natsConnection_Connect(&nc_, no) != NATS_OK) Die("consumer connect");
    natsOptions_Destroy(no);
    natsConnection_JetStream(&js_, nc_, nullptr);
    jsSubOptions so;
    jsSubOptions_Init(&so);
    so.Stream = o.stream.c_str();
    so.Ordered = true;
    std::string subject = o.subject_prefix + "." + o.district + ".>";
    jsErrCode jerr = jsErrCode(0);
    if (js_Subscribe(&sub_, js_, subject.c_str(), &LagConsumer::OnMsg, this, nullptr, &so, &jerr) !=
        NATS_OK)
      Die("consumer subscribe");
  }
  ~LagConsumer() {
    natsSubscription_Destroy(sub_);
    jsCtx_Destroy(js_);
    natsConnection_Destroy(nc_);
  }
  uint64_t received() const { return received_.load(); }
  std::vector<double> lags_us() {
    std::lock_guard lock(mu_);
    return lags_;
  }
  // Commit -> stored in the stream, per message (-1 when unknown).
  std::vector<double> stored_us() {
    std::lock_guard lock(mu_);
    return stored_;
  }

 private:
  static void OnMsg(natsConnection*, natsSubscription*, natsMsg* msg, void* closure) {
    auto* self = static_cast<LagConsumer*>(closure);
    auto now = std::chrono::system_clock::now();
    auto e = DecodeStoredEvent(std::string_view(natsMsg_GetData(msg), natsMsg_GetDataLength(msg)));
    if (e.ok()) {
      double us = std::chrono::duration<double, std::micro>(now - e->recorded_at).count();
      // The stream's own time of storing it splits the lag in two: commit
      // -> stored (the forwarder and the stream's replication), and
      // stored -> delivered (the consumer's side).
      double stored_us = -1;
      jsMsgMetaData* meta = nullptr;
      if (natsMsg_GetMetaData(&meta, msg) == NATS_OK) {
        auto stored = std::chrono::system_clock::time_point(
            std::chrono::duration_cast<std::chrono::system_clock::duration>(
                std::chrono::nanoseconds(meta->Timestamp)));
        stored_us = std::chrono::duration<double, std::micro>(stored - e->recorded_at).count();
        jsMsgMetaData_Destroy(meta);
      }
      std::lock_guard lock(self->mu_);
      self->lags_.push_back(us);
      self->stored_.push_back(stored_us);
    }
    self->received_.fetch_add(1);
    natsMsg_Destroy(msg);
  }

  natsConnection* nc_ = nullptr;
  jsCtx* js_ = nullptr;
  natsSubscription* sub_ = nullptr;
  std::mutex mu_;
  std::vector<double> lags_;
  std::vector<double> stored_;
  std::atomic<uint64_t> received_{0};
};

void BM_ForwardThroughput(benchmark::State& state) {
  const int replicas = static_cast<int>(state.range(0));
  const auto kEvents = static_cast<uint64_t>(state.range(1));
  for (auto _ : state) {
    state.PauseTiming();
    std::string dir = FreshDir("forward");
    auto log = OpenLog(dir);
    for (uint64_t i = 0; i < kEvents; i += 100) {
      std::vector<NewEvent> batch;
      for (int k = 0; k < 100; ++k) batch.push_back(SampleEvent(static_cast<int>((i + k) % 64)));
      auto r = log->Append(StreamId{"fill-" + std::to_string(i % 97)}, ExpectedVersion::Any(),
                           std::move(batch), {Durability::kBuffered});
      if (!r.ok()) Die("fill: " + r.status().ToString());
    }
    JetStreamOptions o = FreshStream(replicas);
    state.ResumeTiming();
    auto start = std::chrono::steady_clock::now();
    auto forwarder = Forwarder::Start(*log, MakeJetStreamSink(o).value());
    if (!forwarder->WaitForwarded(Position{kEvents}, 600s))
      Die("forwarding did not finish: " + forwarder->status().last_error);
    double s = Seconds(std::chrono::steady_clock::now() - start);
    state.counters["events_per_s"] = kEvents / s;
    state.counters["MB_per_s"] = kEvents * SampleBytes().size() / s / 1e6;
    state.counters["failures"] = static_cast<double>(forwarder->status().failures);
    ReportRatio(state, kEvents / s, "durable/64", "x_engine_durable64");
    // A consumer replaying the whole stream (an ordered consumer, decoding
    // every event).
    auto replay_start = std::chrono::steady_clock::now();
    {
      LagConsumer consumer(o);
      auto until = replay_start + 600s;
      while (consumer.received() < kEvents && std::chrono::steady_clock::now() < until)
        std::this_thread::sleep_for(1ms);
      state.counters["consumer_catchup_per_s"] =
          consumer.received() / Seconds(std::chrono::steady_clock::now() - replay_start);
    }
    state.PauseTiming();
    forwarder.reset();
    log.reset();
    RemoveDir(dir);
    state.ResumeTiming();
  }
}
BENCHMARK(BM_ForwardThroughput)
    ->Name("Forward/Throughput")
    ->ArgNames({"replicas", "events"})
    ->Args({1, 100000})
    ->Args({3, 100000})
    // A consumer's catch-up over a district-season's worth of stream.
    ->Args({1, 1000000})
    ->Iterations(1)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

// ForwarderOptions with `in_flight` events unconfirmed at most (512 = one
// batch: the Forwarder as it was before batches were pipelined).
ForwarderOptions InFlight(int64_t in_flight) {
  ForwarderOptions fo;
  fo.in_flight_events = static_cast<size_t>(in_flight);
  return fo;
}

void BM_ForwardLive64(benchmark::State& state) {
  const int replicas = static_cast<int>(state.range(0));
  for (auto _ : state) {
    std::string dir = FreshDir("live");
    auto log = OpenLog(dir);
    JetStreamOptions o = FreshStream(replicas);
    auto forwarder = Forwarder::Start(*log, MakeJetStreamSink(o).value(), InFlight(state.range(1)));
    WaitConnected(*forwarder);
    auto start = std::chrono::steady_clock::now();
    uint64_t max_lag = 0;
    {
      Appenders appenders(*log, 64);
      while (std::chrono::steady_clock::now() - start < 5s) {
        std::this_thread::sleep_for(10ms);  // sampling the lag
        max_lag = std::max(max_lag, forwarder->status().lag());
      }
      appenders.Stop();
    }
    double window = Seconds(std::chrono::steady_clock::now() - start);
    const Position committed = log->Committed();
    const uint64_t forwarded_in_window = forwarder->status().forwarded.value;
    auto drain_start = std::chrono::steady_clock::now();
    if (!forwarder->WaitForwarded(committed, 600s)) Die("forwarding did not catch up");
    state.counters["append_per_s"] = committed.value / window;
    state.counters["forwarded_per_s"] = forwarded_in_window / window;
    state.counters["max_lag_events"] = static_cast<double>(max_lag);
    state.counters["drain_ms"] = Seconds(std::chrono::steady_clock::now() - drain_start) * 1e3;
    forwarder.reset();
    log.reset();
    RemoveDir(dir);
  }
}
BENCHMARK(BM_ForwardLive64)
    ->Name("Forward/Live64")
    ->ArgNames({"replicas", "in_flight"})
    ->Args({1, 4096})
    ->Args({3, 512})
    ->Args({3, 4096})
    ->Iterations(1)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

void BM_EndToEndLag(benchmark::State& state) {
  const int replicas = static_cast<int>(state.range(0));
  const double rate = static_cast<double>(state.range(1));
  for (auto _ : state) {
    std::string dir = FreshDir("lag");
    auto log = OpenLog(dir);
    JetStreamOptions o = FreshStream(replicas);
    auto forwarder = Forwarder::Start(*log, MakeJetStreamSink(o).value(), InFlight(state.range(2)));
    WaitConnected(*forwarder);
    LagConsumer consumer(o);
    OpenLoopResult r = RunOpenLoopAsync(rate, 5000ms, [&](uint64_t i, AsyncDone done) {
      log->AppendAsync(StreamId{"lag-" + std::to_string(i % 64)}, ExpectedVersion::Any(),
                       {SampleEvent(static_cast<int>(i % 64))},
                       [done](Result<AppendResult> a) { done(a.ok()); });
    });
    const Position committed = log->Committed();
    if (!forwarder->WaitForwarded(committed, 120s)) Die("forwarding did not catch up");
    auto until = std::chrono::steady_clock::now() + 60s;
    while (consumer.received() < committed.value && std::chrono::steady_clock::now() < until)
      std::this_thread::sleep_for(5ms);
    std::vector<double> lags = consumer.lags_us();
    // Leave out the first 300 ms (connection warm-up), as the open-loop runs do.
    size_t skip = std::min(lags.size(), static_cast<size_t>(rate * 0.3));
    std::vector<double> steady(lags.begin() + static_cast<long>(skip), lags.end());
    Percentiles p = ComputePercentiles(steady);
    std::vector<double> stored = consumer.stored_us();
    std::vector<double> stored_steady(stored.begin() + static_cast<long>(skip), stored.end());
    Percentiles ps = ComputePercentiles(stored_steady);
    state.counters["stored_p50_ms"] = ps.p50_us / 1e3;
    state.counters["stored_p99_ms"] = ps.p99_us / 1e3;
    state.counters["offered_per_s"] = rate;
    state.counters["achieved_per_s"] = r.achieved_per_s;
    state.counters["received"] = static_cast<double>(consumer.received());
    state.counters["lag_p50_ms"] = p.p50_us / 1e3;
    state.counters["lag_p99_ms"] = p.p99_us / 1e3;
    state.counters["lag_max_ms"] = p.max_us / 1e3;
    state.counters["append_p99_ms"] = r.latency.p99_us / 1e3;
    forwarder.reset();
    log.reset();
    RemoveDir(dir);
  }
}
BENCHMARK(BM_EndToEndLag)
    ->Name("Forward/EndToEndLag")
    ->ArgNames({"replicas", "rate", "in_flight"})
    ->Args({3, 1000, 4096})
    ->Args({3, 10000, 512})
    ->Args({3, 10000, 4096})
    ->Args({1, 10000, 512})
    ->Args({1, 10000, 4096})
    ->Iterations(1)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

}  // namespace
}  // namespace gridledger::bench

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  gridledger::bench::FinishRun();
  return 0;
}
