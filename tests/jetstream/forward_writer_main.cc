// Child process for the forwarding crash test: opens a store, forwards it
// into a JetStream stream (what gridledgerd --forward does) and, with
// THREADS > 0, appends durable batches from that many threads forever.
// Prints "ready" once the Forwarder runs. The parent kills it with SIGKILL.
//   forward_writer DIR NATS_URLS DISTRICT REPLICAS THREADS
#include <cstdio>
#include <cstdlib>
#include <string>
#include <thread>
#include <vector>

#include "gridledger/event_log.h"
#include "gridledger/forwarder.h"
#include "gridledger/jetstream.h"

using namespace gridledger;

int main(int argc, char** argv) {
  if (argc < 6) {
    std::fprintf(stderr, "usage: forward_writer DIR NATS_URLS DISTRICT REPLICAS THREADS\n");
    return 2;
  }
  auto log = EventLog::Open(argv[1]);
  if (!log.ok()) {
    std::fprintf(stderr, "%s\n", log.status().ToString().c_str());
    return 1;
  }
  JetStreamOptions o;
  o.servers = argv[2];
  o.district = argv[3];
  o.replicas = std::atoi(argv[4]);
  auto sink = MakeJetStreamSink(o);
  if (!sink.ok()) {
    std::fprintf(stderr, "%s\n", sink.status().ToString().c_str());
    return 1;
  }
  auto forwarder = Forwarder::Start(**log, std::move(sink).value());
  std::fprintf(stdout, "ready\n");
  std::fflush(stdout);
  const std::string district = argv[3];
  int threads = std::atoi(argv[5]);
  std::vector<std::thread> workers;
  for (int t = 0; t < threads; ++t) {
    workers.emplace_back([&, t] {
      for (uint64_t i = 0;; ++i) {
        size_t batch = 1 + (i + t) % 4;
        StreamId stream{"fw-" + std::to_string(t) + "-" + std::to_string(i % 7)};
        std::vector<NewEvent> events;
        for (size_t k = 0; k < batch; ++k) {
          NewEvent e;
          e.payload = OpaqueEvent{"forward.test", std::to_string(i) + "/" + std::to_string(k)};
          // Grid codes of several depths, and none.
          switch ((i + k) % 4) {
            case 0:
              e.grid_code = district + "00100101";
              break;
            case 1:
              e.grid_code = district + "001002";
              break;
            case 2:
              e.grid_code = district + "002";
              break;
            default:
              break;
          }
          events.push_back(std::move(e));
        }
        auto r = (*log)->Append(stream, ExpectedVersion::Any(), std::move(events));
        if (!r.ok()) {
          std::fprintf(stderr, "append failed: %s\n", r.status().ToString().c_str());
          std::_Exit(1);
        }
      }
    });
  }
  for (;;) std::this_thread::sleep_for(std::chrono::hours(1));
}
