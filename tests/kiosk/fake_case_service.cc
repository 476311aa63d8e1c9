#include "fake_case_service.h"

#include <cstdio>

namespace gridledger::kiosk::testing {

// Five categories of the engine's own catalogue (not a copy of it): an
// urgent one, two ordinary ones, a micro-wish and the emergency.
std::vector<ServiceCategory> FakeCaseService::Catalogue() {
  std::vector<ServiceCategory> c;
  for (const char* code : {"sewer", "noise", "dispute", "micro_wish", "emergency"})
    c.push_back(*FindCategory(code));
  return c;
}

std::vector<PlaceChoice> FakeCaseService::Places() {
  return {{"p-cuiyuan", "41130200100101", "翠园小区", true},
          {"p-cuiyuan-3", "41130200100101", "翠园小区 3号楼", false},
          {"p-plaza", "41130200100108", "新华城市广场", true}};
}

Result<FiledReceipt> FakeCaseService::File(const FileCase& r) {
  std::lock_guard l(mu_);
  if (fail_file_) {
    fail_file_ = false;
    return Status::IOError("disk full");
  }
  char id[64];
  std::snprintf(id, sizeof id, "case-20261123-%04d", next_);
  char code[16];
  std::snprintf(code, sizeof code, "%06d", 135790 + next_);
  ++next_;
  FiledReceipt receipt;
  receipt.case_id = id;
  receipt.query_code = code;
  receipt.deadline = std::chrono::time_point_cast<std::chrono::microseconds>(
      std::chrono::sys_days{std::chrono::year{2026} / 11 / 24});
  receipt.grid_code = r.location.grid_code;
  Stored s{r, code, {}};
  s.view.case_id = id;
  s.view.category = r.category;
  s.view.description = r.description;
  s.view.location = r.location;
  s.view.deadline = receipt.deadline;
  s.view.masked_phone = r.reporter_phone.substr(0, 3) + "****" + r.reporter_phone.substr(7);
  s.view.timeline.push_back({receipt.deadline - std::chrono::hours(24), "caseFiled",
                             "您的诉求已受理", "Your request was received"});
  cases_[id] = s;
  filed_.push_back(r);
  return receipt;
}

Result<CaseView> FakeCaseService::Lookup(const std::string& id, const std::string& code) {
  std::lock_guard l(mu_);
  if (wrong_[id] >= 5) return Status::ResourceExhausted("locked");
  auto it = cases_.find(id);
  if (it == cases_.end() || it->second.code != code) {
    ++wrong_[id];
    return Status::NotFound("no such case or wrong code");
  }
  wrong_[id] = 0;
  return it->second.view;
}

Result<std::vector<CaseView>> FakeCaseService::LookupByPhone(const std::string& phone,
                                                             const std::string& code) {
  std::lock_guard l(mu_);
  if (wrong_[phone] >= 5) return Status::ResourceExhausted("locked");
  std::vector<CaseView> out;
  bool matched = false;
  for (auto& [id, s] : cases_) {
    if (s.request.reporter_phone != phone) continue;
    if (!matched && s.code == code) {
      matched = true;
      out.insert(out.begin(), s.view);  // the code's case first
    } else {
      out.push_back(s.view);
    }
  }
  if (!matched) {
    ++wrong_[phone];
    return Status::NotFound("no such case or wrong code");
  }
  return out;
}

Result<CaseView> FakeCaseService::Rate(Stored& s, uint8_t satisfaction, bool fixed) {
  CaseView& v = s.view;
  if (v.state != CaseState::kClosed || v.satisfaction)
    return Status::Rejected("这个事项现在不能评价 / this case cannot be rated now");
  if (fixed) {
    v.satisfaction = satisfaction;
    v.timeline.push_back({v.deadline, "residentRated", "居民评价", "Rated"});
  } else {
    v.state = CaseState::kInProgress;
    v.reopen_count++;
    v.timeline.push_back({v.deadline, "caseReopened", "居民反映没有解决，已重新办理", "Reopened"});
  }
  return v;
}

Result<CaseView> FakeCaseService::FeedbackByPhone(const std::string& phone, const std::string& code,
                                                  const std::string& case_id, uint8_t satisfaction,
                                                  bool fixed) {
  std::lock_guard l(mu_);
  if (wrong_[phone] >= 5) return Status::ResourceExhausted("locked");
  bool proved = false;
  for (auto& [id, s] : cases_)
    proved = proved || (s.request.reporter_phone == phone && s.code == code);
  if (!proved) {
    ++wrong_[phone];
    return Status::NotFound("no such case or wrong code");
  }
  auto it = cases_.find(case_id);
  if (it == cases_.end() || it->second.request.reporter_phone != phone)
    return Status::NotFound("not a case of this phone");
  return Rate(it->second, satisfaction, fixed);
}

Result<LookupTries> FakeCaseService::Tries(bool, const std::string& key) {
  std::lock_guard l(mu_);
  LookupTries t;
  int wrong = wrong_[key];
  t.remaining = wrong >= 5 ? 0 : static_cast<uint32_t>(5 - wrong);
  if (wrong >= 5) t.locked_until = Timestamp(std::chrono::hours(1));
  return t;
}

Result<CaseView> FakeCaseService::Feedback(const std::string& id, const std::string& code,
                                           uint8_t satisfaction, bool fixed) {
  std::lock_guard l(mu_);
  if (wrong_[id] >= 5) return Status::ResourceExhausted("locked");
  auto it = cases_.find(id);
  if (it == cases_.end() || it->second.code != code) {
    ++wrong_[id];
    return Status::NotFound("no such case or wrong code");
  }
  return Rate(it->second, satisfaction, fixed);
}

void FakeCaseService::Close(const std::string& id, bool on_time) {
  std::lock_guard l(mu_);
  auto& v = cases_.at(id).view;
  v.state = CaseState::kClosed;
  v.closed_on_time = on_time;
  v.overdue = !on_time;  // the engine keeps "overdue" on a case closed late
  v.timeline.push_back({v.deadline, "caseClosed", "现场核查通过，已办结", "Checked and closed"});
}

}  // namespace gridledger::kiosk::testing
