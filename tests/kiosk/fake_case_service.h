// An in-memory CaseService for engine-independent kiosk tests. Mirrors the
// engine's resident rules: codes checked, 5 wrong codes lock a case's (or a
// phone's) lookups (kResourceExhausted), wrong code and unknown id look the
// same, a phone and one of its codes rate any of its cases, a rating of a
// case that is not closed is kRejected and counts nothing.
#pragma once

#include <map>
#include <mutex>

#include "app/case_service.h"

namespace gridledger::kiosk::testing {

class FakeCaseService : public CaseService {
 public:
  std::vector<ServiceCategory> Catalogue() override;
  std::vector<PlaceChoice> Places() override;
  std::string DefaultGrid() override { return "411302001001"; }
  std::vector<std::string> AreaNames() override { return {"新华街道", "文化社区"}; }
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

  // Test controls.
  void FailNextFile(bool fail) {
    std::lock_guard l(mu_);
    fail_file_ = fail;
  }
  // Closes the case, on time or after its deadline (then it was overdue).
  void Close(const std::string& case_id, bool on_time = true);
  // Wrong codes counted against a case id or a phone.
  int wrong_codes(const std::string& key) {
    std::lock_guard l(mu_);
    return wrong_[key];
  }
  std::vector<FileCase> filed() {
    std::lock_guard l(mu_);
    return filed_;
  }

 private:
  struct Stored {
    FileCase request;
    std::string code;
    CaseView view;
  };
  static Result<CaseView> Rate(Stored& s, uint8_t satisfaction, bool fixed);
  std::mutex mu_;
  std::map<std::string, Stored> cases_;
  std::map<std::string, int> wrong_;
  std::vector<FileCase> filed_;
  bool fail_file_ = false;
  int next_ = 1;
};

}  // namespace gridledger::kiosk::testing
