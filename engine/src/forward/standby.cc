// Standby: follows a StandbySource into a log in standby mode and promotes
// it to primary when the lease names this node (gridledger/standby.h).
//
// Two threads. The follow thread runs StandbySource::Follow from
// Committed() + 1 (everything it needs to resume is the log's own
// watermark), backs off after failures, and performs the promotion. The
// watch thread reads the source's last position (for the lag) and asks
// Claim() whether this node holds the lease; when it does it records when
// the old holder's writes end for sure, asks the follow thread to promote
// (which ends the Follow call in flight) and stops, leaving the source's
// Last to the follow thread.

#include "gridledger/standby.h"

#include <algorithm>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "common/thread_name.h"
#include "gridledger/replica.h"

namespace gridledger {
namespace {

class StandbyImpl final : public Standby {
 public:
  StandbyImpl(EventLog& log, std::unique_ptr<StandbySource> source,
              std::function<std::unique_ptr<ForwardSink>()> make_sink, StandbyOptions options,
              ForwarderOptions forwarding)
      : log_(log),
        source_(std::move(source)),
        make_sink_(std::move(make_sink)),
        options_(std::move(options)),
        forwarding_(forwarding) {
    status_.source = source_->Describe();
    backoff_ = options_.backoff_initial;
    follow_ = std::thread([this] {
      NameThisThread("gl-standby");
      Run();
    });
    watch_ = std::thread([this] {
      NameThisThread("gl-standby-watch");
      Watch();
    });
  }

  ~StandbyImpl() override { Stop(); }

  void Stop() override {
    {
      std::lock_guard lock(mu_);
      stop_ = true;
    }
    cv_.notify_all();
    if (follow_.joinable()) follow_.join();
    if (watch_.joinable()) watch_.join();
    std::unique_ptr<Forwarder> forwarder;
    {
      std::lock_guard lock(mu_);
      forwarder = std::move(forwarder_);
    }
    forwarder.reset();  // stops and joins
  }

  StandbyStatus status() const override {
    std::lock_guard lock(mu_);
    StandbyStatus s = status_;
    s.applied = log_.Committed();
    if (forwarder_) s.forwarding = forwarder_->status();
    return s;
  }

  bool WaitPromoted(std::chrono::milliseconds timeout) const override {
    std::unique_lock lock(mu_);
    return cv_.wait_for(lock, timeout, [&] { return status_.promoted || status_.failed; }) &&
           status_.promoted;
  }

 private:
  bool Stopping() const {
    std::lock_guard lock(mu_);
    return stop_ || status_.failed;
  }
  bool PromoteAsked() const {
    std::lock_guard lock(mu_);
    return promote_;
  }

  // Records a failure and waits out the backoff (or until stopped).
  void Fail(const Status& s) {
    std::unique_lock lock(mu_);
    following_ = false;
    status_.connected = false;
    status_.failures++;
    status_.last_error = s.ToString();
    cv_.wait_for(lock, backoff_, [&] { return stop_; });
    backoff_ = std::min(backoff_ * 2, options_.backoff_max);
  }

  void GiveUp(const Status& s) {
    std::lock_guard lock(mu_);
    status_.connected = false;
    status_.failed = true;
    status_.failures++;
    status_.last_error = s.ToString();
    cv_.notify_all();
  }

  // One Follow call from the log's watermark until `done` (or stop).
  // False when following ended for good (GiveUp already called).
  bool FollowOnce(const std::function<bool()>& done) {
    {
      std::lock_guard lock(mu_);
      following_ = true;
    }
    Status delivery;
    Status s = source_->Follow(
        Position{log_.Committed().value + 1},
        [&](std::vector<StoredEvent> batch) {
          const size_t n = batch.size();
          delivery = AppendStoredEvents(log_, std::move(batch));
          if (!delivery.ok()) return delivery;
          std::lock_guard lock(mu_);
          status_.connected = true;
          status_.events_applied += n;
          status_.source_last = std::max(status_.source_last, log_.Committed());
          backoff_ = options_.backoff_initial;
          return Status::Ok();
        },
        done);
    if (s.ok()) return true;
    // The copy does not continue this log (another partition's stream, a
    // diverged log), or the log was fenced: following cannot go on.
    if (s.IsCorruption() || s.code() == StatusCode::kPermissionDenied) {
      GiveUp(
          Status(s.code(), status_.source + " cannot be followed into this log: " + s.message()));
      return false;
    }
    Fail(s);  // unreachable, not there yet, a conflict: resume from the watermark
    return true;
  }

  void Run() {
    while (!Stopping()) {
      if (PromoteAsked()) {
        Promote();
        return;
      }
      if (!FollowOnce([this] { return Stopping() || PromoteAsked(); })) return;
    }
  }

  void Promote() {
    std::chrono::steady_clock::time_point others_done;
    {
      std::lock_guard lock(mu_);
      status_.promoting = true;
      others_done = others_done_;
    }
    // Everything the stream holds first, until it stops growing: the old
    // primary acknowledges and publishes nothing more once its write lease
    // has lapsed (others_done), and what it sent just before lands within
    // promote_settle.
    std::optional<Position> seen;
    auto unchanged_since = std::chrono::steady_clock::now();
    while (!Stopping()) {
      auto last = source_->Last();
      if (!last.ok()) {
        Fail(last.error());
        continue;
      }
      {
        std::lock_guard lock(mu_);
        status_.source_last = *last;
      }
      if (seen != *last) {
        seen = *last;
        unchanged_since = std::chrono::steady_clock::now();
      }
      if (log_.Committed() < *last) {
        const Position target = *last;
        if (!FollowOnce([&] { return Stopping() || log_.Committed() >= target; })) return;
        continue;
      }
      const auto now = std::chrono::steady_clock::now();
      if (now >= others_done && now - unchanged_since >= options_.promote_settle) break;
      std::unique_lock lock(mu_);
      cv_.wait_for(lock,
                   std::min(options_.promote_settle / 4 + std::chrono::milliseconds(1),
                            options_.watch_every),
                   [&] { return stop_; });
    }
    if (Stopping()) return;
    std::unique_ptr<ForwardSink> sink = make_sink_();
    if (!sink) {
      GiveUp(Status::InvalidArgument("promotion: the forwarding sink could not be made"));
      return;
    }
    Forwarder* forwarder = nullptr;
    {
      std::lock_guard lock(mu_);
      forwarder_ = Forwarder::Start(log_, std::move(sink), forwarding_);
      forwarder = forwarder_.get();
    }
    // Writes are taken only once the destination is known to end where
    // this log ends, under this node's lease.
    const Position at = log_.Committed();
    const auto deadline = std::chrono::steady_clock::now() + options_.promote_timeout;
    bool reported = false;
    while (!forwarder->WaitForwarded(at, std::chrono::milliseconds(250))) {
      ForwarderStatus fs = forwarder->status();
      if (fs.failed) {
        GiveUp(Status::Unavailable("promotion stopped, writes stay refused: " + fs.last_error));
        return;
      }
      if (std::chrono::steady_clock::now() >= deadline && !reported) {
        // Reported, not given up: writes are taken the moment the
        // destination confirms (no other node can, the lease is this one's).
        std::lock_guard lock(mu_);
        status_.failures++;
        status_.last_error = "promotion waiting, writes still refused: " + fs.destination +
                             " has not confirmed position " + std::to_string(at.value) + " for " +
                             std::to_string(options_.promote_timeout.count()) + " ms" +
                             (fs.last_error.empty() ? "" : " (" + fs.last_error + ")");
        reported = true;
      }
      if (Stopping()) return;
    }
    Status lifted = LiftLogStandby(log_);
    if (!lifted.ok()) {
      GiveUp(lifted);
      return;
    }
    std::lock_guard lock(mu_);
    status_.promoted = true;
    status_.connected = false;
    cv_.notify_all();
  }

  // Until promotion is asked: the source's last position and the claim.
  // (From then on the follow thread reads Last itself, and the source's
  // watch connection is left to it.)
  void Watch() {
    std::unique_lock lock(mu_);
    while (!stop_ && !status_.failed && !promote_) {
      lock.unlock();
      auto last = source_->Last();
      auto claim = source_->Claim();
      const auto answered_at = std::chrono::steady_clock::now();
      lock.lock();
      if (last.ok()) {
        status_.source_last = *last;
        // The copy answers and a Follow call is under way: following
        // works even while nothing new arrives.
        if (following_) status_.connected = true;
      } else {
        status_.last_error = last.error().ToString();
      }
      if (!claim.ok()) {
        status_.last_error = claim.error().ToString();
      } else if (claim->ours) {
        // Counted from the answer, which came after whatever gave this
        // node the lease.
        others_done_ = answered_at + claim->others_may_write_for;
        promote_ = true;
        cv_.notify_all();
        return;
      }
      cv_.wait_for(lock, options_.watch_every, [&] { return stop_; });
    }
  }

  EventLog& log_;
  std::unique_ptr<StandbySource> source_;
  std::function<std::unique_ptr<ForwardSink>()> make_sink_;
  StandbyOptions options_;
  ForwarderOptions forwarding_;
  mutable std::mutex mu_;
  mutable std::condition_variable cv_;
  bool stop_ = false;
  bool promote_ = false;
  // A Follow call is under way (from its start to the next failure).
  bool following_ = false;
  // When the old primary's write lease has lapsed for sure (set with
  // promote_).
  std::chrono::steady_clock::time_point others_done_{};
  StandbyStatus status_;
  std::chrono::milliseconds backoff_;
  std::unique_ptr<Forwarder> forwarder_;
  std::thread follow_, watch_;
};

}  // namespace

Result<std::unique_ptr<Standby>> Standby::Start(
    EventLog& log, std::unique_ptr<StandbySource> source,
    std::function<std::unique_ptr<ForwardSink>()> make_sink, StandbyOptions options,
    ForwarderOptions forwarding) {
  if (!source) return Status::InvalidArgument("a standby needs a source to follow");
  if (!make_sink) return Status::InvalidArgument("a standby needs a sink to forward to");
  if (options.refusal.empty())
    return Status::InvalidArgument("a standby needs the message its refused writes carry");
  GL_RETURN_IF_ERROR(SetLogStandby(log, options.refusal));
  return std::unique_ptr<Standby>(std::make_unique<StandbyImpl>(
      log, std::move(source), std::move(make_sink), std::move(options), forwarding));
}

}  // namespace gridledger
