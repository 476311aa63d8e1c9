// FileAndRecord: a work record's filed cases and the record itself in one
// atomic multi-stream append (EngineImpl::FileAndRecord, engine_impl.h).

#include "facade/engine_impl.h"

namespace gridledger {

Result<AppendResult> EngineImpl::FileAndRecord(const Actor& actor, CommandIds ids,
                                               domain::WorkDecision& record) {
  std::vector<StreamAppend> parts;
  std::vector<FiledReceipt> receipts;
  for (size_t i = 0; i < record.filings.size(); ++i) {
    // Each case with a request id of its own; staged, not written.
    auto r = FileOrStage(actor, record.filings[i],
                         CommandOptions{ids.Nested(static_cast<uint32_t>(i))}, &parts);
    if (!r.ok()) return r.error();
    receipts.push_back(std::move(r).value());
  }
  domain::RecordFiledCases(record, receipts);
  GL_RETURN_IF_ERROR(SealPersonalData(record.events, record.seals));
  parts.push_back({StreamId{record.stream}, record.expected,
                   EventsAs(actor, ids, std::move(record.events), record.grid_code)});
  // A retry of a command that landed is a full replay: deduplicated. A case
  // number taken by a concurrent filer is a conflict: nothing is written and
  // the caller decides again (new numbers).
  auto written = log_->AppendMulti(std::move(parts), AppendOptions{options_.durability});
  if (!written.ok()) return written.error();
  return written->back();
}

}  // namespace gridledger
