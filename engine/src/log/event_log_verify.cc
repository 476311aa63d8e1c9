// Verification of the hash chain over the whole log, reading each event's
// envelope in place (gridledger/event_view.h) and hashing its stored bytes.

#include "log/event_log_impl.h"
#include "storage/keys.h"

namespace gridledger {

Result<VerifyReport> EventLogImpl::Verify(
    const std::function<void(Position, Position)>& progress) const {
  VerifyReport report;
  const Position committed = Committed();
  // Block checksums are verified on every read.
  auto it = store_->NewCursor(Family::kLog, {.readahead_bytes = 2u << 20});
  Hash256 prev{};
  uint64_t expect = 1;
  EventView view;  // read into in place for each event
  auto fail = [&](uint64_t position, std::string problem) {
    report.first_bad_position = Position{position};
    report.problem = std::move(problem);
    return report;
  };
  for (it->SeekToFirst(); it->Valid(); it->Next(), ++expect) {
    if (it->key().size() != 8) return fail(expect, "a key in the log is not a position");
    uint64_t p = keys::ReadBE64(it->key());
    if (p > committed.value) break;  // appended after Verify started
    if (p != expect)
      return fail(expect, p > expect ? "position " + std::to_string(expect) + " is missing"
                                     : "position " + std::to_string(p) + " is out of order");
    // The envelope in place and the hash over the stored bytes: the
    // payload need not be decoded (its bytes are what the hash covers).
    if (Status read = codec::ViewInto(it->value(), &view); !read.ok())
      return fail(p, read.message());
    if (view.position.value != p)
      return fail(p, "the event stored at " + std::to_string(p) + " claims position " +
                         std::to_string(view.position.value) + " (moved)");
    if (view.ChainHash(prev) != view.hash)
      return fail(p, "content or order altered: the hash does not match the chain");
    prev = view.hash;
    ++report.events_checked;
    report.last_position = Position{p};
    if (progress && p % 65536 == 0) progress(Position{p}, committed);
  }
  if (Status s = it->status("reading the log"); !s.ok())
    return fail(expect, "the store cannot be read here: " + s.ToString());
  if (report.last_position < committed)
    return fail(report.last_position.value + 1,
                "the log ends at " + std::to_string(report.last_position.value) + " but " +
                    std::to_string(committed.value) + " events were committed");
  if (progress) progress(committed, committed);
  return report;
}

}  // namespace gridledger
