// Importing other systems' requests: checked with File's rules, committed
// in one atomic append, exactly once per (source system, external id).

#include <cstdio>
#include <cstring>
#include <set>

#include "common/utf8.h"
#include "crypto/blake2b.h"
#include "crypto/secrets.h"
#include "facade/engine_impl.h"

namespace gridledger {

namespace {
constexpr int kMaxImportAttempts = 8;

// The id of one event an import writes for a request: BLAKE2b over the
// source system, the external id and the event's role, each length-
// prefixed, shaped as a version 8 (custom) UUID. The same request always
// yields the same ids, so the log's id index recognises a repeat.
EventId DerivedId(std::string_view system, std::string_view external_id, std::string_view role) {
  Blake2b256 h;
  h.Update("gridledger.import.v1");
  for (std::string_view part : {system, external_id, role}) {
    uint64_t n = part.size();
    h.Update(&n, sizeof n);
    h.Update(part);
  }
  Hash256 d = h.Final();
  EventId id;
  std::memcpy(&id.hi, d.data(), 8);
  std::memcpy(&id.lo, d.data() + 8, 8);
  id.hi = (id.hi & ~0xF000ull) | 0x8000ull;                         // version 8
  id.lo = (id.lo & 0x3FFFFFFFFFFFFFFFull) | 0x8000000000000000ull;  // RFC 4122 variant
  return id;
}

std::string Who(size_t index, const ImportedCase& r) {
  return "request " + std::to_string(index + 1) + " (external id " + r.filing.external_id + "): ";
}
}  // namespace

Result<std::vector<ImportOutcome>> Engine::Import(const Actor&, const std::vector<ImportedCase>&) {
  return Status::Unavailable("this engine does not import");
}

Result<std::vector<ImportOutcome>> EngineImpl::Import(const Actor& actor,
                                                      const std::vector<ImportedCase>& requests) {
  GL_RETURN_IF_ERROR(ModelsReady());
  if (requests.empty()) return Status::InvalidArgument("nothing to import");
  // Check every request before writing anything.
  std::string errors;
  std::vector<domain::FilingDecision> prepared(requests.size());
  std::set<std::pair<std::string, std::string>> seen;
  for (size_t i = 0; i < requests.size(); ++i) {
    const ImportedCase& r = requests[i];
    auto fail = [&](const std::string& why) { errors += Who(i, r) + why + "\n"; };
    if (r.filing.source != CaseSource::kImport) fail("the source must be import");
    if (r.filing.external_id.empty()) fail("the external id is required");
    if (r.source_system.empty()) fail("the source system is required");
    if (Status s = CheckUtf8("the external id", r.filing.external_id); !s.ok()) fail(s.message());
    if (!seen.emplace(r.source_system, r.filing.external_id).second)
      fail("the same request appears twice");
    if (!r.original_stream.empty())
      if (Status s = StreamId::Validate(r.original_stream); !s.ok()) fail(s.message());
    auto p = PrepareFiling(actor, r.filing);
    if (!p.ok())
      fail(p.error().message());
    else
      prepared[i] = std::move(p).value();
  }
  if (!errors.empty()) {
    errors.pop_back();
    return Status::InvalidArgument(errors);
  }

  for (int attempt = 0; attempt < kMaxImportAttempts; ++attempt) {
    std::vector<ImportOutcome> outcomes(requests.size());
    std::vector<EventLogImpl::StreamAppend> parts;
    const Timestamp now = Now();
    for (size_t i = 0; i < requests.size(); ++i) {
      const ImportedCase& r = requests[i];
      const std::string& ext = r.filing.external_id;
      EventId filed_id = DerivedId(r.source_system, ext, "caseFiled");
      auto stored = log_->ReadEvent(filed_id);
      if (stored.ok()) {
        outcomes[i] = {stored->stream.value, stored->grid_code, true};
        continue;
      }
      if (!stored.error().IsNotFound()) return stored.error();

      if (!r.original_stream.empty()) {
        auto head = log_->Head(StreamId{r.original_stream});
        if (!head.ok()) return head.error();
        if (head->version.value != 0)
          return Status::InvalidArgument(Who(i, r) + "stream " + r.original_stream +
                                         " already holds a record that this import did not "
                                         "write (the same id from another source system?)");
      }
      std::string case_id = NewCaseId();
      CaseFiled filed = prepared[i].filed();
      char code[8];
      std::snprintf(code, sizeof code, "%06u", RandomBelow(1000000));
      filed.query_code_hash = vault_->HashQueryCode(case_id, code);
      const std::string& grid = filed.location.grid_code;
      const EventId correlation = DerivedId(r.source_system, ext, "correlation");
      auto event = [&](EventId id, EventPayload payload, Timestamp at) {
        NewEvent e;
        e.id = id;
        e.payload = std::move(payload);
        e.actor = actor.id;
        e.grid_code = grid;
        e.correlation_id = correlation;
        e.occurred_at = at == Timestamp{} ? now : at;
        return e;
      };
      const Timestamp filed_at = r.filing.occurred_at;
      EventLogImpl::StreamAppend part{StreamId{case_id}, ExpectedVersion::NoStream(), {}};
      part.events.push_back(event(filed_id, std::move(filed), filed_at));
      if (r.closed)
        part.events.push_back(event(DerivedId(r.source_system, ext, "caseClosed"),
                                    CaseClosed{true, r.closed_note},
                                    r.closed_at == Timestamp{} ? filed_at : r.closed_at));
      parts.push_back(std::move(part));
      if (!r.original_stream.empty()) {
        EventLogImpl::StreamAppend original{
            StreamId{r.original_stream}, ExpectedVersion::NoStream(), {}};
        original.events.push_back(event(DerivedId(r.source_system, ext, "original"),
                                        OpaqueEvent{r.original_type, r.original}, filed_at));
        parts.push_back(std::move(original));
      }
      outcomes[i] = {case_id, grid, false};
    }
    if (parts.empty()) return outcomes;
    auto written = log_->AppendAll(std::move(parts), AppendOptions{options_.durability});
    if (written.ok()) return outcomes;
    // Conflict: a concurrent filer took a case number, or a concurrent
    // import of the same request won. Look again: nothing was written.
    if (!written.error().IsConflict()) return written.error();
  }
  return Status::Unavailable("the import kept conflicting with other writers; try again");
}

}  // namespace gridledger
