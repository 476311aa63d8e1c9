// A tiny program another system might write: open a log, append, read back.
#include <cstdio>

#include "gridledger/event_log.h"

int main(int argc, char** argv) {
  using namespace gridledger;
  auto log = EventLog::Open(argc > 1 ? argv[1] : "consumer-data");
  if (!log.ok()) return std::fprintf(stderr, "%s\n", log.status().ToString().c_str()), 1;
  NewEvent e;
  e.payload = OpaqueEvent{"consumer.hello", "hi"};
  auto r = (*log)->Append(StreamId{"hello"}, ExpectedVersion::NoStream(), {e});
  if (!r.ok()) return std::fprintf(stderr, "%s\n", r.status().ToString().c_str()), 1;
  auto events =
      (*log)->ReadStream(StreamId{"hello"}, StreamVersion{1}, ReadDirection::kForward, 10);
  if (!events.ok() || events->size() != 1) return 1;
  std::printf("consumer read position %llu\n",
              static_cast<unsigned long long>((*events)[0].position.value));
  return 0;
}
