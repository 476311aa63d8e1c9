// AppendStoredEvents (gridledger/replica.h): the public face of
// EventLogImpl::AppendStored, FenceLog, standby mode and the write lease.
#include "gridledger/replica.h"
#include "log/event_log_impl.h"

namespace gridledger {

Status AppendStoredEvents(EventLog& log, std::vector<StoredEvent> stored,
                          const AppendOptions& options) {
  auto* local = dynamic_cast<EventLogImpl*>(&log);
  if (local == nullptr) return Status::Unavailable("only a local store can take stored events");
  return local->AppendStored(std::move(stored), options);
}

Status FenceLog(EventLog& log, const std::string& reason) {
  auto* local = dynamic_cast<EventLogImpl*>(&log);
  if (local == nullptr) return Status::Unavailable("only a local store can be fenced");
  local->Fence(reason);
  return Status::Ok();
}

Status SetLogStandby(EventLog& log, const std::string& reason) {
  auto* local = dynamic_cast<EventLogImpl*>(&log);
  if (local == nullptr) return Status::Unavailable("only a local store can be a standby");
  if (reason.empty()) return Status::InvalidArgument("standby mode needs a reason");
  local->SetStandby(reason);
  return Status::Ok();
}

Status LiftLogStandby(EventLog& log) {
  auto* local = dynamic_cast<EventLogImpl*>(&log);
  if (local == nullptr) return Status::Unavailable("only a local store can be a standby");
  local->SetStandby("");
  return local->FenceStatus();
}

Status SetWriteLease(EventLog& log, std::chrono::steady_clock::time_point valid_until,
                     const std::string& lease) {
  auto* local = dynamic_cast<EventLogImpl*>(&log);
  if (local == nullptr) return Status::Unavailable("only a local store takes a write lease");
  if (lease.empty()) return Status::InvalidArgument("a write lease needs the lease's name");
  local->SetWriteLease(valid_until, lease);
  return Status::Ok();
}

}  // namespace gridledger
