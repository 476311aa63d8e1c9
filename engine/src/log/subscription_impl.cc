// Catch-up subscriptions: one thread per subscription reads the log in
// batches up to the committed watermark, then waits for it to move.

#include <atomic>
#include <set>
#include <thread>

#include "log/event_log_impl.h"

namespace gridledger {

namespace {

class SubscriptionImpl final : public Subscription {
 public:
  SubscriptionImpl(EventLogImpl* log, SubscriptionOptions options, SubscriptionHandler handler,
                   Position start)
      : log_(log),
        options_(std::move(options)),
        handler_(std::move(handler)),
        next_(start),
        last_handled_(Position{start.value - 1}) {
    thread_ = std::thread([this] { Run(); });
  }

  ~SubscriptionImpl() override { Stop(); }

  void Stop() override {
    {
      std::lock_guard lock(mu_);
      if (stop_) {
        if (thread_.joinable()) thread_.join();
        return;
      }
      stop_ = true;
    }
    if (thread_.joinable()) thread_.join();
    SaveCheckpoint();
  }

  Position LastHandled() const override {
    std::lock_guard lock(mu_);
    return last_handled_;
  }

  bool WaitUntilHandled(Position p, std::chrono::milliseconds timeout) const override {
    std::unique_lock lock(mu_);
    // Registering the target lets the delivery loop wake waiters only when
    // one of them is satisfied, not after every event.
    auto target = wait_targets_.insert(p.value);
    bool reached = cv_.wait_for(lock, timeout, [&] {
      return last_handled_ >= p || !status_.ok();
    }) && last_handled_ >= p;
    wait_targets_.erase(target);
    return reached;
  }

  Status status() const override {
    std::lock_guard lock(mu_);
    return status_;
  }

 private:
  bool Stopping() const { return stop_.load(std::memory_order_acquire); }

  void Fail(Status s) {
    std::lock_guard lock(mu_);
    status_ = std::move(s);
    cv_.notify_all();
  }

  void SaveCheckpoint() {
    if (options_.checkpoint_name.empty()) return;
    Position p = LastHandled();
    if (p == saved_) return;
    if (log_->SaveCheckpoint(options_.checkpoint_name, p).ok()) saved_ = p;
  }

  void Run() {
    uint64_t since_checkpoint = 0;
    while (!Stopping()) {
      Position committed = log_->Committed();
      if (next_ > committed) {
        log_->WaitForCommitted(next_, std::chrono::milliseconds(50));
        continue;
      }
      Position to{std::min(committed.value, next_.value + options_.read_batch - 1)};
      Status s = log_->ScanAll(next_, to, [&](const RecordedEvent& e) {
        if (Stopping()) return Status::Unavailable("stopping");
        Status h = handler_(e);
        if (!h.ok()) return h;
        bool wake = false;
        {
          std::lock_guard lock(mu_);
          last_handled_ = e.position;
          wake = !wait_targets_.empty() && e.position.value >= *wait_targets_.begin();
        }
        if (wake) cv_.notify_all();
        next_ = Position{e.position.value + 1};
        if (++since_checkpoint >= options_.checkpoint_every) {
          SaveCheckpoint();
          since_checkpoint = 0;
        }
        return Status::Ok();
      });
      if (!s.ok()) {
        if (Stopping()) break;
        Fail(s);
        return;
      }
    }
  }

  EventLogImpl* log_;
  SubscriptionOptions options_;
  SubscriptionHandler handler_;
  Position next_;
  Position saved_;
  mutable std::mutex mu_;
  mutable std::condition_variable cv_;
  std::atomic<bool> stop_{false};  // written under mu_, read without it
  Position last_handled_;
  // Positions that WaitUntilHandled callers are waiting for.
  mutable std::multiset<uint64_t> wait_targets_;
  Status status_;
  std::thread thread_;
};

}  // namespace

Result<std::unique_ptr<Subscription>> EventLogImpl::Subscribe(SubscriptionOptions options,
                                                              SubscriptionHandler handler) {
  if (!handler) return Status::InvalidArgument("subscription without a handler");
  if (options.read_batch == 0) options.read_batch = 1;
  if (options.checkpoint_every == 0) options.checkpoint_every = 1;
  Position start = options.start.value == 0 ? Position{1} : options.start;
  if (!options.checkpoint_name.empty()) {
    auto cp = LoadCheckpoint(options.checkpoint_name);
    if (!cp.ok()) return cp.error();
    if (cp->value > 0) start = Position{cp->value + 1};
  }
  return std::unique_ptr<Subscription>(
      new SubscriptionImpl(this, std::move(options), std::move(handler), start));
}

}  // namespace gridledger
