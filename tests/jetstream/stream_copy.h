// Reading a partition's JetStream stream back, and checking it is an exact
// copy of a store: one message per event, sequence = position, no gaps, no
// doubles, bodies equal to the stored bytes, headers as documented.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <thread>
#include <vector>

#include "gridledger/jetstream.h"
#include "gridledger/status.h"

namespace gridledger::testing {

struct StreamMessage {
  uint64_t sequence = 0;
  std::string subject;
  std::string msg_id, position, stream, type;  // headers
  std::string body;
};

// Every message of the stream from sequence 1, in order (an ordered
// consumer). Fails when fewer than the stream's message count arrive
// within `deadline`.
Result<std::vector<StreamMessage>> ReadWholeStream(
    const JetStreamOptions& options, std::chrono::milliseconds deadline = std::chrono::seconds(60));

// Adds a test failure for every way the stream differs from the store in
// `data_dir` (opened read-only, so it may be running).
void ExpectExactCopy(const std::string& data_dir, const JetStreamOptions& options);

// The stream's last sequence, 0 when it cannot be read.
uint64_t StreamLastSequence(const JetStreamOptions& options);

// The store's committed position (opened read-only).
uint64_t StoreCommitted(const std::string& data_dir);

// The index (0-based) of the node leading the stream's Raft group, from
// its name "n1".."n9"; -1 when it cannot be read.
int StreamLeaderIndex(const JetStreamOptions& options);

// Polls `done` until it is true or `deadline` passes (returns false).
template <typename F>
bool WaitFor(F done, std::chrono::milliseconds deadline) {
  auto until = std::chrono::steady_clock::now() + deadline;
  while (!done()) {
    if (std::chrono::steady_clock::now() > until) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return true;
}

}  // namespace gridledger::testing
