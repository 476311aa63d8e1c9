// Catch-up subscriptions to the global log.
//
// A subscription delivers every event from a start position: first the
// history, then live events as they are committed, in position order, with
// no gaps and no duplicates within one run. It runs its own thread and
// calls the handler there, one event at a time.
//
// Delivery guarantee across restarts: AT-LEAST-ONCE. With a `checkpoint_name`
// the subscription saves the last handled position durably every
// `checkpoint_every` events and when stopped; after a crash it resumes from
// the last saved checkpoint, so events after it may be delivered again.
// Handlers that must not double-count keep their own position (projections
// store theirs in the same write as their state).
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <string>

#include "gridledger/event.h"
#include "gridledger/event_filter.h"
#include "gridledger/event_view.h"
#include "gridledger/export.h"
#include "gridledger/status.h"
#include "gridledger/types.h"

namespace gridledger {

// Returning an error stops the subscription; the error is kept in
// Subscription::status() and the failed event is not checkpointed.
using SubscriptionHandler = std::function<Status(const RecordedEvent&)>;
// The same for EventLog::SubscribeViews: the event's envelope in place.
using SubscriptionViewHandler = std::function<Status(const EventView&)>;

struct SubscriptionOptions {
  // First position to deliver when there is no stored checkpoint.
  // Default: 1 (the beginning)
  Position start{1};
  // When not empty: resume after the checkpoint stored under this name and
  // save progress under it.
  // Default: "" (no checkpoint)
  std::string checkpoint_name;
  // Save the checkpoint (and call on_checkpoint) after this many events
  // were looked at, matching the filter or not (and on Stop()).
  // Default: 1000
  uint64_t checkpoint_every = 1000;
  // Deliver only the events that match (gridledger/event_filter.h); the
  // rest are skipped without being decoded. The subscription's progress
  // (Processed(), the stored checkpoint, on_checkpoint) still advances
  // over skipped events, so a rarely matching filter resumes where it
  // stopped looking, not at its last match.
  // Default: empty (every event)
  EventFilter filter;
  // Called on the subscription's thread with Processed() every
  // `checkpoint_every` looked-at events and whenever the subscription has
  // caught up with the log and progressed since the last call (KurrentDB's
  // checkpoint reached). For subscribers that keep their own checkpoint.
  // Must be quick and must not throw.
  // Default: none
  std::function<void(Position)> on_checkpoint;
  // Events read from the store per batch while catching up (a filtered
  // subscription looks at 16 times as many per batch: most are skipped).
  // Default: 1024
  size_t read_batch = 1024;
};

class GRIDLEDGER_EXPORT Subscription {
 public:
  virtual ~Subscription() = default;  // stops and joins

  // Stops delivery, joins the thread and saves the checkpoint. Idempotent.
  virtual void Stop() = 0;

  // Position of the last event the handler returned OK for.
  virtual Position LastHandled() const = 0;

  // Every event up to this position has been looked at and, when it
  // matched, handled OK: where the subscription resumes. Equal to
  // LastHandled() without a filter; ahead of it with one.
  virtual Position Processed() const = 0;

  // Blocks until Processed() >= p, the subscription failed, or `timeout`
  // passes. True when reached. Lets tests wait for work without sleeping.
  // (Without a filter Processed() is LastHandled().)
  virtual bool WaitUntilHandled(Position p, std::chrono::milliseconds timeout) const = 0;

  // OK while running or stopped cleanly; the handler's or reader's error
  // once the subscription has failed.
  virtual Status status() const = 0;
};

}  // namespace gridledger
