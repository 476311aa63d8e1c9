// Child process for the crash tests: appends batches in durable mode from
// several threads forever and prints one line per acknowledged append:
//   <stream> <first_position> <last_position> <batch_size>
// With a third argument "multi" every append is an AppendMulti to 2..5
// streams (part j holds 1 + j % 2 events, data "<tag>/<parts>/<j>/<k>", the
// tag "<pid>.<thread>:<n>") and
// the line is  <tag> <first_position> <last_position> <events>.
// The parent kills it with SIGKILL at a random moment.
#include <unistd.h>

#include <cstdio>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "gridledger/event_log.h"

using namespace gridledger;

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: crash_writer DIR THREADS\n");
    return 2;
  }
  auto log = EventLog::Open(argv[1]);
  if (!log.ok()) {
    std::fprintf(stderr, "%s\n", log.status().ToString().c_str());
    return 1;
  }
  int threads = std::atoi(argv[2]);
  const bool multi = argc > 3 && std::string(argv[3]) == "multi";
  std::mutex out_mu;
  std::vector<std::thread> workers;
  if (multi) {
    for (int t = 0; t < threads; ++t) {
      workers.emplace_back([&, t] {
        for (uint64_t i = 0;; ++i) {
          size_t parts = 2 + (i + t) % 4;
          // Unique across runs: the parent kills and restarts the writer.
          std::string tag =
              std::to_string(::getpid()) + "." + std::to_string(t) + ":" + std::to_string(i);
          std::vector<StreamAppend> append;
          size_t total = 0;
          for (size_t j = 0; j < parts; ++j) {
            StreamAppend part;
            part.stream = StreamId{"mc-" + std::to_string(t) + "-" + std::to_string((i + j) % 7)};
            for (size_t k = 0; k < 1 + j % 2; ++k) {
              NewEvent e;
              e.id = EventId::Generate();
              e.payload =
                  OpaqueEvent{"crash.multi", tag + "/" + std::to_string(parts) + "/" +
                                                 std::to_string(j) + "/" + std::to_string(k)};
              part.events.push_back(std::move(e));
              ++total;
            }
            append.push_back(std::move(part));
          }
          auto r = (*log)->AppendMulti(std::move(append));
          if (!r.ok()) {
            std::fprintf(stderr, "append failed: %s\n", r.status().ToString().c_str());
            std::_Exit(1);
          }
          std::lock_guard lock(out_mu);
          std::fprintf(stdout, "%s %llu %llu %zu\n", tag.c_str(),
                       static_cast<unsigned long long>(r->front().first_position.value),
                       static_cast<unsigned long long>(r->back().last_position.value), total);
          std::fflush(stdout);
        }
      });
    }
    for (auto& w : workers) w.join();
    return 0;
  }
  for (int t = 0; t < threads; ++t) {
    workers.emplace_back([&, t] {
      for (uint64_t i = 0;; ++i) {
        size_t batch = 1 + (i + t) % 4;
        StreamId stream{"crash-" + std::to_string(t) + "-" + std::to_string(i % 5)};
        std::vector<NewEvent> events;
        for (size_t k = 0; k < batch; ++k) {
          NewEvent e;
          e.payload = OpaqueEvent{"crash.test", std::to_string(batch) + "/" + std::to_string(k)};
          events.push_back(std::move(e));
        }
        auto r = (*log)->Append(stream, ExpectedVersion::Any(), std::move(events));
        if (!r.ok()) {
          std::fprintf(stderr, "append failed: %s\n", r.status().ToString().c_str());
          std::_Exit(1);
        }
        std::lock_guard lock(out_mu);
        std::fprintf(stdout, "%s %llu %llu %zu\n", stream.value.c_str(),
                     static_cast<unsigned long long>(r->first_position.value),
                     static_cast<unsigned long long>(r->last_position.value), batch);
        std::fflush(stdout);
      }
    });
  }
  for (auto& w : workers) w.join();
}
