// The Forwarder and the Standby against an in-memory destination that keeps
// JetStream's one promise the design rests on: a message is stored only
// right after its predecessor (the expected-last-sequence check). The real
// cluster is in tests/jetstream; these pin the loop's own behaviour: many
// batches in flight, a message lost in flight, and promotion's settle and
// its report of a destination that does not confirm.
#include <gtest/gtest.h>

#include <atomic>
#include <mutex>
#include <thread>

#include "gridledger/forwarder.h"
#include "gridledger/replica.h"
#include "gridledger/standby.h"
#include "log_test_util.h"

namespace gridledger::testing {
namespace {

using namespace std::chrono_literals;

// The destination: positions 1, 2, 3 ... and who holds the lease.
struct FakeStream {
  std::mutex mu;
  std::vector<std::string> bytes;  // [position - 1]
  std::vector<EventId> ids;
  std::string lease = "a";
  bool reachable = true;
  // What a claim of "b" says the old holder may still write for.
  std::chrono::milliseconds old_holder_writes_for{0};

  // Stores `p` only when it follows on. True when stored.
  bool Store(Position p, const EventId& id, const std::string& b) {
    if (p.value != bytes.size() + 1) return false;
    bytes.push_back(b);
    ids.push_back(id);
    return true;
  }
  size_t size() {
    std::lock_guard lock(mu);
    return bytes.size();
  }
};

// A sink whose sends are answered only when the Forwarder asks for
// confirmations, `answer_per_call` at a time, so that sends pile up in
// flight; `lose` drops that position once, as a network would. With a
// `lease_span` it holds the stream's lease: each Tail or KeepAlive that
// reaches the stream while the lease names this holder confirms it for
// that long.
class FakeSink final : public ForwardSink {
 public:
  struct Counters {
    std::atomic<size_t> max_in_flight{0};
    std::atomic<uint64_t> lose{0};
  };
  FakeSink(std::shared_ptr<FakeStream> stream, std::string holder,
           std::shared_ptr<Counters> counters, size_t answer_per_call = 50,
           std::chrono::milliseconds lease_span = {})
      : stream_(std::move(stream)),
        holder_(std::move(holder)),
        counters_(std::move(counters)),
        answer_per_call_(answer_per_call),
        lease_span_(lease_span) {}

  Result<SinkTail> Tail() override {
    std::lock_guard lock(stream_->mu);
    if (!stream_->reachable) return Status::Unavailable("fake stream unreachable");
    if (stream_->lease != holder_) return Status::PermissionDenied("lease held by another");
    valid_until_ = std::chrono::steady_clock::now() + lease_span_;
    in_flight_.clear();
    confirmed_ = Position{stream_->bytes.size()};
    return SinkTail{confirmed_, stream_->ids.empty() ? EventId{} : stream_->ids.back()};
  }

  Status Send(std::span<const ForwardEvent> events) override {
    std::lock_guard lock(stream_->mu);
    if (stream_->lease != holder_) return Status::PermissionDenied("lease held by another");
    for (const ForwardEvent& e : events) {
      if (counters_->lose.load() == e.position.value) {
        counters_->lose = 0;
        continue;
      }
      in_flight_.push_back({e.position, e.id, std::string(e.bytes)});
    }
    counters_->max_in_flight = std::max(counters_->max_in_flight.load(), in_flight_.size());
    return Status::Ok();
  }

  Result<Position> Confirmed(Position, std::chrono::milliseconds) override {
    std::lock_guard lock(stream_->mu);
    for (size_t n = 0; n < answer_per_call_ && !in_flight_.empty(); ++n) {
      Message m = std::move(in_flight_.front());
      in_flight_.erase(in_flight_.begin());
      if (!stream_->Store(m.position, m.id, m.bytes))
        return Status::Unavailable("position " + std::to_string(m.position.value) +
                                   " refused: wrong last sequence");
      confirmed_ = m.position;
    }
    return confirmed_;
  }

  Status KeepAlive() override {
    if (lease_span_.count() == 0) return Status::Ok();
    std::lock_guard lock(stream_->mu);
    if (!stream_->reachable) return Status::Unavailable("fake stream unreachable");
    if (stream_->lease != holder_) return Status::PermissionDenied("lease held by another");
    valid_until_ = std::chrono::steady_clock::now() + lease_span_;
    return Status::Ok();
  }

  std::optional<SinkLease> Lease() const override {
    if (lease_span_.count() == 0) return std::nullopt;
    return SinkLease{"the fake lease", valid_until_};
  }

  void Disconnect() override { in_flight_.clear(); }
  std::string Describe() const override { return "fake:" + holder_; }

 private:
  struct Message {
    Position position;
    EventId id;
    std::string bytes;
  };
  std::shared_ptr<FakeStream> stream_;
  std::string holder_;
  std::shared_ptr<Counters> counters_;
  size_t answer_per_call_;
  std::chrono::milliseconds lease_span_;
  std::chrono::steady_clock::time_point valid_until_{};
  std::vector<Message> in_flight_;
  Position confirmed_;
};

// The destination as a standby follows it; this node is "b".
class FakeSource final : public StandbySource {
 public:
  explicit FakeSource(std::shared_ptr<FakeStream> stream) : stream_(std::move(stream)) {}
  Status Follow(Position from, const std::function<Status(std::vector<StoredEvent>)>& deliver,
                const std::function<bool()>& stop) override {
    while (!stop()) {
      std::vector<StoredEvent> batch;
      {
        std::lock_guard lock(stream_->mu);
        for (uint64_t p = from.value; p <= stream_->bytes.size(); ++p)
          batch.push_back(StoredEvent{Position{p}, stream_->bytes[p - 1]});
      }
      if (!batch.empty()) {
        from.value += batch.size();
        GL_RETURN_IF_ERROR(deliver(std::move(batch)));
      } else {
        std::this_thread::sleep_for(2ms);
      }
    }
    return Status::Ok();
  }
  Result<Position> Last() override { return Position{stream_->size()}; }
  Result<LeaseClaim> Claim() override {
    std::lock_guard lock(stream_->mu);
    LeaseClaim claim;
    claim.ours = stream_->lease == "b";
    claim.others_may_write_for = stream_->old_holder_writes_for;
    return claim;
  }
  std::string Describe() const override { return "fake-source"; }

 private:
  std::shared_ptr<FakeStream> stream_;
};

void AppendMany(EventLog& log, int n) {
  for (int i = 0; i < n; i += 100) {
    std::vector<NewEvent> batch;
    for (int k = 0; k < 100 && i + k < n; ++k) batch.push_back(Note("n" + std::to_string(i + k)));
    ASSERT_TRUE(log.Append(StreamId{"s-" + std::to_string(i % 7)}, ExpectedVersion::Any(),
                           std::move(batch), {Durability::kBuffered})
                    .ok());
  }
}

// The destination holds exactly the log: every position once, in order,
// the stored bytes unchanged.
void ExpectExactCopy(EventLog& log, FakeStream& stream) {
  auto stored = log.ReadAllStored(Position{1}, 1u << 20);
  ASSERT_TRUE(stored.ok());
  std::lock_guard lock(stream.mu);
  ASSERT_EQ(stream.bytes.size(), stored->size());
  for (size_t i = 0; i < stored->size(); ++i)
    ASSERT_EQ(stream.bytes[i], (*stored)[i].bytes) << "position " << i + 1;
}

bool WaitUntil(const std::function<bool()>& done, std::chrono::milliseconds timeout) {
  const auto until = std::chrono::steady_clock::now() + timeout;
  while (!done()) {
    if (std::chrono::steady_clock::now() > until) return false;
    std::this_thread::sleep_for(2ms);
  }
  return true;
}

// A log of `n` events and an empty destination.
struct LogAndStream {
  TempDir dir;
  std::unique_ptr<EventLog> log;
  std::shared_ptr<FakeStream> stream = std::make_shared<FakeStream>();
  std::shared_ptr<FakeSink::Counters> counters = std::make_shared<FakeSink::Counters>();
  explicit LogAndStream(int n) : log(OpenLog(dir.path())) {
    if (log) AppendMany(*log, n);
  }
};

TEST(ForwarderPipelineTest, ManyBatchesInFlightStoreEveryPositionOnceInOrder) {
  LogAndStream f(5000);
  ASSERT_NE(f.log, nullptr);
  auto& [dir, log, stream, counters] = f;
  ForwarderOptions fo;
  fo.batch_events = 100;
  fo.in_flight_events = 1000;
  auto forwarder =
      Forwarder::Start(*log, std::make_unique<FakeSink>(stream, "a", counters, 30), fo);
  ASSERT_TRUE(forwarder->WaitForwarded(Position{5000}, 60s)) << forwarder->status().last_error;
  forwarder->Stop();
  ExpectExactCopy(*log, *stream);
  // More than one batch was out at a time, and never more than allowed.
  EXPECT_GT(counters->max_in_flight.load(), fo.batch_events);
  EXPECT_LE(counters->max_in_flight.load(), fo.in_flight_events);
  EXPECT_EQ(forwarder->status().events_published, 5000u);
  EXPECT_EQ(forwarder->status().failures, 0u);
}

TEST(ForwarderPipelineTest, AMessageLostInFlightIsSentAgainFromTheDestinationsTail) {
  LogAndStream f(3000);
  ASSERT_NE(f.log, nullptr);
  auto& [dir, log, stream, counters] = f;
  counters->lose = 1234;
  ForwarderOptions fo;
  fo.batch_events = 100;
  fo.in_flight_events = 800;
  fo.backoff_initial = 1ms;
  auto forwarder =
      Forwarder::Start(*log, std::make_unique<FakeSink>(stream, "a", counters, 40), fo);
  ASSERT_TRUE(forwarder->WaitForwarded(Position{3000}, 60s)) << forwarder->status().last_error;
  forwarder->Stop();
  // The ones after the lost one were refused, never stored out of place;
  // the Forwarder started again from the stream's tail (1233).
  EXPECT_GE(forwarder->status().failures, 1u);
  EXPECT_NE(forwarder->status().last_error.find("1235 refused"), std::string::npos)
      << forwarder->status().last_error;
  ExpectExactCopy(*log, *stream);
}

Status AppendNote(EventLog& log, const std::string& text) {
  return log.Append(StreamId{"s"}, ExpectedVersion::Any(), {Note(text)}).status();
}

// The lease inside the commit path: a log whose forwarder holds the
// partition's lease acknowledges writes only while the lease is confirmed,
// so a primary cut off from its cluster stops taking writes before anyone
// else can take the lease, and takes them again once it renewed.
TEST(ForwarderLeaseTest, ALogTakesWritesOnlyWhileItsForwarderKeepsTheLeaseConfirmed) {
  LogAndStream f(10);
  ASSERT_NE(f.log, nullptr);
  // Named, not bound: lambdas below capture them.
  EventLog& log = *f.log;
  std::shared_ptr<FakeStream>& stream = f.stream;
  std::shared_ptr<FakeSink::Counters>& counters = f.counters;
  ForwarderOptions fo;
  fo.backoff_initial = 5ms;
  fo.backoff_max = 20ms;
  auto forwarder = Forwarder::Start(
      log, std::make_unique<FakeSink>(stream, "a", counters, 50, std::chrono::milliseconds(300)),
      fo);
  // Taken once the first Tail confirmed the lease.
  ASSERT_TRUE(WaitUntil([&] { return AppendNote(log, "confirmed").ok(); }, 30s));

  // Cut off: the renewals fail; within the lease's span the log refuses.
  {
    std::lock_guard lock(stream->mu);
    stream->reachable = false;
  }
  Status refused;
  ASSERT_TRUE(WaitUntil(
      [&] {
        refused = AppendNote(log, "while cut off");
        return !refused.ok();
      },
      30s));
  EXPECT_EQ(refused.code(), StatusCode::kUnavailable) << refused.ToString();
  EXPECT_NE(refused.message().find("the fake lease"), std::string::npos) << refused.message();
  const Position held = log.Committed();
  EXPECT_EQ(AppendNote(log, "still cut off").code(), StatusCode::kUnavailable);
  EXPECT_EQ(log.Committed(), held);

  // Back: renewed, taken again, and forwarded.
  {
    std::lock_guard lock(stream->mu);
    stream->reachable = true;
  }
  ASSERT_TRUE(WaitUntil([&] { return AppendNote(log, "back").ok(); }, 30s));
  ASSERT_TRUE(forwarder->WaitForwarded(log.Committed(), 30s)) << forwarder->status().last_error;
  ExpectExactCopy(log, *stream);

  // Another node holds the lease now: fenced for good.
  {
    std::lock_guard lock(stream->mu);
    stream->lease = "b";
  }
  ASSERT_TRUE(WaitUntil([&] { return forwarder->status().failed; }, 30s));
  EXPECT_EQ(AppendNote(log, "fenced").code(), StatusCode::kPermissionDenied);
}

// A primary "a" forwarded `n` events; the standby "b" follows them.
struct Pair {
  TempDir dir;
  std::unique_ptr<EventLog> primary, standby;
  std::shared_ptr<FakeStream> stream = std::make_shared<FakeStream>();
  std::shared_ptr<FakeSink::Counters> counters = std::make_shared<FakeSink::Counters>();

  explicit Pair(int n) {
    primary = OpenLog(dir.Sub("a"));
    standby = OpenLog(dir.Sub("b"));
    AppendMany(*primary, n);
    auto f = Forwarder::Start(*primary, std::make_unique<FakeSink>(stream, "a", counters));
    EXPECT_TRUE(f->WaitForwarded(primary->Committed(), 60s));
  }
  std::unique_ptr<Standby> StartStandby(StandbyOptions so) {
    so.refusal = "a standby of the fake partition";
    so.watch_every = 10ms;
    ForwarderOptions fo;
    fo.backoff_initial = 5ms;
    fo.backoff_max = 20ms;
    auto s = Standby::Start(
        *standby, std::make_unique<FakeSource>(stream),
        [this] { return std::make_unique<FakeSink>(stream, "b", counters); }, so, fo);
    EXPECT_TRUE(s.ok()) << s.status().ToString();
    return s.ok() ? std::move(s).value() : nullptr;
  }
};

TEST(StandbyPromotionTest, WhatTheOldPrimarySentJustBeforeTheClaimIsFollowedBeforeWrites) {
  Pair pair(500);
  AppendMany(*pair.primary, 20);  // 501..520: committed, not yet forwarded
  StandbyOptions so;
  so.promote_settle = 1500ms;
  auto standby = pair.StartStandby(so);
  ASSERT_NE(standby, nullptr);
  ASSERT_TRUE(WaitUntil([&] { return pair.standby->Committed().value == 500; }, 30s));
  {
    std::lock_guard lock(pair.stream->mu);
    pair.stream->lease = "b";  // gridledger forward promote b
  }
  ASSERT_TRUE(WaitUntil([&] { return standby->status().promoting; }, 30s));
  // The old primary's last batch, sent under its lease, lands after the
  // standby began promoting.
  std::this_thread::sleep_for(100ms);
  {
    auto late = pair.primary->ReadAllStored(Position{501}, 20);
    ASSERT_TRUE(late.ok());
    auto events = pair.primary->ReadAll(Position{501}, 20);
    ASSERT_TRUE(events.ok());
    std::lock_guard lock(pair.stream->mu);
    for (size_t i = 0; i < late->size(); ++i)
      ASSERT_TRUE(pair.stream->Store((*late)[i].position, (*events)[i].id, (*late)[i].bytes));
  }
  ASSERT_TRUE(standby->WaitPromoted(30s)) << standby->status().last_error;
  EXPECT_EQ(pair.standby->Committed().value, 520u);
  ExpectExactCopy(*pair.standby, *pair.stream);
  // The new primary takes writes, and they follow on in the stream.
  NewEvent e = Note("after the switch");
  ASSERT_TRUE(pair.standby->Append(StreamId{"s"}, ExpectedVersion::Any(), {e}).ok());
  ASSERT_TRUE(WaitUntil([&] { return pair.stream->size() == 521; }, 30s));
  ExpectExactCopy(*pair.standby, *pair.stream);
}

// The standby takes no write before the old primary's write lease has
// lapsed for sure: the claim says how long the old holder may still
// acknowledge writes, and promotion completes no sooner.
TEST(StandbyPromotionTest, NoWriteIsTakenBeforeTheOldHoldersWritesHaveEnded) {
  Pair pair(100);
  StandbyOptions so;
  so.promote_settle = 10ms;
  auto standby = pair.StartStandby(so);
  ASSERT_NE(standby, nullptr);
  ASSERT_TRUE(WaitUntil([&] { return pair.standby->Committed().value == 100; }, 30s));
  const auto claimed = std::chrono::steady_clock::now();
  {
    std::lock_guard lock(pair.stream->mu);
    pair.stream->old_holder_writes_for = 700ms;
    pair.stream->lease = "b";
  }
  ASSERT_TRUE(standby->WaitPromoted(30s)) << standby->status().last_error;
  EXPECT_GE(std::chrono::steady_clock::now() - claimed, 700ms);
  EXPECT_TRUE(pair.standby->Append(StreamId{"s"}, ExpectedVersion::Any(), {Note("new")}).ok());
}

TEST(StandbyPromotionTest, ADestinationThatDoesNotConfirmIsReportedAndWritesWaitForIt) {
  Pair pair(200);
  StandbyOptions so;
  so.promote_settle = 10ms;
  so.promote_timeout = 100ms;
  auto standby = pair.StartStandby(so);
  ASSERT_NE(standby, nullptr);
  ASSERT_TRUE(WaitUntil([&] { return pair.standby->Committed().value == 200; }, 30s));
  {
    std::lock_guard lock(pair.stream->mu);
    pair.stream->lease = "b";
    pair.stream->reachable = false;  // the stream goes away as promotion starts
  }
  ASSERT_TRUE(WaitUntil(
      [&] { return standby->status().last_error.find("promotion waiting") != std::string::npos; },
      30s))
      << standby->status().last_error;
  EXPECT_FALSE(standby->status().promoted);
  EXPECT_FALSE(standby->status().failed);
  NewEvent e = Note("refused while the promotion waits");
  EXPECT_EQ(pair.standby->Append(StreamId{"s"}, ExpectedVersion::Any(), {e}).status().code(),
            StatusCode::kPermissionDenied);
  {
    std::lock_guard lock(pair.stream->mu);
    pair.stream->reachable = true;
  }
  ASSERT_TRUE(standby->WaitPromoted(30s)) << standby->status().last_error;
  EXPECT_TRUE(pair.standby->Append(StreamId{"s"}, ExpectedVersion::Any(), {e}).ok());
}

}  // namespace
}  // namespace gridledger::testing
