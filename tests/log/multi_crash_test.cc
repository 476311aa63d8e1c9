// kill -9 in the middle of multi-stream appends. A child (crash_writer
// "multi") appends to 2..5 streams at a time with AppendMulti from several
// threads in durable mode; the parent SIGKILLs it at random moments (24
// times), reopens the log each time and checks that:
//   * never one stream of an AppendMulti without the others: every tag's
//     events are all present (parts x events), at consecutive positions,
//     in part order, each part consecutive in its stream;
//   * every acknowledged multi-append is present where it was acknowledged;
//   * positions have no gaps and the hash chain verifies.
#include <cstdio>
#include <map>
#include <random>

#include "log/crash_child.h"
#include "log/log_test_util.h"

namespace gridledger {
namespace {

using testing::Ack;
using testing::Child;
using testing::OpenLog;
using testing::TempDir;

constexpr int kIterations = 24;
constexpr int kWriterThreads = 6;
constexpr uint64_t kSeed = 0x6d756c;

struct Piece {
  std::string tag;
  size_t parts = 0, part = 0, k = 0;
};

Piece PieceOf(const RecordedEvent& e) {
  Piece p;
  const auto* opaque = std::get_if<OpaqueEvent>(&e.payload);
  if (!opaque) {
    ADD_FAILURE() << "position " << e.position.value << " is not a crash_writer event";
    return p;
  }
  std::string data = opaque->data;
  size_t a = data.find('/');
  p.tag = data.substr(0, a);
  if (std::sscanf(data.c_str() + a + 1, "%zu/%zu/%zu", &p.parts, &p.part, &p.k) != 3)
    ADD_FAILURE() << "position " << e.position.value << ": bad data " << data;
  return p;
}

size_t EventsOf(size_t parts) {
  size_t n = 0;
  for (size_t j = 0; j < parts; ++j) n += 1 + j % 2;
  return n;
}

void CheckRecovered(const std::string& dir, const std::vector<Ack>& acks, int iteration) {
  SCOPED_TRACE("after kill #" + std::to_string(iteration));
  auto log = OpenLog(dir);
  ASSERT_NE(log, nullptr);
  const uint64_t committed = log->Committed().value;
  auto all = log->ReadAll(Position{1}, committed + 1);
  ASSERT_TRUE(all.ok()) << all.status().ToString();
  ASSERT_EQ(all->size(), committed);
  // Whole multi-appends only, in the global order.
  std::map<std::string, std::pair<uint64_t, uint64_t>> where;  // tag -> first, last
  size_t i = 0;
  while (i < all->size()) {
    ASSERT_EQ((*all)[i].position.value, i + 1);
    Piece head = PieceOf((*all)[i]);
    ASSERT_EQ(head.part, 0u) << "position " << i + 1 << " starts inside a multi-append";
    ASSERT_EQ(head.k, 0u);
    size_t n = EventsOf(head.parts);
    ASSERT_LE(i + n, all->size()) << "multi-append " << head.tag << " at " << i + 1
                                  << " is partly visible: " << all->size() - i << " of " << n;
    size_t at = i;
    for (size_t j = 0; j < head.parts; ++j) {
      for (size_t k = 0; k < 1 + j % 2; ++k, ++at) {
        Piece p = PieceOf((*all)[at]);
        ASSERT_EQ(p.tag, head.tag) << "position " << at + 1;
        ASSERT_EQ(p.part, j) << "position " << at + 1;
        ASSERT_EQ(p.k, k) << "position " << at + 1;
        ASSERT_EQ((*all)[at].stream, (*all)[at - k].stream);
        if (k > 0) ASSERT_EQ((*all)[at].version.value, (*all)[at - 1].version.value + 1);
      }
    }
    ASSERT_TRUE(where.emplace(head.tag, std::make_pair(i + 1, i + n)).second)
        << "multi-append " << head.tag << " appears twice";
    i += n;
  }
  for (const Ack& ack : acks) {
    auto it = where.find(ack.stream);
    ASSERT_NE(it, where.end()) << "acknowledged multi-append " << ack.stream << " was lost";
    EXPECT_EQ(it->second.first, ack.first) << ack.stream;
    EXPECT_EQ(it->second.second, ack.last) << ack.stream;
  }
  // Every stream reads back gap-free through its index.
  std::map<std::string, uint64_t> sizes;
  for (const auto& e : *all) ++sizes[e.stream.value];
  for (const auto& [name, size] : sizes) {
    auto events =
        log->ReadStream(StreamId{name}, StreamVersion{1}, ReadDirection::kForward, size + 1);
    ASSERT_TRUE(events.ok());
    ASSERT_EQ(events->size(), size) << name;
    auto head = log->Head(StreamId{name});
    ASSERT_TRUE(head.ok());
    EXPECT_EQ(head->version.value, size) << name;
  }
  auto report = log->Verify();
  ASSERT_TRUE(report.ok());
  EXPECT_TRUE(report->ok()) << report->problem;
}

TEST(MultiCrash, SigkillDuringMultiStreamAppendsNeverLeavesOneStreamWithoutTheOthers) {
  TempDir dir;
  const std::string db = dir.Sub("db");
  std::mt19937_64 rng(kSeed);
  std::uniform_int_distribution<int> delay_ms(10, 120);
  std::vector<Ack> acks;
  int runs_with_acks = 0;
  for (int i = 1; i <= kIterations; ++i) {
    size_t before = acks.size();
    {
      Child child(db, kWriterThreads, "multi");
      ASSERT_TRUE(child.ok());
      // Counted from the first acknowledgement: every kill lands while
      // multi-appends are in flight.
      ASSERT_TRUE(child.KillAfter(std::chrono::milliseconds(delay_ms(rng)), true));
      acks.insert(acks.end(), child.acks().begin(), child.acks().end());
    }
    if (acks.size() > before) ++runs_with_acks;
    CheckRecovered(db, acks, i);
    if (HasFatalFailure()) return;
  }
  EXPECT_EQ(runs_with_acks, kIterations);
  std::printf("multi crash test: %d kills, %zu acknowledged multi-stream appends\n", kIterations,
              acks.size());
}

}  // namespace
}  // namespace gridledger
