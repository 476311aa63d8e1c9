// Forwarder: follows the committed log into a ForwardSink (forwarder.h).
//
// One thread: learn the destination's tail from the destination, check it
// is a prefix of this log (same event id at that position), then read
// batches of stored events above it up to the watermark and send them,
// several batches in flight, recording the destination's confirmations.
// Any failure drops the connection, backs off, and starts over from the
// destination's tail, so nothing here needs to be remembered across
// failures or restarts.

#include "gridledger/forwarder.h"

#include <algorithm>
#include <condition_variable>
#include <mutex>
#include <stop_token>
#include <thread>
#include <vector>

#include "common/thread_name.h"
#include "gridledger/event_payloads.h"
#include "gridledger/replica.h"

namespace gridledger {
namespace {

class ForwarderImpl final : public Forwarder {
 public:
  ForwarderImpl(EventLog& log, std::unique_ptr<ForwardSink> sink, ForwarderOptions options)
      : log_(log), sink_(std::move(sink)), options_(options) {
    if (options_.batch_events == 0) options_.batch_events = 1;
    if (options_.in_flight_events < options_.batch_events)
      options_.in_flight_events = options_.batch_events;
    status_.destination = sink_->Describe();
    // A leased sink bounds the log's writes from the start: none is taken
    // before the lease is first confirmed.
    SyncLease();
    thread_ = std::thread([this] {
      NameThisThread("gl-forwarder");
      Run();
    });
  }

  ~ForwarderImpl() override { Stop(); }

  void Stop() override {
    {
      // Under mu_, so that a backoff wait cannot miss it; it also ends a
      // wait for the next commit.
      std::lock_guard lock(mu_);
      stop_.request_stop();
    }
    cv_.notify_all();
    if (thread_.joinable()) thread_.join();
  }

  ForwarderStatus status() const override {
    std::lock_guard lock(mu_);
    ForwarderStatus s = status_;
    s.committed = log_.Committed();
    return s;
  }

  bool WaitForwarded(Position p, std::chrono::milliseconds timeout) const override {
    std::unique_lock lock(mu_);
    return cv_.wait_for(lock, timeout, [&] { return status_.forwarded >= p || status_.failed; }) &&
           status_.forwarded >= p;
  }

 private:
  bool Stopping() const { return stop_.stop_requested(); }

  // The log takes writes only while the sink's lease is confirmed
  // (SetWriteLease, replica.h).
  void SyncLease() {
    if (std::optional<SinkLease> lease = sink_->Lease())
      (void)SetWriteLease(log_, lease->valid_until, lease->name);
  }

  // Records a failure and waits out the backoff (or until stopped).
  void Fail(const Status& s) {
    sink_->Disconnect();
    std::unique_lock lock(mu_);
    status_.connected = false;
    status_.failures++;
    status_.last_error = s.ToString();
    cv_.wait_for(lock, backoff_, [&] { return stop_.stop_requested(); });
    backoff_ = std::min(backoff_ * 2, options_.backoff_max);
  }

  void GiveUp(const Status& s) {
    // Another node holds the partition's lease: this one must not take
    // another write (docs/scaling.md, fencing).
    if (s.code() == StatusCode::kPermissionDenied) (void)FenceLog(log_, s.message());
    sink_->Disconnect();
    std::lock_guard lock(mu_);
    status_.connected = false;
    status_.failed = true;
    status_.last_error = s.ToString();
    cv_.notify_all();
  }

  // The destination's tail, checked against this log. Empty optional after
  // a failure (already recorded).
  std::optional<Position> Resync() {
    auto tail = sink_->Tail();
    SyncLease();
    if (!tail.ok()) {
      if (tail.error().IsCorruption() || tail.error().code() == StatusCode::kPermissionDenied)
        GiveUp(tail.error());
      else
        Fail(tail.error());
      return std::nullopt;
    }
    const Position committed = log_.Committed();
    if (tail->position > committed) {
      GiveUp(Status::Corruption(
          sink_->Describe() + " holds position " + std::to_string(tail->position.value) +
          " but the local log ends at " + std::to_string(committed.value) +
          ": the local log is behind its stream (damaged or truncated); rebuild the data "
          "directory from the stream (gridledger restore) before starting again"));
      return std::nullopt;
    }
    if (tail->position.value > 0) {
      auto local = log_.ReadAll(tail->position, 1);
      if (!local.ok()) {
        Fail(local.error());
        return std::nullopt;
      }
      if (local->empty() || (*local)[0].id != tail->last_id) {
        GiveUp(Status::Corruption(sink_->Describe() + " holds event " + tail->last_id.ToString() +
                                  " at position " + std::to_string(tail->position.value) +
                                  ", not this log's: it is another partition's stream"));
        return std::nullopt;
      }
    }
    std::lock_guard lock(mu_);
    backoff_ = options_.backoff_initial;
    status_.connected = true;
    status_.forwarded = tail->position;
    cv_.notify_all();
    return tail->position;
  }

  // kPermissionDenied gives up for good (fenced); any other error starts
  // over from the destination's tail. False when the loop must return.
  bool Handle(const Status& s, std::optional<Position>& confirmed) {
    if (s.code() == StatusCode::kPermissionDenied) {
      GiveUp(s);
      return false;
    }
    Fail(s);
    confirmed.reset();
    return true;
  }

  // Reads up to `limit` stored events from `next` and sends them; `sent`
  // becomes the last one sent.
  Status SendFrom(Position next, size_t limit, Position& sent) {
    auto stored = log_.ReadAllStored(next, limit);
    if (!stored.ok()) return stored.error();
    if (stored->empty()) return Status::Ok();
    batch_.clear();
    views_.clear();
    views_.reserve(stored->size());
    // The envelope in place: the subject and headers need no payload.
    for (const StoredEvent& s : *stored) {
      auto v = ViewStoredEvent(s.bytes);
      if (!v.ok()) return v.error();
      views_.push_back(std::move(*v));
      const EventView& e = views_.back();
      batch_.push_back(ForwardEvent{s.position, e.id, e.stream, e.type, e.grid_code, s.bytes});
    }
    GL_RETURN_IF_ERROR(sink_->Send(batch_));
    sent = batch_.back().position;
    return Status::Ok();
  }

  // Sends batches as soon as they are committed, up to in_flight_events
  // unconfirmed, and records the destination's confirmations as they come.
  void Run() {
    std::optional<Position> confirmed;  // what the destination has stored
    Position sent;                      // the last position sent
    while (!Stopping()) {
      if (!confirmed) {
        confirmed = Resync();
        if (!confirmed) {
          std::lock_guard lock(mu_);
          if (status_.failed) return;
          continue;
        }
        sent = *confirmed;
      }
      // Renewals are due whether the log is busy or idle.
      Status alive = sink_->KeepAlive();
      SyncLease();
      if (!alive.ok()) {
        if (!Handle(alive, confirmed)) return;
        continue;
      }
      const uint64_t in_flight = sent.value - confirmed->value;
      const Position next{sent.value + 1};
      bool full = in_flight >= options_.in_flight_events;
      if (!full) {
        // Idle: wait for the next commit. In flight: look for both new
        // commits and confirmations.
        const auto wait =
            in_flight == 0 ? std::chrono::milliseconds(100) : std::chrono::milliseconds(2);
        if (log_.WaitForCommitted(next, wait, stop_.get_token()) >= next) {
          const size_t room =
              std::min<uint64_t>(options_.batch_events, options_.in_flight_events - in_flight);
          Status s = SendFrom(next, room, sent);
          SyncLease();
          if (!s.ok()) {
            if (!Handle(s, confirmed)) return;
            continue;
          }
        } else if (in_flight == 0) {
          continue;
        }
        full = sent.value - confirmed->value >= options_.in_flight_events;
      }
      // Full: block until the destination confirms more (its own timeout
      // bounds that); otherwise only collect what has arrived.
      auto now = sink_->Confirmed(
          *confirmed, full ? std::chrono::milliseconds(100) : std::chrono::milliseconds(0));
      if (!now.ok()) {
        if (!Handle(now.error(), confirmed)) return;
        continue;
      }
      if (*now > *confirmed) {
        std::lock_guard lock(mu_);
        status_.events_published += now->value - confirmed->value;
        status_.forwarded = *now;
        backoff_ = options_.backoff_initial;
        cv_.notify_all();
        confirmed = *now;
      }
    }
  }

  EventLog& log_;
  std::unique_ptr<ForwardSink> sink_;
  ForwarderOptions options_;
  mutable std::mutex mu_;
  mutable std::condition_variable cv_;
  std::stop_source stop_;  // requested by Stop(), under mu_
  ForwarderStatus status_;
  std::chrono::milliseconds backoff_{options_.backoff_initial};
  // SendFrom's buffers, reused batch after batch (the Forwarder's thread).
  std::vector<EventView> views_;  // keep what batch_ points into
  std::vector<ForwardEvent> batch_;
  std::thread thread_;
};

}  // namespace

std::unique_ptr<Forwarder> Forwarder::Start(EventLog& log, std::unique_ptr<ForwardSink> sink,
                                            ForwarderOptions options) {
  return std::make_unique<ForwarderImpl>(log, std::move(sink), options);
}

}  // namespace gridledger
