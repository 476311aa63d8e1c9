// Catch-up subscriptions: one thread per subscription reads the log in
// batches up to the committed watermark, then waits for it to move.

#include <set>
#include <stop_token>
#include <thread>

#include "common/thread_name.h"
#include "log/event_log_impl.h"

namespace gridledger {

namespace {

// A filtered subscription's batches look at this many times read_batch
// events (fewer cursors per skipped event).
constexpr uint64_t kFilteredBatchFactor = 16;

// A caught-up subscription waits this long for the next commit before it
// looks again. Commits and Stop() both wake it sooner.
constexpr std::chrono::seconds kIdleWait{1};

class SubscriptionImpl final : public Subscription {
 public:
  // Exactly one of `handler` and `view_handler` is set.
  SubscriptionImpl(EventLog* log, SubscriptionOptions options, SubscriptionHandler handler,
                   SubscriptionViewHandler view_handler, Position start)
      : log_(log),
        options_(std::move(options)),
        handler_(std::move(handler)),
        view_handler_(std::move(view_handler)),
        next_(start),
        last_handled_(Position{start.value - 1}),
        processed_(Position{start.value - 1}),
        counted_(start.value - 1) {
    thread_ = std::thread([this] {
      NameThisThread("gl-subscriber");
      Run();
    });
  }

  ~SubscriptionImpl() override { Stop(); }

  void Stop() override {
    {
      std::lock_guard lock(mu_);
      // Wakes the thread's wait for the next commit.
      if (!stop_.request_stop()) {
        if (thread_.joinable()) thread_.join();
        return;
      }
    }
    if (thread_.joinable()) thread_.join();
    SaveCheckpoint();
  }

  Position LastHandled() const override {
    std::lock_guard lock(mu_);
    return last_handled_;
  }

  Position Processed() const override {
    std::lock_guard lock(mu_);
    return processed_;
  }

  bool WaitUntilHandled(Position p, std::chrono::milliseconds timeout) const override {
    std::unique_lock lock(mu_);
    // Registering the target lets the delivery loop wake waiters only when
    // one of them is satisfied, not after every event.
    auto target = wait_targets_.insert(p.value);
    bool reached = cv_.wait_for(lock, timeout, [&] { return processed_ >= p || !status_.ok(); }) &&
                   processed_ >= p;
    wait_targets_.erase(target);
    return reached;
  }

  Status status() const override {
    std::lock_guard lock(mu_);
    return status_;
  }

 private:
  bool Stopping() const { return stop_.stop_requested(); }

  void Fail(Status s) {
    std::lock_guard lock(mu_);
    status_ = std::move(s);
    cv_.notify_all();
  }

  void SaveCheckpoint() {
    if (options_.checkpoint_name.empty()) return;
    Position p = Processed();
    if (p == saved_) return;
    if (log_->SaveCheckpoint(options_.checkpoint_name, p).ok()) saved_ = p;
  }

  // Every event up to `p` was looked at (and handled when it matched).
  void Advance(Position p, bool handled) {
    bool wake = false;
    {
      std::lock_guard lock(mu_);
      if (handled) last_handled_ = p;
      processed_ = p;
      wake = !wait_targets_.empty() && p.value >= *wait_targets_.begin();
    }
    if (wake) cv_.notify_all();
    next_ = Position{p.value + 1};
    since_checkpoint_ += p.value - counted_;
    counted_ = p.value;
    if (since_checkpoint_ >= options_.checkpoint_every) {
      SaveCheckpoint();
      if (options_.on_checkpoint) options_.on_checkpoint(p);
      reported_ = p;
      since_checkpoint_ = 0;
    }
  }

  void Run() {
    while (!Stopping()) {
      Position committed = log_->Committed();
      if (next_ > committed) {
        // Caught up: tell a checkpointing subscriber how far it has looked.
        if (options_.on_checkpoint && reported_ != processed_) {
          options_.on_checkpoint(processed_);
          reported_ = processed_;
        }
        log_->WaitForCommitted(next_, kIdleWait, stop_.get_token());
        continue;
      }
      // A filtered batch looks at more events: most are skipped unread.
      const uint64_t batch = options_.filter.empty() ? options_.read_batch
                                                     : options_.read_batch * kFilteredBatchFactor;
      Position to{std::min(committed.value, next_.value + batch - 1)};
      Status s = view_handler_ ? DeliverViews(to) : Deliver(to);
      if (!s.ok()) {
        if (Stopping()) break;
        Fail(s);
        return;
      }
      if (processed_ < to) Advance(to, /*handled=*/false);  // skipped events
    }
  }

  // Delivers decoded events from next_ up to `to`.
  Status Deliver(Position to) {
    auto deliver = [&](const RecordedEvent& e) {
      if (Stopping()) return Status::Unavailable("stopping");
      Status h = handler_(e);
      if (!h.ok()) return h;
      Advance(e.position, /*handled=*/true);
      return Status::Ok();
    };
    return options_.filter.empty()
               ? log_->ScanAll(next_, to, deliver)
               : log_->ScanFiltered(next_, to, options_.filter, deliver, nullptr);
  }

  // Delivers envelopes in place from next_ up to `to`.
  Status DeliverViews(Position to) {
    const EventFilter& filter = options_.filter;
    return log_->ScanViews(next_, to, [&](const EventView& v) {
      if (Stopping()) return Status::Unavailable("stopping");
      if (!filter.empty() && !filter.MatchesFields(v.type, v.stream, v.grid_code))
        return Status::Ok();
      Status h = view_handler_(v);
      if (!h.ok()) return h;
      Advance(v.position, /*handled=*/true);
      return Status::Ok();
    });
  }

  EventLog* log_;
  SubscriptionOptions options_;
  SubscriptionHandler handler_;
  SubscriptionViewHandler view_handler_;
  Position next_;
  Position saved_;
  mutable std::mutex mu_;
  mutable std::condition_variable cv_;
  std::stop_source stop_;  // requested under mu_, read without it
  Position last_handled_;
  Position processed_;
  // Checkpoint bookkeeping (the subscription's thread only).
  uint64_t counted_ = 0;           // last position counted towards checkpoint_every
  uint64_t since_checkpoint_ = 0;  // looked-at events since the last checkpoint
  Position reported_;              // last position given to on_checkpoint
  // Positions that WaitUntilHandled callers are waiting for.
  mutable std::multiset<uint64_t> wait_targets_;
  Status status_;
  std::thread thread_;
};

// The checks and the starting position common to both kinds.
Result<Position> PrepareSubscription(const EventLog& log, SubscriptionOptions& options) {
  GL_RETURN_IF_ERROR(options.filter.Validate());
  if (options.read_batch == 0) options.read_batch = 1;
  if (options.checkpoint_every == 0) options.checkpoint_every = 1;
  Position start = options.start.value == 0 ? Position{1} : options.start;
  if (!options.checkpoint_name.empty()) {
    auto cp = log.LoadCheckpoint(options.checkpoint_name);
    if (!cp.ok()) return cp.error();
    if (cp->value > 0) start = Position{cp->value + 1};
  }
  return start;
}

}  // namespace

Result<std::unique_ptr<Subscription>> EventLogImpl::Subscribe(SubscriptionOptions options,
                                                              SubscriptionHandler handler) {
  if (!handler) return Status::InvalidArgument("subscription without a handler");
  GL_ASSIGN_OR_RETURN(Position start, PrepareSubscription(*this, options));
  return std::unique_ptr<Subscription>(
      new SubscriptionImpl(this, std::move(options), std::move(handler), {}, start));
}

Result<std::unique_ptr<Subscription>> EventLog::SubscribeViews(SubscriptionOptions options,
                                                               SubscriptionViewHandler handler) {
  if (!handler) return Status::InvalidArgument("subscription without a handler");
  GL_ASSIGN_OR_RETURN(Position start, PrepareSubscription(*this, options));
  return std::unique_ptr<Subscription>(
      new SubscriptionImpl(this, std::move(options), {}, std::move(handler), start));
}

}  // namespace gridledger
