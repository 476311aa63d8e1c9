// Outbox: nothing a resident files is lost while the link to gridledgerd is
// down. A filing the server cannot take now is saved durably on the device
// (one fsynced file per filing) with its request id and its query code, and
// sent later with those same ids, so it lands exactly once however often
// the sending is retried or the device restarts.
//
// The resident's receipt for a queued filing has queued = true, no case
// number yet and the final query code: the resident can look the case up by
// phone and that code once it has arrived.
//
// Thread safety: every method may be called from any thread; a background
// thread sends what is waiting every `retry_every`.
#pragma once

#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "gridledger/engine.h"
#include "gridledger/export.h"

namespace gridledger {

struct OutboxOptions {
  // Directory of waiting filings; created when missing. Required.
  std::string dir;
  // How often the background thread tries to send what waits.
  // Default: 2 s
  std::chrono::milliseconds retry_every{2000};
  // Time source for queued-at stamps. Default: the system clock
  const Clock* clock = nullptr;
};

class GRIDLEDGER_EXPORT Outbox {
 public:
  // `server` (usually a RemoteEngine) must outlive the outbox.
  static Result<std::unique_ptr<Outbox>> Open(Engine& server, const OutboxOptions& options);
  // Stops the sender; what still waits stays on disk for the next Open.
  ~Outbox();
  Outbox(const Outbox&) = delete;
  Outbox& operator=(const Outbox&) = delete;

  // Files through the server. When the server is unreachable
  // (kUnavailable), saves the filing (durably, before returning) and
  // answers a receipt with queued = true. Any other error (a bad field, a
  // refusal) is returned as is and nothing is saved. Filings already
  // waiting are sent first, so they keep their order.
  Result<FiledReceipt> File(const FileCase& request, const CommandOptions& options = {});

  // Filings waiting to be sent.
  size_t Pending() const;

  // Sends what waits, oldest first, until the server is unreachable again.
  // Returns how many were sent. A filing the server refuses for good (for
  // example a category it no longer has) is moved to `dir/refused/` with
  // the reason, never retried and never silently dropped.
  Result<size_t> Flush();

 private:
  Outbox(Engine& server, OutboxOptions options);
  void SenderLoop();

  Engine& server_;
  OutboxOptions options_;
  mutable std::mutex mu_;  // one sender at a time; guards the directory
  std::mutex wake_mu_;
  std::condition_variable wake_;
  bool stop_ = false;
  std::thread sender_;
};

}  // namespace gridledger
