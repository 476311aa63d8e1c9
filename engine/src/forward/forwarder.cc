// Forwarder: follows the committed log into a ForwardSink (forwarder.h).
//
// One thread: learn the destination's tail from the destination, check it
// is a prefix of this log (same event id at that position), then read
// batches of stored events above it up to the watermark and publish them.
// Any failure drops the connection, backs off, and starts over from the
// destination's tail, so nothing here needs to be remembered across
// failures or restarts.

#include "gridledger/forwarder.h"

#include <algorithm>
#include <condition_variable>
#include <mutex>
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
    status_.destination = sink_->Describe();
    thread_ = std::thread([this] {
      NameThisThread("gl-forwarder");
      Run();
    });
  }

  ~ForwarderImpl() override { Stop(); }

  void Stop() override {
    {
      std::lock_guard lock(mu_);
      stop_ = true;
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
  bool Stopping() const {
    std::lock_guard lock(mu_);
    return stop_;
  }

  // Records a failure and waits out the backoff (or until stopped).
  void Fail(const Status& s) {
    sink_->Disconnect();
    std::unique_lock lock(mu_);
    status_.connected = false;
    status_.failures++;
    status_.last_error = s.ToString();
    cv_.wait_for(lock, backoff_, [&] { return stop_; });
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

  void Run() {
    std::optional<Position> held;
    std::vector<RecordedEvent> decoded;
    std::vector<ForwardEvent> batch;
    std::vector<std::string> types;
    while (!Stopping()) {
      if (!held) {
        held = Resync();
        if (!held) {
          std::lock_guard lock(mu_);
          if (status_.failed) return;
          continue;
        }
      }
      const Position next{held->value + 1};
      if (log_.WaitForCommitted(next, std::chrono::milliseconds(100)) < next) {
        Status alive = sink_->KeepAlive();
        if (alive.code() == StatusCode::kPermissionDenied) {
          GiveUp(alive);
          return;
        }
        if (!alive.ok()) {
          Fail(alive);
          held.reset();
        }
        continue;
      }
      auto stored = log_.ReadAllStored(next, options_.batch_events);
      if (!stored.ok()) {
        Fail(stored.error());
        held.reset();
        continue;
      }
      decoded.clear();
      batch.clear();
      types.clear();
      decoded.reserve(stored->size());
      types.reserve(stored->size());
      Status bad;
      for (const StoredEvent& s : *stored) {
        auto e = DecodeStoredEvent(s.bytes);
        if (!e.ok()) {
          bad = e.error();
          break;
        }
        decoded.push_back(std::move(*e));
        types.emplace_back(EventTypeName(decoded.back().payload));
      }
      if (!bad.ok()) {
        Fail(bad);
        held.reset();
        continue;
      }
      for (size_t i = 0; i < stored->size(); ++i) {
        const RecordedEvent& e = decoded[i];
        batch.push_back(ForwardEvent{(*stored)[i].position, e.id, e.stream.value, types[i],
                                     e.grid_code, (*stored)[i].bytes});
      }
      Status s = sink_->Publish(batch);
      if (s.code() == StatusCode::kPermissionDenied) {
        GiveUp(s);
        return;
      }
      if (!s.ok()) {
        Fail(s);
        held.reset();
        continue;
      }
      held = batch.back().position;
      std::lock_guard lock(mu_);
      status_.forwarded = *held;
      status_.events_published += batch.size();
      backoff_ = options_.backoff_initial;
      cv_.notify_all();
    }
  }

  EventLog& log_;
  std::unique_ptr<ForwardSink> sink_;
  ForwarderOptions options_;
  mutable std::mutex mu_;
  mutable std::condition_variable cv_;
  bool stop_ = false;
  ForwarderStatus status_;
  std::chrono::milliseconds backoff_{options_.backoff_initial};
  std::thread thread_;
};

}  // namespace

std::unique_ptr<Forwarder> Forwarder::Start(EventLog& log, std::unique_ptr<ForwardSink> sink,
                                            ForwarderOptions options) {
  return std::make_unique<ForwarderImpl>(log, std::move(sink), options);
}

}  // namespace gridledger
