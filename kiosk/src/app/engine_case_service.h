// CaseService over a gridledger::Engine (resident actor). Owns or borrows
// the engine. Needs the engine facade implementation at link time.
#pragma once

#include <memory>

#include "app/case_service.h"
#include "gridledger/engine.h"

namespace gridledger::kiosk {

class EngineCaseService final : public CaseService {
 public:
  explicit EngineCaseService(std::shared_ptr<Engine> engine) : engine_(std::move(engine)) {}

  std::vector<ServiceCategory> Catalogue() override;
  std::vector<PlaceChoice> Places() override;
  std::string DefaultGrid() override;
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
};

}  // namespace gridledger::kiosk
