// Filtered reads of the global log (gridledger/event_filter.h): each stored
// event's envelope head is read in place; only matching events are decoded.
// Also the EventLog base's plain implementations (decode, then match) for
// logs that cannot look at stored bytes.

#include "gridledger/event_view.h"
#include "log/event_log_impl.h"
#include "storage/keys.h"

namespace gridledger {

namespace {

std::string AtPosition(uint64_t p) { return "event at position " + std::to_string(p); }

using MatchFn = std::function<Status(Position, std::string_view)>;

// Positions [from, to] by their summary rows: the log is read only at the
// matches (Next when the match follows the last one read, else a seek).
Status ScanSummaries(const RocksStore& store, Position from, Position to, const EventFilter& filter,
                     const MatchFn& match, Position* examined_to) {
  const std::string upper = keys::PositionKey(Position{to.value + 1});
  auto rows = store.NewCursor(Family::kSummaries, {.upper = upper, .readahead_bytes = 1u << 20});
  auto log = store.NewCursor(Family::kLog, {.upper = upper});
  uint64_t expect = from.value, log_at = 0;
  for (rows->Seek(keys::PositionKey(from)); rows->Valid(); rows->Next(), ++expect) {
    uint64_t p = keys::ReadBE64(rows->key());
    if (p != expect)
      return Status::Corruption("the summaries have a gap: position " + std::to_string(expect) +
                                " is missing");
    std::string_view type, stream, grid;
    if (!keys::DecodeSummary(rows->value(), &type, &stream, &grid))
      return Status::Corruption("the summary of position " + std::to_string(p) + " is damaged");
    if (filter.MatchesFields(type, stream, grid)) {
      if (log_at != 0 && log_at + 1 == p)
        log->Next();
      else
        log->Seek(keys::PositionKey(Position{p}));
      if (!log->Valid() || keys::ReadBE64(log->key()) != p) {
        GL_RETURN_IF_ERROR(log->status("reading the log"));
        return Status::Corruption("the log has a gap: position " + std::to_string(p) +
                                  " is missing");
      }
      log_at = p;
      GL_RETURN_IF_ERROR(match(Position{p}, log->value()));
    }
    *examined_to = Position{p};
  }
  GL_RETURN_IF_ERROR(rows->status("reading the summaries"));
  if (expect != to.value + 1)
    return Status::Corruption("the summaries have a gap: position " + std::to_string(expect) +
                              " is missing");
  return Status::Ok();
}

// Positions [from, to] of the log itself, gap-checked, the filter (when
// given) evaluated on each event's head read in place.
Status ScanEvents(const RocksStore& store, Position from, Position to, const EventFilter* filter,
                  const MatchFn& match, Position* examined_to) {
  auto it = store.NewCursor(Family::kLog, {.upper = keys::PositionKey(Position{to.value + 1}),
                                           .readahead_bytes = 2u << 20});
  uint64_t expect = from.value;
  for (it->Seek(keys::PositionKey(from)); it->Valid(); it->Next(), ++expect) {
    uint64_t p = keys::ReadBE64(it->key());
    if (p != expect)
      return Status::Corruption("the log has a gap: position " + std::to_string(expect) +
                                " is missing");
    bool wanted = true;
    if (filter) {
      auto head = ViewStoredEvent(it->value());
      if (!head.ok())
        return Status(head.error().code(), AtPosition(p) + ": " + head.error().message());
      if (head->position.value != p)
        return Status::Corruption(AtPosition(p) + " claims position " +
                                  std::to_string(head->position.value));
      wanted = filter->MatchesFields(head->type, head->stream, head->grid_code);
    }
    if (wanted) GL_RETURN_IF_ERROR(match(Position{p}, it->value()));
    *examined_to = Position{p};
  }
  GL_RETURN_IF_ERROR(it->status("reading the log"));
  if (expect != to.value + 1)
    return Status::Corruption("the log has a gap: position " + std::to_string(expect) +
                              " is missing");
  return Status::Ok();
}

// The scan behind every filtered read: positions [from, to] of the log,
// gap-checked, calling `match(position, bytes)` for the events that pass
// `filter` (all when null), at most `max_examined` looked at (0: no bound).
// Filtered, the summaries are scanned up to `summarised`, the log's own
// events after that. *examined_to is the last position looked at.
Status ScanMatching(const RocksStore& store, uint64_t summarised, Position from, Position to,
                    const EventFilter* filter, size_t max_examined, const MatchFn& match,
                    Position* examined_to) {
  *examined_to = Position{from.value - 1};
  if (from > to) return Status::Ok();
  if (max_examined > 0 && to.value - from.value + 1 > max_examined)
    to = Position{from.value + max_examined - 1};
  if (filter && summarised >= from.value) {
    Position mid{std::min(to.value, summarised)};
    GL_RETURN_IF_ERROR(ScanSummaries(store, from, mid, *filter, match, examined_to));
    if (mid == to) return Status::Ok();
    from = Position{mid.value + 1};
  }
  return ScanEvents(store, from, to, filter, match, examined_to);
}

Result<RecordedEvent> DecodeAt(Position p, std::string_view bytes) {
  auto e = codec::Decode(bytes);
  if (!e.ok()) return Status(e.error().code(), AtPosition(p.value) + ": " + e.error().message());
  if (e->position != p)
    return Status::Corruption(AtPosition(p.value) + " claims position " +
                              std::to_string(e->position.value));
  return e;
}

// Stops a scan once `limit` matches were taken (not an error).
Status LimitReached() { return Status(StatusCode::kResourceExhausted, "limit reached"); }
bool IsLimit(const Status& s) {
  return s.code() == StatusCode::kResourceExhausted && s.message() == "limit reached";
}

}  // namespace

Status EventLogImpl::ScanFiltered(Position from, Position to_inclusive, const EventFilter& filter,
                                  const std::function<Status(const RecordedEvent&)>& visit,
                                  Position* examined_to) const {
  GL_RETURN_IF_ERROR(filter.Validate());
  Position committed = Committed();
  if (to_inclusive.value == 0 || to_inclusive > committed) to_inclusive = committed;
  if (from.value == 0) from.value = 1;
  Position examined;
  Status s = ScanMatching(
      *store_, summaries_.covered(), from, to_inclusive, filter.empty() ? nullptr : &filter, 0,
      [&](Position p, std::string_view bytes) -> Status {
        GL_ASSIGN_OR_RETURN(RecordedEvent e, DecodeAt(p, bytes));
        return visit(e);
      },
      &examined);
  // The event `visit` refused was looked at too.
  if (examined_to) *examined_to = s.ok() ? examined : Position{examined.value + 1};
  return s;
}

Result<FilteredRead> EventLogImpl::ReadFiltered(Position from, size_t limit,
                                                const EventFilter& filter,
                                                size_t max_examined) const {
  GL_RETURN_IF_ERROR(filter.Validate());
  FilteredRead out;
  if (from.value == 0) from.value = 1;
  out.examined_to = Position{from.value - 1};
  if (limit == 0) return out;
  Status s = ScanMatching(
      *store_, summaries_.covered(), from, Committed(), filter.empty() ? nullptr : &filter,
      max_examined,
      [&](Position p, std::string_view bytes) -> Status {
        GL_ASSIGN_OR_RETURN(RecordedEvent e, DecodeAt(p, bytes));
        out.events.push_back(std::move(e));
        if (out.events.size() == limit) {
          out.examined_to = p;
          return LimitReached();
        }
        return Status::Ok();
      },
      &out.examined_to);
  if (!s.ok() && !IsLimit(s)) return s;
  return out;
}

Result<FilteredStoredRead> EventLogImpl::ReadStoredFiltered(Position from, size_t limit,
                                                            const EventFilter& filter,
                                                            size_t max_examined) const {
  GL_RETURN_IF_ERROR(filter.Validate());
  FilteredStoredRead out;
  if (from.value == 0) from.value = 1;
  out.examined_to = Position{from.value - 1};
  if (limit == 0) return out;
  Status s = ScanMatching(
      *store_, summaries_.covered(), from, Committed(), filter.empty() ? nullptr : &filter,
      max_examined,
      [&](Position p, std::string_view bytes) -> Status {
        out.events.push_back(StoredEvent{p, std::string(bytes)});
        if (out.events.size() == limit) {
          out.examined_to = p;
          return LimitReached();
        }
        return Status::Ok();
      },
      &out.examined_to);
  if (!s.ok() && !IsLimit(s)) return s;
  return out;
}

// ---- EventLog's plain implementations -------------------------------------

Status EventLog::ScanFiltered(Position from, Position to_inclusive, const EventFilter& filter,
                              const std::function<Status(const RecordedEvent&)>& visit,
                              Position* examined_to) const {
  GL_RETURN_IF_ERROR(filter.Validate());
  Position examined{from.value == 0 ? 0 : from.value - 1};
  Status s = ScanAll(from, to_inclusive, [&](const RecordedEvent& e) -> Status {
    if (filter.Matches(e)) GL_RETURN_IF_ERROR(visit(e));
    examined = e.position;
    return Status::Ok();
  });
  if (examined_to) *examined_to = s.ok() ? examined : Position{examined.value + 1};
  return s;
}

Result<FilteredRead> EventLog::ReadFiltered(Position from, size_t limit, const EventFilter& filter,
                                            size_t max_examined) const {
  GL_RETURN_IF_ERROR(filter.Validate());
  FilteredRead out;
  if (from.value == 0) from.value = 1;
  out.examined_to = Position{from.value - 1};
  size_t examined = 0;
  constexpr size_t kBatch = 1024;
  while (out.events.size() < limit && (max_examined == 0 || examined < max_examined)) {
    size_t n = kBatch;
    if (max_examined > 0) n = std::min(n, max_examined - examined);
    GL_ASSIGN_OR_RETURN(auto batch, ReadAll(Position{out.examined_to.value + 1}, n));
    if (batch.empty()) break;
    for (auto& e : batch) {
      ++examined;
      out.examined_to = e.position;
      if (filter.Matches(e)) {
        out.events.push_back(std::move(e));
        if (out.events.size() == limit) break;
      }
    }
  }
  return out;
}

Result<FilteredStoredRead> EventLog::ReadStoredFiltered(Position from, size_t limit,
                                                        const EventFilter& filter,
                                                        size_t max_examined) const {
  GL_ASSIGN_OR_RETURN(FilteredRead read, ReadFiltered(from, limit, filter, max_examined));
  FilteredStoredRead out;
  out.examined_to = read.examined_to;
  for (const RecordedEvent& e : read.events) {
    GL_ASSIGN_OR_RETURN(auto stored, ReadAllStored(e.position, 1));
    if (stored.empty()) return Status::Corruption("event vanished while reading");
    out.events.push_back(std::move(stored[0]));
  }
  return out;
}

}  // namespace gridledger
