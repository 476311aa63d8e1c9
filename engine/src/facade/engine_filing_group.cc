// FileAndRecord: a command's filed cases and its own record in one atomic
// multi-stream append (EngineImpl::FileAndRecord, engine_impl.h).

#include "facade/engine_impl.h"

namespace gridledger {

namespace {
constexpr int kMaxGroupAttempts = 8;
}  // namespace

Result<AppendResult> EngineImpl::FileAndRecord(
    const Actor& actor, CommandIds ids, const std::vector<FileCase>& filings,
    const std::function<GroupRecord(const std::vector<FiledReceipt>& receipts)>& record,
    const std::string& stream) {
  for (int attempt = 0; attempt < kMaxGroupAttempts; ++attempt) {
    std::vector<StreamAppend> parts;
    std::vector<FiledReceipt> receipts;
    for (size_t i = 0; i < filings.size(); ++i) {
      auto r = FileOrStage(actor, filings[i], CommandOptions{ids.Nested(static_cast<uint32_t>(i))},
                           &parts);
      if (!r.ok()) return r.error();
      receipts.push_back(std::move(r).value());
    }
    GroupRecord own = record(receipts);
    parts.push_back({StreamId{stream}, ExpectedVersion::Any(),
                     EventsAs(actor, ids, {std::move(own.payload)}, own.grid_code)});
    auto written = log_->AppendMulti(std::move(parts), AppendOptions{options_.durability});
    if (written.ok()) return written->back();
    // A case number taken by a concurrent filer: nothing was written; file
    // again with new numbers. (A concurrent retry of this very command is
    // a full replay and comes back deduplicated above.)
    if (!written.error().IsConflict()) return written.error();
  }
  return Status::Unavailable("could not allocate case numbers; try again");
}

}  // namespace gridledger
