#include "rpc/remote_engine.h"

#include <kj/debug.h>

#include <condition_variable>
#include <deque>
#include <filesystem>
#include <fstream>

#include "codec/event_codec.h"
#include "common/thread_name.h"
#include "rpc/rpc_values.h"
#include "rpc/wire_codec.h"

namespace gridledger::rpc {
namespace {

namespace fs = std::filesystem;
using Session = schema::Session::Client;

template <typename List>
Result<std::vector<RecordedEvent>> DecodeAll(List list) {
  std::vector<RecordedEvent> out;
  out.reserve(list.size());
  for (auto bytes : list) {
    auto e = codec::Decode(View(bytes));
    if (!e.ok()) return e.status();
    out.push_back(std::move(e).value());
  }
  return out;
}

// A batch handed from the I/O thread to a subscription's thread.
struct Batch {
  std::vector<std::string> events;
  uint64_t examined_to = 0;  // 0: the last event's position (older servers)
  bool ended = false;
  Status status;
};

// The subscription's bounded hand-over: at most kDepth batches wait; the
// consumer's deliver() holds its stream call until there is room, which is
// what pushes back on the server.
class BatchQueue {
 public:
  static constexpr size_t kDepth = 2;

  // I/O thread: queues `b`; the promise resolves when there is room again.
  kj::Promise<void> Push(Batch b) {
    std::lock_guard lock(mu_);
    queue_.push_back(std::move(b));
    cv_.notify_all();
    if (queue_.size() < kDepth) return kj::READY_NOW;
    auto paf = kj::newPromiseAndCrossThreadFulfiller<void>();
    room_.push_back(kj::mv(paf.fulfiller));
    return kj::mv(paf.promise);
  }

  // Subscription thread: the next batch, or nullopt when stopped.
  std::optional<Batch> Pop(std::chrono::milliseconds wait) {
    std::unique_lock lock(mu_);
    cv_.wait_for(lock, wait, [&] { return stopped_ || !queue_.empty(); });
    if (stopped_ || queue_.empty()) return std::nullopt;
    Batch b = std::move(queue_.front());
    queue_.pop_front();
    if (!room_.empty()) {
      room_.front()->fulfill();
      room_.pop_front();
    }
    return b;
  }

  bool Empty() {
    std::lock_guard lock(mu_);
    return queue_.empty();
  }

  void Stop() {
    std::lock_guard lock(mu_);
    stopped_ = true;
    for (auto& f : room_) f->fulfill();
    room_.clear();
    cv_.notify_all();
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<Batch> queue_;
  std::deque<kj::Own<kj::CrossThreadPromiseFulfiller<void>>> room_;
  bool stopped_ = false;
};

class ConsumerImpl final : public schema::Consumer::Server {
 public:
  explicit ConsumerImpl(std::shared_ptr<BatchQueue> queue) : queue_(std::move(queue)) {}
  kj::Promise<void> deliver(DeliverContext context) override {
    Batch b;
    for (auto bytes : context.getParams().getEvents()) b.events.emplace_back(View(bytes));
    b.examined_to = context.getParams().getExaminedTo();
    return queue_->Push(std::move(b));
  }
  kj::Promise<void> ended(EndedContext context) override {
    Batch b;
    b.ended = true;
    b.status = FromWire(context.getParams().getStatus());
    queue_->Push(std::move(b)).detach([](kj::Exception&&) {});
    return kj::READY_NOW;
  }

 private:
  std::shared_ptr<BatchQueue> queue_;
};

// A catch-up subscription over the network. The I/O thread keeps the
// server-side subscription alive (its Handle) and re-subscribes from the
// next undelivered position after a reconnect; this thread runs the handler.
class RemoteSubscription final : public Subscription {
 public:
  RemoteSubscription(Channel& io, Position start, SubscriptionHandler handler, EventFilter filter,
                     uint64_t checkpoint_every, std::function<void(Position)> on_checkpoint)
      : io_(io),
        handler_(std::move(handler)),
        filter_(std::move(filter)),
        checkpoint_every_(checkpoint_every == 0 ? 1 : checkpoint_every),
        on_checkpoint_(std::move(on_checkpoint)),
        next_(start.value == 0 ? Position{1} : start),
        processed_(Position{next_.value - 1}) {}

  ~RemoteSubscription() noexcept override { Stop(); }

  void Begin() {
    queue_ = std::make_shared<BatchQueue>();
    thread_ = std::thread([this] {
      NameThisThread("gl-remote-sub");
      Run();
    });
    Resubscribe();
  }

  void Stop() override {
    {
      std::lock_guard lock(mu_);
      if (stopped_) return;
      stopped_ = true;
    }
    queue_->Stop();
    if (thread_.joinable()) thread_.join();
    // Drop the server-side subscription on the I/O thread, and wait for it.
    std::promise<void> dropped;
    io_.Post([this, &dropped](ClientConnection&, kj::TaskSet&) {
      // The resubscribing task refers to this object: end it now rather
      // than at the connection's next disconnect.
      running_.cancel("subscription stopped");
      handle_ = nullptr;
      dropped.set_value();
    });
    dropped.get_future().wait();
    cv_.notify_all();
  }

  Position LastHandled() const override {
    std::lock_guard lock(mu_);
    return last_;
  }

  Position Processed() const override {
    std::lock_guard lock(mu_);
    return processed_;
  }

  bool WaitUntilHandled(Position p, std::chrono::milliseconds timeout) const override {
    std::unique_lock lock(mu_);
    return cv_.wait_for(lock, timeout, [&] { return processed_ >= p || !status_.ok(); }) &&
           processed_ >= p;
  }

  Status status() const override {
    std::lock_guard lock(mu_);
    return status_;
  }

 private:
  // On the I/O thread: subscribe from next_, and again after a disconnect.
  void Resubscribe() {
    io_.Post([this](ClientConnection& c, kj::TaskSet& tasks) {
      Position from;
      {
        std::lock_guard lock(mu_);
        if (stopped_) return;
        from = next_;
      }
      auto task =
          c.Session()
              .then([this, from](Session session) {
                auto request = session.subscribeRequest();
                request.setFrom(from.value);
                if (!filter_.empty()) ToWire(filter_, request.initFilter());
                request.setConsumer(kj::heap<ConsumerImpl>(queue_));
                return request.send();
              })
              .then([this, &c](auto response) -> kj::Promise<void> {
                Status s = FromWire(response.getStatus());
                if (!s.ok()) {
                  Fail(s);
                  return kj::READY_NOW;
                }
                handle_ = response.getHandle();
                return c.OnDisconnect();
              })
              .catch_([&c](kj::Exception&&) { c.MarkBroken(); })
              .then([this, &c] {
                handle_ = nullptr;
                return c.timer().afterDelay(io_.options().reconnect_min.count() * kj::MILLISECONDS);
              })
              .then([this] { Resubscribe(); });
      tasks.add(running_.wrap(kj::mv(task)));
    });
  }

  void Fail(const Status& s) {
    std::lock_guard lock(mu_);
    if (status_.ok()) status_ = s;
    cv_.notify_all();
  }

  void Run() {
    for (;;) {
      auto batch = queue_->Pop(std::chrono::milliseconds(200));
      {
        std::lock_guard lock(mu_);
        if (stopped_ || !status_.ok()) return;
      }
      if (!batch) continue;
      if (batch->ended) {
        if (!batch->status.ok()) Fail(batch->status);
        continue;  // server stopping: Resubscribe reconnects when it is back
      }
      for (const auto& bytes : batch->events) {
        auto e = codec::Decode(bytes);
        if (!e.ok()) return Fail(e.status());
        {
          std::lock_guard lock(mu_);
          if (e->position < next_) continue;  // already delivered before a reconnect
          // Unfiltered, every position comes; filtered, the server skipped
          // what does not match.
          if (e->position != next_ && filter_.empty()) {
            status_ = Status::Corruption("subscription skipped from position " +
                                         std::to_string(next_.value) + " to " +
                                         std::to_string(e->position.value));
            cv_.notify_all();
            return;
          }
          if (!filter_.empty() && !filter_.Matches(*e)) {
            status_ = Status::Corruption("the server delivered position " +
                                         std::to_string(e->position.value) +
                                         ", which does not match the filter");
            cv_.notify_all();
            return;
          }
        }
        Status s = handler_(*e);
        if (!s.ok()) return Fail(s);
        Advance(e->position, true);
      }
      if (batch->examined_to > 0) {
        bool ahead;
        {
          std::lock_guard lock(mu_);
          ahead = batch->examined_to >= next_.value;
        }
        if (ahead) Advance(Position{batch->examined_to}, false);
      }
      // Caught up with what the server has looked at: report the progress.
      if (on_checkpoint_ && queue_->Empty() && reported_ != Processed()) {
        reported_ = Processed();
        on_checkpoint_(reported_);
      }
    }
  }

  // Every event up to `p` was looked at (and handled when it matched).
  void Advance(Position p, bool handled) {
    {
      std::lock_guard lock(mu_);
      if (handled) last_ = p;
      processed_ = p;
      next_ = Position{p.value + 1};
      cv_.notify_all();
    }
    since_checkpoint_ += p.value - std::min(p.value, counted_);
    counted_ = p.value;
    if (on_checkpoint_ && since_checkpoint_ >= checkpoint_every_) {
      since_checkpoint_ = 0;
      reported_ = p;
      on_checkpoint_(p);
    }
  }

  Channel& io_;
  SubscriptionHandler handler_;
  const EventFilter filter_;
  const uint64_t checkpoint_every_;
  const std::function<void(Position)> on_checkpoint_;
  std::shared_ptr<BatchQueue> queue_;
  std::thread thread_;
  schema::Handle::Client handle_ = nullptr;  // I/O thread's
  kj::Canceler running_;                     // I/O thread's: the Resubscribe task
  mutable std::mutex mu_;
  mutable std::condition_variable cv_;
  Position next_;
  Position last_;
  Position processed_;
  // The subscription thread's checkpoint bookkeeping.
  uint64_t counted_ = 0, since_checkpoint_ = 0;
  Position reported_;
  Status status_;
  bool stopped_ = false;
};

class RemoteEventLog final : public EventLog {
 public:
  explicit RemoteEventLog(Channel& io) : io_(io) {}

  Result<AppendResult> Append(const StreamId& stream, ExpectedVersion expected,
                              std::vector<NewEvent> events, const AppendOptions& options) override {
    GL_ASSIGN_OR_RETURN(auto encoded, Encode(stream, events));
    return io_.Call<AppendResult>([&](Session& s) {
      auto request = s.appendRequest();
      Fill(request, stream, expected, encoded, options);
      return request.send().then([](auto r) -> Result<AppendResult> {
        Status st = FromWire(r.getStatus());
        if (!st.ok()) return st;
        return FromWire(r.getResult());
      });
    });
  }

  void AppendAsync(StreamId stream, ExpectedVersion expected, std::vector<NewEvent> events,
                   AppendCallback done, const AppendOptions& options) override {
    auto encoded = Encode(stream, events);
    if (!encoded.ok()) return done(encoded.status());
    auto shared_done = std::make_shared<AppendCallback>(std::move(done));
    io_.Post([stream, expected, encoded = std::move(encoded).value(), shared_done, options](
                 ClientConnection& c, kj::TaskSet& tasks) mutable {
      tasks.add(c.Session()
                    .then([&, stream, expected, encoded, options](Session s) mutable {
                      auto request = s.appendRequest();
                      Fill(request, stream, expected, encoded, options);
                      return request.send().then([](auto r) -> Result<AppendResult> {
                        Status st = FromWire(r.getStatus());
                        if (!st.ok()) return st;
                        return FromWire(r.getResult());
                      });
                    })
                    .catch_([&c](kj::Exception&& e) -> Result<AppendResult> {
                      c.MarkBroken();
                      return Status::Unavailable(std::string("gridledgerd unreachable: ") +
                                                 e.getDescription().cStr());
                    })
                    .then([shared_done](Result<AppendResult> r) {
                      try {
                        (*shared_done)(std::move(r));
                      } catch (...) {
                      }
                    }));
    });
  }

  Result<std::vector<RecordedEvent>> ReadStream(const StreamId& stream, StreamVersion from,
                                                ReadDirection direction,
                                                size_t limit) const override {
    std::vector<RecordedEvent> out;
    while (out.size() < limit) {
      uint32_t want = static_cast<uint32_t>(std::min<size_t>(limit - out.size(), 512));
      GL_ASSIGN_OR_RETURN(auto batch, io_.Call<std::vector<RecordedEvent>>([&](Session& s) {
        auto request = s.readStreamRequest();
        request.setStream(Txt(stream.value));
        request.setFrom(from.value);
        request.setBackward(direction == ReadDirection::kBackward);
        request.setLimit(want);
        return request.send().then([](auto r) -> Result<std::vector<RecordedEvent>> {
          Status st = FromWire(r.getStatus());
          if (!st.ok()) return st;
          return DecodeAll(r.getEvents());
        });
      }));
      if (batch.empty()) break;
      bool full = batch.size() == want;
      from = direction == ReadDirection::kForward ? StreamVersion{batch.back().version.value + 1}
                                                  : StreamVersion{batch.back().version.value - 1};
      for (auto& e : batch) out.push_back(std::move(e));
      if (!full || (direction == ReadDirection::kBackward && from.value == 0)) break;
    }
    return out;
  }

  Result<std::vector<RecordedEvent>> ReadAll(Position from, size_t limit) const override {
    std::vector<RecordedEvent> out;
    GL_RETURN_IF_ERROR(ScanSome(from, limit, [&](RecordedEvent e) {
      out.push_back(std::move(e));
      return Status::Ok();
    }));
    return out;
  }

  Result<std::vector<StoredEvent>> ReadAllStored(Position from, size_t limit) const override {
    std::vector<StoredEvent> out;
    while (out.size() < limit) {
      uint32_t want = static_cast<uint32_t>(std::min<size_t>(limit - out.size(), 512));
      GL_ASSIGN_OR_RETURN(auto batch, io_.Call<std::vector<StoredEvent>>([&](Session& s) {
        auto request = s.readAllRequest();
        request.setFrom(from.value);
        request.setLimit(want);
        return request.send().then([from](auto r) -> Result<std::vector<StoredEvent>> {
          Status st = FromWire(r.getStatus());
          if (!st.ok()) return st;
          std::vector<StoredEvent> v;
          uint64_t p = std::max<uint64_t>(from.value, 1);
          for (auto bytes : r.getEvents())
            v.push_back(StoredEvent{Position{p++}, std::string(View(bytes))});
          return v;
        });
      }));
      if (batch.empty()) break;
      from = Position{batch.back().position.value + 1};
      bool full = batch.size() == want;
      for (auto& e : batch) out.push_back(std::move(e));
      if (!full) break;
    }
    return out;
  }

  Status ScanAll(Position from, Position to_inclusive,
                 const std::function<Status(const RecordedEvent&)>& visit) const override {
    Position end = to_inclusive.value == 0 ? Committed() : to_inclusive;
    if (from.value == 0) from.value = 1;
    if (from > end) return Status::Ok();
    return ScanSome(from, end.value - from.value + 1, [&](RecordedEvent e) { return visit(e); });
  }

  Result<std::vector<AppendResult>> AppendMulti(std::vector<StreamAppend> parts,
                                                const AppendOptions& options) override {
    std::vector<std::vector<std::string>> encoded;
    for (const auto& part : parts) {
      auto e = Encode(part.stream, part.events);
      if (!e.ok())
        return Status(e.status().code(),
                      "stream " + part.stream.value + ": " + e.status().message());
      encoded.push_back(std::move(e).value());
    }
    return io_.Call<std::vector<AppendResult>>([&](Session& s) {
      auto request = s.appendMultiRequest();
      auto list = request.initParts(static_cast<unsigned>(parts.size()));
      for (size_t i = 0; i < parts.size(); ++i) {
        auto b = list[i];
        b.setStream(Txt(parts[i].stream.value));
        ToWire(parts[i].expected, b.initExpected());
        auto events = b.initEvents(static_cast<unsigned>(encoded[i].size()));
        for (size_t k = 0; k < encoded[i].size(); ++k) events.set(k, Bytes(encoded[i][k]));
      }
      request.setDurable(options.durability == Durability::kDurable);
      return request.send().then([](auto r) -> Result<std::vector<AppendResult>> {
        Status st = FromWire(r.getStatus());
        if (!st.ok()) return st;
        std::vector<AppendResult> out;
        for (auto a : r.getResults()) out.push_back(FromWire(a));
        return out;
      });
    });
  }

  // One readFiltered call: the server evaluates the filter.
  Result<FilteredStoredRead> FilteredCall(Position from, size_t limit, const EventFilter& filter,
                                          size_t max_examined) const {
    return io_.Call<FilteredStoredRead>([&](Session& s) {
      auto request = s.readFilteredRequest();
      request.setFrom(from.value);
      request.setLimit(static_cast<uint32_t>(std::min<size_t>(limit, 512)));
      ToWire(filter, request.initFilter());
      request.setMaxExamined(static_cast<uint32_t>(std::min<size_t>(max_examined, UINT32_MAX)));
      return request.send().then([](auto r) -> Result<FilteredStoredRead> {
        Status st = FromWire(r.getStatus());
        if (!st.ok()) return st;
        FilteredStoredRead out;
        out.examined_to = Position{r.getExaminedTo()};
        for (auto bytes : r.getEvents()) {
          std::string b(View(bytes));
          auto head = codec::Decode(b);
          if (!head.ok()) return head.status();
          out.events.push_back(StoredEvent{head->position, std::move(b)});
        }
        return out;
      });
    });
  }

  Result<FilteredStoredRead> ReadStoredFiltered(Position from, size_t limit,
                                                const EventFilter& filter,
                                                size_t max_examined) const override {
    GL_RETURN_IF_ERROR(filter.Validate());
    if (from.value == 0) from.value = 1;
    FilteredStoredRead out;
    out.examined_to = Position{from.value - 1};
    size_t examined = 0;
    while (out.events.size() < limit && (max_examined == 0 || examined < max_examined)) {
      size_t bound = max_examined == 0 ? 0 : max_examined - examined;
      GL_ASSIGN_OR_RETURN(auto batch, FilteredCall(Position{out.examined_to.value + 1},
                                                   limit - out.events.size(), filter, bound));
      if (batch.examined_to <= out.examined_to) break;  // nothing more committed
      examined += batch.examined_to.value - out.examined_to.value;
      out.examined_to = batch.examined_to;
      for (auto& e : batch.events) out.events.push_back(std::move(e));
    }
    return out;
  }

  Result<FilteredRead> ReadFiltered(Position from, size_t limit, const EventFilter& filter,
                                    size_t max_examined) const override {
    GL_ASSIGN_OR_RETURN(auto stored, ReadStoredFiltered(from, limit, filter, max_examined));
    FilteredRead out;
    out.examined_to = stored.examined_to;
    for (const auto& s : stored.events) {
      GL_ASSIGN_OR_RETURN(auto e, codec::Decode(s.bytes));
      out.events.push_back(std::move(e));
    }
    return out;
  }

  Status ScanFiltered(Position from, Position to_inclusive, const EventFilter& filter,
                      const std::function<Status(const RecordedEvent&)>& visit,
                      Position* examined_to) const override {
    GL_RETURN_IF_ERROR(filter.Validate());
    Position end = to_inclusive.value == 0 ? Committed() : to_inclusive;
    if (from.value == 0) from.value = 1;
    Position examined{from.value - 1};
    Status result;
    while (examined < end) {
      auto batch =
          FilteredCall(Position{examined.value + 1}, 512, filter, end.value - examined.value);
      if (!batch.ok()) {
        result = batch.status();
        break;
      }
      if (batch->examined_to <= examined) break;
      bool stopped = false;
      for (const auto& s : batch->events) {
        auto e = codec::Decode(s.bytes);
        if (!e.ok()) {
          result = e.status();
          stopped = true;
          break;
        }
        if (Status v = visit(*e); !v.ok()) {
          result = v;
          examined = e->position;
          stopped = true;
          break;
        }
        examined = e->position;
      }
      if (stopped) break;
      examined = batch->examined_to;
    }
    if (examined_to) *examined_to = examined;
    return result;
  }

  Result<Position> SeekTime(Timestamp at) const override {
    return io_.Call<Position>([&](Session& s) {
      auto request = s.seekTimeRequest();
      request.setAt(ToMicros(at));
      return request.send().then([](auto r) -> Result<Position> {
        Status st = FromWire(r.getStatus());
        if (!st.ok()) return st;
        return Position{r.getPosition()};
      });
    });
  }

  Result<StreamVersion> SeekStreamTime(const StreamId& stream, Timestamp at) const override {
    return io_.Call<StreamVersion>([&](Session& s) {
      auto request = s.seekStreamTimeRequest();
      request.setStream(Txt(stream.value));
      request.setAt(ToMicros(at));
      return request.send().then([](auto r) -> Result<StreamVersion> {
        Status st = FromWire(r.getStatus());
        if (!st.ok()) return st;
        return StreamVersion{r.getVersion()};
      });
    });
  }

  Result<RecordedEvent> ReadEvent(EventId id) const override {
    return io_.Call<RecordedEvent>([&](Session& s) {
      auto request = s.readEventRequest();
      request.setId(Txt(id.ToString()));
      return request.send().then([](auto r) -> Result<RecordedEvent> {
        Status st = FromWire(r.getStatus());
        if (!st.ok()) return st;
        return codec::Decode(View(r.getEvent()));
      });
    });
  }

  Result<StreamHead> Head(const StreamId& stream) const override {
    return io_.Call<StreamHead>([&](Session& s) {
      auto request = s.headRequest();
      request.setStream(Txt(stream.value));
      return request.send().then([](auto r) -> Result<StreamHead> {
        Status st = FromWire(r.getStatus());
        if (!st.ok()) return st;
        return FromWire(r.getHead());
      });
    });
  }

  Position Committed() const override {
    auto r = io_.Call<uint64_t>([&](Session& s) {
      return s.committedRequest().send().then([](auto r) -> Result<uint64_t> {
        Status st = FromWire(r.getStatus());
        if (!st.ok()) return st;
        return r.getPosition();
      });
    });
    return r.ok() ? Position{*r} : Position{0};
  }

  // Polls the server's watermark with a growing pause; a stop request
  // ends the pause at once.
  Position WaitForCommitted(Position position, std::chrono::milliseconds timeout,
                            std::stop_token stop = {}) const override {
    auto deadline = std::chrono::steady_clock::now() + timeout;
    auto pause = std::chrono::milliseconds(2);
    std::mutex mu;
    std::condition_variable_any pausing;
    for (;;) {
      Position p = Committed();
      if (p >= position || stop.stop_requested() || std::chrono::steady_clock::now() >= deadline)
        return p;
      std::unique_lock lock(mu);
      pausing.wait_for(lock, stop, pause, [] { return false; });
      pause = std::min(pause * 2, std::chrono::milliseconds(100));
    }
  }

  Result<std::unique_ptr<Subscription>> Subscribe(SubscriptionOptions options,
                                                  SubscriptionHandler handler) override {
    if (!options.checkpoint_name.empty())
      return Status::InvalidArgument(
          "named checkpoints are kept by the server's own subscribers; a remote subscriber keeps "
          "its position itself (SubscriptionOptions.start)");
    GL_RETURN_IF_ERROR(options.filter.Validate());
    auto sub = std::make_unique<RemoteSubscription>(
        io_, options.start, std::move(handler), std::move(options.filter), options.checkpoint_every,
        std::move(options.on_checkpoint));
    sub->Begin();
    return std::unique_ptr<Subscription>(std::move(sub));
  }

  Result<VerifyReport> Verify(
      const std::function<void(Position, Position)>& progress) const override {
    return io_.Call<VerifyReport>([&](Session& s) {
      return s.verifyRequest().send().then([](auto r) -> Result<VerifyReport> {
        Status st = FromWire(r.getStatus());
        if (!st.ok()) return st;
        return FromWire(r.getReport());
      });
    });
  }

  Result<Position> LoadCheckpoint(const std::string&) const override {
    return Status::Unavailable("checkpoints are not served over the network");
  }
  Status SaveCheckpoint(const std::string&, Position) override {
    return Status::Unavailable("checkpoints are not served over the network");
  }

  LogStats Stats() const override {
    auto r = io_.Call<LogStats>([&](Session& s) {
      return s.logStatsRequest().send().then([](auto r) -> Result<LogStats> {
        Status st = FromWire(r.getStatus());
        if (!st.ok()) return st;
        return FromWire(r.getStats());
      });
    });
    return r.ok() ? *r : LogStats{};
  }

  Status Compact() override {
    return Status::Unavailable("compaction runs on the server (gridledger compact --data)");
  }
  Status Checkpoint(const std::string& dir) const override;

  void set_backup(std::function<Status(const std::string&)> backup) { backup_ = std::move(backup); }

 private:
  static Result<std::vector<std::string>> Encode(const StreamId& stream,
                                                 const std::vector<NewEvent>& events) {
    std::vector<std::string> out;
    out.reserve(events.size());
    for (const auto& e : events) {
      GL_ASSIGN_OR_RETURN(auto encoded, codec::Encode(stream, e, e.id));
      out.push_back(std::move(encoded.bytes));
    }
    return out;
  }

  template <typename Request>
  static void Fill(Request& request, const StreamId& stream, ExpectedVersion expected,
                   const std::vector<std::string>& encoded, const AppendOptions& options) {
    request.setStream(Txt(stream.value));
    ToWire(expected, request.initExpected());
    auto list = request.initEvents(encoded.size());
    for (size_t i = 0; i < encoded.size(); ++i) list.set(i, Bytes(encoded[i]));
    request.setDurable(options.durability == Durability::kDurable);
  }

  Status ScanSome(Position from, size_t limit,
                  const std::function<Status(RecordedEvent)>& visit) const {
    if (from.value == 0) from.value = 1;
    size_t done = 0;
    while (done < limit) {
      uint32_t want = static_cast<uint32_t>(std::min<size_t>(limit - done, 512));
      GL_ASSIGN_OR_RETURN(auto batch, io_.Call<std::vector<RecordedEvent>>([&](Session& s) {
        auto request = s.readAllRequest();
        request.setFrom(from.value);
        request.setLimit(want);
        return request.send().then([](auto r) -> Result<std::vector<RecordedEvent>> {
          Status st = FromWire(r.getStatus());
          if (!st.ok()) return st;
          return DecodeAll(r.getEvents());
        });
      }));
      if (batch.empty()) break;
      for (auto& e : batch) {
        from = Position{e.position.value + 1};
        ++done;
        GL_RETURN_IF_ERROR(visit(std::move(e)));
      }
      if (batch.size() < want) break;
    }
    return Status::Ok();
  }

  Channel& io_;
  std::function<Status(const std::string&)> backup_;
};

Status RemoteEventLog::Checkpoint(const std::string& dir) const {
  if (!backup_) return Status::Unavailable("no backup path");
  return backup_(dir);
}

// Receives the checkpoint's files into a local directory.
class BackupSinkImpl final : public schema::BackupSink::Server {
 public:
  explicit BackupSinkImpl(fs::path dir) : dir_(std::move(dir)) {}
  kj::Promise<void> beginFile(BeginFileContext context) override {
    std::string name = Str(context.getParams().getName());
    if (name.empty() || name.find('/') != std::string::npos || name == "." || name == "..")
      return KJ_EXCEPTION(FAILED, "bad file name in backup");
    out_.close();
    out_.open(dir_ / name, std::ios::binary | std::ios::trunc);
    if (!out_) return KJ_EXCEPTION(FAILED, "cannot create backup file");
    return kj::READY_NOW;
  }
  kj::Promise<void> write(WriteContext context) override {
    auto data = context.getParams().getData();
    out_.write(reinterpret_cast<const char*>(data.begin()), data.size());
    if (!out_) return KJ_EXCEPTION(FAILED, "cannot write backup file (disk full?)");
    return kj::READY_NOW;
  }
  kj::Promise<void> endFile(EndFileContext) override {
    out_.flush();
    bool ok = static_cast<bool>(out_);
    out_.close();
    if (!ok) return KJ_EXCEPTION(FAILED, "cannot finish backup file");
    return kj::READY_NOW;
  }

 private:
  fs::path dir_;
  std::ofstream out_;
};

class RemoteEngineImpl final : public RemoteEngine {
 public:
  RemoteEngineImpl(ParsedAddress address, ClientOptions options)
      : io_(std::move(address), std::move(options)), log_(io_) {
    log_.set_backup([this](const std::string& dir) { return Backup(dir).status(); });
  }
  ~RemoteEngineImpl() noexcept override = default;

  Status Start() {
    GL_RETURN_IF_ERROR(io_.Start());
    // Log in now, so that a refused credential or an unreachable server
    // is reported by Connect; and keep the catalogue (it never changes
    // while a server runs).
    auto categories = io_.Call<std::vector<ServiceCategory>>([](Session& s) {
      return s.catalogueRequest().send().then([](auto r) -> Result<std::vector<ServiceCategory>> {
        Status st = FromWire(r.getStatus());
        if (!st.ok()) return st;
        return ListFromWire<ServiceCategory>(r.getCategories());
      });
    });
    if (!categories.ok()) return categories.status();
    catalogue_ = std::move(categories).value();
    auto partition = io_.Call<std::string>([](Session& s) {
      return s.partitionRequest().send().then([](auto r) -> Result<std::string> {
        Status st = FromWire(r.getStatus());
        if (!st.ok()) return st;
        return std::string(r.getPartition().cStr());
      });
    });
    if (!partition.ok()) return partition.status();
    partition_ = std::move(partition).value();
    return Status::Ok();
  }

  EventLog& log() override { return log_; }

  Identity identity() const override {
    Identity out;
    // Cannot fail: it only reads the connection's identity on its thread.
    (void)io_.Call<Unit>([&](Session&) -> kj::Promise<Result<Unit>> {
      out = const_cast<Channel&>(io_).connection().identity();
      return Result<Unit>(Unit{});
    });
    return out;
  }

  Result<FiledReceipt> File(const Actor&, const FileCase& request,
                            const CommandOptions& options) override {
    return Retrying<FiledReceipt>(options, [&](Session& s, const EventId& id) {
      auto r = s.fileRequest();
      r.setRequestId(Txt(id.ToString()));
      ToWire(request, r.initRequest());
      return r.send().then([](auto resp) -> Result<FiledReceipt> {
        Status st = FromWire(resp.getStatus());
        if (!st.ok()) return st;
        return FromWire(resp.getReceipt());
      });
    });
  }

  Result<CaseView> Execute(const Actor&, const CaseCommand& command,
                           const CommandOptions& options) override {
    return Retrying<CaseView>(options, [&](Session& s, const EventId& id) {
      auto r = s.executeRequest();
      r.setRequestId(Txt(id.ToString()));
      ToWire(command, r.initCommand());
      return r.send().then([](auto resp) -> Result<CaseView> {
        Status st = FromWire(resp.getStatus());
        if (!st.ok()) return st;
        return FromWire(resp.getView());
      });
    });
  }

  Result<AppendResult> Record(const Actor&, const WorkCommand& command,
                              const CommandOptions& options) override {
    return Retrying<AppendResult>(options, [&](Session& s, const EventId& id) {
      auto r = s.recordRequest();
      r.setRequestId(Txt(id.ToString()));
      ToWire(command, r.initCommand());
      return r.send().then([](auto resp) -> Result<AppendResult> {
        Status st = FromWire(resp.getStatus());
        if (!st.ok()) return st;
        return FromWire(resp.getResult());
      });
    });
  }

  Result<CaseView> ResidentFeedback(const std::string& case_id, const std::string& query_code,
                                    uint8_t satisfaction, bool fixed,
                                    const std::string& comment) override {
    return io_.Call<CaseView>([&](Session& s) {
      auto r = s.residentFeedbackRequest();
      r.setCaseId(Txt(case_id));
      r.setQueryCode(Txt(query_code));
      r.setSatisfaction(satisfaction);
      r.setFixed(fixed);
      r.setComment(Txt(comment));
      return r.send().then([](auto resp) -> Result<CaseView> {
        Status st = FromWire(resp.getStatus());
        if (!st.ok()) return st;
        return FromWire(resp.getView());
      });
    });
  }

  Result<CaseView> ResidentFeedbackByPhone(const std::string& phone, const std::string& query_code,
                                           const std::string& case_id, uint8_t satisfaction,
                                           bool fixed, const std::string& comment) override {
    return io_.Call<CaseView>([&](Session& s) {
      auto r = s.residentFeedbackByPhoneRequest();
      r.setPhone(Txt(phone));
      r.setQueryCode(Txt(query_code));
      r.setCaseId(Txt(case_id));
      r.setSatisfaction(satisfaction);
      r.setFixed(fixed);
      r.setComment(Txt(comment));
      return r.send().then([](auto resp) -> Result<CaseView> {
        Status st = FromWire(resp.getStatus());
        if (!st.ok()) return st;
        return FromWire(resp.getView());
      });
    });
  }

  Result<LookupTries> CaseLookupTries(const std::string& case_id) override {
    return io_.Call<LookupTries>([&](Session& s) {
      auto r = s.caseLookupTriesRequest();
      r.setCaseId(Txt(case_id));
      return r.send().then([](auto resp) -> Result<LookupTries> {
        Status st = FromWire(resp.getStatus());
        if (!st.ok()) return st;
        return LookupTries{resp.getTries().getRemaining(),
                           FromMicros(resp.getTries().getLockedUntil())};
      });
    });
  }

  Result<LookupTries> PhoneLookupTries(const std::string& phone) override {
    return io_.Call<LookupTries>([&](Session& s) {
      auto r = s.phoneLookupTriesRequest();
      r.setPhone(Txt(phone));
      return r.send().then([](auto resp) -> Result<LookupTries> {
        Status st = FromWire(resp.getStatus());
        if (!st.ok()) return st;
        return LookupTries{resp.getTries().getRemaining(),
                           FromMicros(resp.getTries().getLockedUntil())};
      });
    });
  }

  Result<std::vector<ImportOutcome>> Import(const Actor&,
                                            const std::vector<ImportedCase>& requests) override {
    return io_.Call<std::vector<ImportOutcome>>([&](Session& s) {
      auto r = s.importRequest();
      auto list = r.initRequests(requests.size());
      for (size_t i = 0; i < requests.size(); ++i) {
        const ImportedCase& c = requests[i];
        auto b = list[i];
        ToWire(c.filing, b.initFiling());
        b.setSourceSystem(Txt(c.source_system));
        b.setClosed(c.closed);
        b.setClosedAt(ToMicros(c.closed_at));
        b.setClosedNote(Txt(c.closed_note));
        b.setOriginalStream(Txt(c.original_stream));
        b.setOriginalType(Txt(c.original_type));
        b.setOriginal(Txt(c.original));
      }
      return r.send().then([](auto resp) -> Result<std::vector<ImportOutcome>> {
        Status st = FromWire(resp.getStatus());
        if (!st.ok()) return st;
        std::vector<ImportOutcome> out;
        for (auto o : resp.getOutcomes())
          out.push_back({Str(o.getCaseId()), Str(o.getGridCode()), o.getAlreadyImported()});
        return out;
      });
    });
  }

  Result<CaseView> LookupCase(const std::string& case_id, const std::string& query_code) override {
    return io_.Call<CaseView>([&](Session& s) {
      auto r = s.lookupCaseRequest();
      r.setCaseId(Txt(case_id));
      r.setQueryCode(Txt(query_code));
      return r.send().then([](auto resp) -> Result<CaseView> {
        Status st = FromWire(resp.getStatus());
        if (!st.ok()) return st;
        return FromWire(resp.getView());
      });
    });
  }

  Result<std::vector<CaseView>> LookupByPhone(const std::string& phone,
                                              const std::string& query_code) override {
    return io_.Call<std::vector<CaseView>>([&](Session& s) {
      auto r = s.lookupByPhoneRequest();
      r.setPhone(Txt(phone));
      r.setQueryCode(Txt(query_code));
      return r.send().then([](auto resp) -> Result<std::vector<CaseView>> {
        Status st = FromWire(resp.getStatus());
        if (!st.ok()) return st;
        return ListFromWire<CaseView>(resp.getViews());
      });
    });
  }

  Result<CaseView> GetCase(const Actor&, const std::string& case_id) override {
    return io_.Call<CaseView>([&](Session& s) {
      auto r = s.getCaseRequest();
      r.setCaseId(Txt(case_id));
      return r.send().then([](auto resp) -> Result<CaseView> {
        Status st = FromWire(resp.getStatus());
        if (!st.ok()) return st;
        return FromWire(resp.getView());
      });
    });
  }

  Result<std::vector<QueueItem>> WorkQueue(const Actor&, const std::string& scope) override {
    return io_.Call<std::vector<QueueItem>>([&](Session& s) {
      auto r = s.workQueueRequest();
      r.setScope(Txt(scope));
      return r.send().then([](auto resp) -> Result<std::vector<QueueItem>> {
        Status st = FromWire(resp.getStatus());
        if (!st.ok()) return st;
        return ListFromWire<QueueItem>(resp.getItems());
      });
    });
  }

  Result<std::vector<LedgerEntry>> Ledger(const Actor&, const std::string& scope, Timestamp from,
                                          Timestamp to) override {
    return io_.Call<std::vector<LedgerEntry>>([&](Session& s) {
      auto r = s.ledgerRequest();
      r.setScope(Txt(scope));
      r.setFrom(ToMicros(from));
      r.setTo(ToMicros(to));
      return r.send().then([](auto resp) -> Result<std::vector<LedgerEntry>> {
        Status st = FromWire(resp.getStatus());
        if (!st.ok()) return st;
        return ListFromWire<LedgerEntry>(resp.getEntries());
      });
    });
  }

  Result<Statistics> Stats(const Actor&, const std::string& scope, Timestamp from,
                           Timestamp to) override {
    return io_.Call<Statistics>([&](Session& s) {
      auto r = s.statsRequest();
      r.setScope(Txt(scope));
      r.setFrom(ToMicros(from));
      r.setTo(ToMicros(to));
      return r.send().then([](auto resp) -> Result<Statistics> {
        Status st = FromWire(resp.getStatus());
        if (!st.ok()) return st;
        return FromWire(resp.getStats());
      });
    });
  }

  Result<std::vector<QueueItem>> DeadlinesBefore(Timestamp until) override {
    return io_.Call<std::vector<QueueItem>>([&](Session& s) {
      auto r = s.deadlinesBeforeRequest();
      r.setUntil(ToMicros(until));
      return r.send().then([](auto resp) -> Result<std::vector<QueueItem>> {
        Status st = FromWire(resp.getStatus());
        if (!st.ok()) return st;
        return ListFromWire<QueueItem>(resp.getItems());
      });
    });
  }

  // Registry reads have no error channel in Engine: an unreachable server
  // reads as an empty registry.
  std::vector<GridInfo> Grids() const override {
    auto r = io_.Call<std::vector<GridInfo>>([&](Session& s) {
      return s.gridsRequest().send().then([](auto resp) -> Result<std::vector<GridInfo>> {
        Status st = FromWire(resp.getStatus());
        if (!st.ok()) return st;
        return ListFromWire<GridInfo>(resp.getGrids());
      });
    });
    return r.ok() ? *r : std::vector<GridInfo>{};
  }

  std::vector<PlaceInfo> Places(const std::string& grid_code) const override {
    auto r = io_.Call<std::vector<PlaceInfo>>([&](Session& s) {
      auto req = s.placesRequest();
      req.setGridCode(Txt(grid_code));
      return req.send().then([](auto resp) -> Result<std::vector<PlaceInfo>> {
        Status st = FromWire(resp.getStatus());
        if (!st.ok()) return st;
        return ListFromWire<PlaceInfo>(resp.getPlaces());
      });
    });
    return r.ok() ? *r : std::vector<PlaceInfo>{};
  }

  std::vector<WorkerInfo> Workers(const std::string& grid_code) const override {
    auto r = io_.Call<std::vector<WorkerInfo>>([&](Session& s) {
      auto req = s.workersRequest();
      req.setGridCode(Txt(grid_code));
      return req.send().then([](auto resp) -> Result<std::vector<WorkerInfo>> {
        Status st = FromWire(resp.getStatus());
        if (!st.ok()) return st;
        return ListFromWire<WorkerInfo>(resp.getWorkers());
      });
    });
    return r.ok() ? *r : std::vector<WorkerInfo>{};
  }

  const std::vector<ServiceCategory>& Catalogue() const override { return catalogue_; }
  std::string Partition() const override { return partition_; }

  Result<uint64_t> RunDeadlineScan() override {
    return io_.Call<uint64_t>([&](Session& s) {
      return s.runDeadlineScanRequest().send().then([](auto resp) -> Result<uint64_t> {
        Status st = FromWire(resp.getStatus());
        if (!st.ok()) return st;
        return resp.getEvents();
      });
    });
  }

  Result<uint64_t> ErasePerson(const std::string& phone) override {
    return io_.Call<uint64_t>([&](Session& s) {
      auto r = s.erasePersonRequest();
      r.setPhone(Txt(phone));
      return r.send().then([](auto resp) -> Result<uint64_t> {
        Status st = FromWire(resp.getStatus());
        if (!st.ok()) return st;
        return resp.getCases();
      });
    });
  }

  Status Rebuild() override {
    // A rebuild takes as long as the log is long (minutes for tens of
    // millions of events): the call timeout, meant for one command, would
    // cut it short, so it waits up to a day, as a local rebuild would.
    auto r = io_.Call<uint64_t>(
        [](Session& s) {
          return s.rebuildRequest().send().then([](auto resp) -> Result<uint64_t> {
            Status st = FromWire(resp.getStatus());
            if (!st.ok()) return st;
            return resp.getEvents();
          });
        },
        std::chrono::hours(24));
    return r.status();
  }

  // The server's, but for apply_seconds (in-process only); all zero when
  // the call fails (Metrics answers no Status) or the credential is not an
  // operator's.
  EngineMetrics Metrics() const override {
    auto r = io_.Call<EngineMetrics>([](Session& s) {
      return s.metricsRequest().send().then([](auto resp) -> Result<EngineMetrics> {
        Status st = FromWire(resp.getStatus());
        if (!st.ok()) return st;
        return FromWire(resp.getMetrics());
      });
    });
    return r.ok() ? *r : EngineMetrics{};
  }

  std::string DumpReadModels() const override {
    auto r = io_.Call<std::string>([&](Session& s) {
      return s.dumpReadModelsRequest().send().then([](auto resp) -> Result<std::string> {
        Status st = FromWire(resp.getStatus());
        if (!st.ok()) return st;
        return Str(resp.getDump());
      });
    });
    return r.ok() ? *r : std::string();
  }

  Result<IssuedCredential> IssueCredential(IdentityKind kind, const std::string& subject,
                                           const std::string& note) override {
    return io_.Call<IssuedCredential>([&](Session& s) {
      auto r = s.issueCredentialRequest();
      r.setKind(ToSchema(kind));
      r.setSubject(Txt(subject));
      r.setNote(Txt(note));
      return r.send().then([kind, subject, note](auto resp) -> Result<IssuedCredential> {
        Status st = FromWire(resp.getStatus());
        if (!st.ok()) return st;
        IssuedCredential c;
        c.info.credential_id = Str(resp.getCredentialId());
        c.info.kind = kind;
        c.info.subject = subject;
        c.info.note = note;
        c.token = Str(resp.getSecret());
        return c;
      });
    });
  }

  Status RevokeCredential(const std::string& credential_id, const std::string& reason) override {
    return io_
        .Call<Unit>([&](Session& s) {
          auto r = s.revokeCredentialRequest();
          r.setCredentialId(Txt(credential_id));
          r.setReason(Txt(reason));
          return r.send().then([](auto resp) -> Result<Unit> {
            Status st = FromWire(resp.getStatus());
            if (!st.ok()) return st;
            return Unit{};
          });
        })
        .status();
  }

  Result<std::vector<CredentialInfo>> ListCredentials() override {
    return io_.Call<std::vector<CredentialInfo>>([&](Session& s) {
      return s.listCredentialsRequest().send().then(
          [](auto resp) -> Result<std::vector<CredentialInfo>> {
            Status st = FromWire(resp.getStatus());
            if (!st.ok()) return st;
            std::vector<CredentialInfo> out;
            for (auto c : resp.getCredentials()) {
              CredentialInfo i;
              i.credential_id = Str(c.getCredentialId());
              i.kind = FromSchema(c.getKind());
              i.subject = Str(c.getSubject());
              i.note = Str(c.getNote());
              i.issued_at = FromMicros(c.getIssuedAt());
              i.issued_by = Str(c.getIssuedBy());
              i.revoked = c.getRevoked();
              i.revoked_at = FromMicros(c.getRevokedAt());
              i.revoked_by = Str(c.getRevokedBy());
              i.reason = Str(c.getReason());
              out.push_back(std::move(i));
            }
            return out;
          });
    });
  }

  Result<BackupSummary> Backup(const std::string& dir) override {
    std::error_code ec;
    if (fs::exists(dir, ec)) return Status::InvalidArgument(dir + " already exists");
    if (!fs::create_directories(dir, ec))
      return Status::IOError("cannot create " + dir + ": " + ec.message());
    auto r = io_.Call<BackupSummary>([&](Session& s) {
      auto req = s.backupRequest();
      req.setSink(kj::heap<BackupSinkImpl>(dir));
      return req.send().then([](auto resp) -> Result<BackupSummary> {
        Status st = FromWire(resp.getStatus());
        if (!st.ok()) return st;
        return BackupSummary{resp.getFiles(), resp.getBytes()};
      });
    });
    if (!r.ok()) fs::remove_all(dir, ec);
    return r;
  }

 private:
  struct Unit {};

  // Commands carry a request id; a transport failure is retried once with
  // the same id after reconnecting (the server answers a retry with the
  // original outcome).
  template <typename T>
  Result<T> Retrying(const CommandOptions& options,
                     const std::function<kj::Promise<Result<T>>(Session&, const EventId&)>& send) {
    EventId id = options.request_id.empty() ? EventId::Generate() : options.request_id;
    auto once = [&] { return io_.Call<T>([&](Session& s) { return send(s, id); }); };
    Result<T> r = once();
    if (!r.ok() && r.status().code() == StatusCode::kUnavailable) {
      std::this_thread::sleep_for(io_.options().reconnect_min);
      r = once();
    }
    return r;
  }

  mutable Channel io_;
  RemoteEventLog log_;
  std::vector<ServiceCategory> catalogue_;
  std::string partition_;  // the server's store's; never changes while it runs
};

}  // namespace

Result<std::shared_ptr<ClientLoop>> ClientLoop::Start() {
  std::shared_ptr<ClientLoop> loop(new ClientLoop());
  std::promise<Status> ready;
  auto started = ready.get_future();
  loop->thread_ = std::thread([raw = loop.get(), &ready] {
    NameThisThread("gl-client-io");
    raw->Loop(ready);
  });
  Status s = started.get();
  if (!s.ok()) {
    loop->thread_.join();
    return s;
  }
  return loop;
}

ClientLoop::~ClientLoop() noexcept {
  if (!thread_.joinable()) return;
  Post([this] {
    KJ_IF_MAYBE (f, stop_) (*f)->fulfill();
  });
  thread_.join();
}

void ClientLoop::Post(std::function<void()> fn) {
  kj::Own<kj::CrossThreadPromiseFulfiller<void>> wake;
  {
    std::lock_guard lock(inbox_mu_);
    inbox_.push_back(std::move(fn));
    wake = kj::mv(wake_);  // null while the loop is busy: it looks again before it waits
  }
  if (wake.get() != nullptr) wake->fulfill();
}

kj::Promise<void> ClientLoop::Drain() {
  std::vector<std::function<void()>> batch;
  {
    std::lock_guard lock(inbox_mu_);
    batch.swap(inbox_);
    if (batch.empty()) {
      auto paf = kj::newPromiseAndCrossThreadFulfiller<void>();
      wake_ = kj::mv(paf.fulfiller);
      return paf.promise.then([this] { return Drain(); });
    }
  }
  for (auto& fn : batch) {
    try {
      fn();
    } catch (const kj::Exception&) {
    }
  }
  // Let the connections' own events run before looking again.
  return kj::evalLater([this] { return Drain(); });
}

void ClientLoop::Loop(std::promise<Status>& ready) {
  try {
    auto io = kj::setupAsyncIo();
    io_ = &io;
    executor_ = kj::getCurrentThreadExecutor().addRef();
    auto stop = kj::newPromiseAndFulfiller<void>();
    stop_ = kj::mv(stop.fulfiller);
    auto draining = Drain().eagerlyEvaluate(nullptr);
    ready.set_value(Status::Ok());
    stop.promise.wait(io.waitScope);
    draining = nullptr;
    {
      std::lock_guard lock(inbox_mu_);
      wake_ = nullptr;
    }
    stop_ = nullptr;
    io_ = nullptr;
  } catch (const kj::Exception& e) {
    ready.set_value(Status::Internal(e.getDescription().cStr()));
  }
}

Channel::Channel(ParsedAddress address, ClientOptions options)
    : address_(std::move(address)), options_(std::move(options)) {}

Channel::~Channel() noexcept {
  if (!loop_) return;
  if (connection_ || tasks_) {
    try {
      // Tasks first: they hold references to the connection.
      loop_->executor().executeSync([this] {
        tasks_ = nullptr;
        connection_ = nullptr;
      });
    } catch (const kj::Exception&) {
    }
    loop_->Detached();
  }
  loop_.reset();  // the last holder stops the thread, here, off the loop
}

Status Channel::Start() {
  if (options_.runtime) {
    loop_ = std::dynamic_pointer_cast<ClientLoop>(options_.runtime);
    if (!loop_)
      return Status::InvalidArgument("ClientOptions::runtime is not one ClientRuntime::Start made");
    options_.runtime = nullptr;
  } else {
    GL_ASSIGN_OR_RETURN(loop_, ClientLoop::Start());
  }
  static ErrorSink errors;
  Status s;
  try {
    s = loop_->executor().executeSync([this]() -> Status {
      auto connection = kj::heap<ClientConnection>(loop_->io(), address_, options_);
      Status init = connection->Init();
      if (!init.ok()) return init;
      connection_ = kj::mv(connection);
      tasks_ = kj::heap<kj::TaskSet>(errors);
      return Status::Ok();
    });
  } catch (const kj::Exception& e) {
    s = Status::Internal(std::string("client I/O thread: ") + e.getDescription().cStr());
  }
  if (s.ok()) loop_->Attached();
  return s;
}

void Channel::Post(std::function<void(ClientConnection&, kj::TaskSet&)> fn) {
  try {
    loop_->executor().executeSync([this, &fn] { fn(*connection_, *tasks_); });
  } catch (const kj::Exception&) {
  }
}

}  // namespace gridledger::rpc

namespace gridledger {

Result<std::shared_ptr<ClientRuntime>> ClientRuntime::Start() {
  GL_ASSIGN_OR_RETURN(auto loop, rpc::ClientLoop::Start());
  return std::shared_ptr<ClientRuntime>(std::move(loop));
}

Result<std::unique_ptr<RemoteEngine>> Connect(const std::string& address,
                                              const ClientOptions& options) {
  GL_ASSIGN_OR_RETURN(auto parsed, rpc::ParseAddress(address));
  auto engine = std::make_unique<rpc::RemoteEngineImpl>(std::move(parsed), options);
  GL_RETURN_IF_ERROR(engine->Start());
  return std::unique_ptr<RemoteEngine>(std::move(engine));
}

}  // namespace gridledger
