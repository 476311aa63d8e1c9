// CaseService over a gridledger::Engine (resident actor). Owns or borrows
// the engine. Needs the engine facade implementation at link time.
#pragma once

#include <memory>

#include "app/case_service.h"
#include "gridledger/engine.h"
#include "gridledger/outbox.h"

namespace gridledger::kiosk {

class EngineCaseService final : public CaseService {
 public:
  explicit EngineCaseService(std::shared_ptr<Engine> engine) : engine_(std::move(engine)) {}
  // A thin client of gridledgerd: filings go through `outbox`, which keeps
  // them durably while the server is unreachable.
  EngineCaseService(std::shared_ptr<Engine> engine, std::shared_ptr<Outbox> outbox)
      : engine_(std::move(engine)), outbox_(std::move(outbox)) {}

  std::vector<ServiceCategory> Catalogue() override;
  std::vector<PlaceChoice> Places() override;
  std::string DefaultGrid() override;
  std::vector<std::string> AreaNames() override;
  Result<FiledReceipt> File(const FileCase& request) override;
  Result<CaseView> Lookup(const std::string& case_id, const std::string& code) override;
  Result<std::vector<CaseView>> LookupByPhone(const std::string& phone,
                                              const std::string& code) override;
  Result<CaseView> Feedback(const std::string& case_id, const std::string& code,
                            uint8_t satisfaction, bool fixed) override;
  Result<CaseView> FeedbackByPhone(const std::string& phone, const std::string& code,
                                   const std::string& case_id, uint8_t satisfaction,
                                   bool fixed) override;
  Result<LookupTries> Tries(bool by_phone, const std::string& key) override;
  Engine& engine() { return *engine_; }

 private:
  std::shared_ptr<Engine> engine_;
  std::shared_ptr<Outbox> outbox_;  // destroyed before the engine it sends to
};

}  // namespace gridledger::kiosk
