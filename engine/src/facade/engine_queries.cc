// Resident lookups (query code + lockout) and office queries.

#include <algorithm>

#include "domain/authorization.h"
#include "facade/engine_impl.h"

namespace gridledger {

namespace {
const char* kWrongCode = "案件编号或查询码不正确 / case number or query code is wrong";
}

Status EngineImpl::CheckLock(const std::string& key) {
  std::lock_guard lock(lock_mu_);
  auto it = failures_.find(key);
  if (it == failures_.end()) return Status::Ok();
  if (it->second.locked_until != Timestamp{} && Now() < it->second.locked_until) {
    auto minutes = std::chrono::ceil<std::chrono::minutes>(it->second.locked_until - Now()).count();
    return Status::ResourceExhausted(
        "查询码错误次数过多，请" + std::to_string(minutes) +
        "分钟后再试，或到服务窗口求助 / too many wrong codes: try again in " +
        std::to_string(minutes) + " min or ask at the counter");
  }
  if (it->second.locked_until != Timestamp{}) failures_.erase(it);  // lock expired
  return Status::Ok();
}

void EngineImpl::RecordFailure(const std::string& key) {
  std::lock_guard lock(lock_mu_);
  Failures& f = failures_[key];
  wrong_codes_.fetch_add(1, std::memory_order_relaxed);
  if (++f.count >= options_.max_wrong_codes) {
    lockouts_.fetch_add(1, std::memory_order_relaxed);
    f.locked_until = Now() + options_.lockout;
    f.count = 0;
  }
}

void EngineImpl::ClearFailures(const std::string& key) {
  std::lock_guard lock(lock_mu_);
  failures_.erase(key);
}

LookupTries EngineImpl::Tries(const std::string& key) {
  std::lock_guard lock(lock_mu_);
  LookupTries t;
  t.remaining = options_.max_wrong_codes;
  auto it = failures_.find(key);
  if (it == failures_.end()) return t;
  if (it->second.locked_until != Timestamp{} && Now() < it->second.locked_until) {
    t.remaining = 0;
    t.locked_until = it->second.locked_until;
    return t;
  }
  if (it->second.locked_until == Timestamp{})
    t.remaining = it->second.count >= t.remaining ? 0 : t.remaining - it->second.count;
  return t;
}

Result<CaseView> EngineImpl::LookupCase(const std::string& case_id, const std::string& query_code) {
  GL_RETURN_IF_ERROR(ModelsReady());
  const std::string key = "case:" + case_id;
  GL_RETURN_IF_ERROR(CheckLock(key));
  auto model = SnapshotCase(case_id);
  // Unknown case and wrong code answer alike, and both count.
  if (!model || model->query_code_hash.empty() ||
      !vault_->Matches(case_id, query_code, model->query_code_hash)) {
    RecordFailure(key);
    return Status::NotFound(kWrongCode);
  }
  // The right code, but the reporter's phone is locked: one lock, either way.
  if (!model->resident_key.empty()) GL_RETURN_IF_ERROR(CheckLock("person:" + model->resident_key));
  ClearFailures(key);
  return model->view;
}

Result<std::string> EngineImpl::ProvePhone(const std::string& phone, const std::string& query_code,
                                           std::vector<std::string>* case_ids) {
  std::string person = vault_->PersonIdForPhone(NormalizePhone(phone));
  const std::string key = "person:" + person;
  GL_RETURN_IF_ERROR(CheckLock(key));
  std::string matched;
  {
    std::shared_lock lock(models_mu_);
    auto cases = models_->CasesOfPerson(person);
    if (!cases.ok()) return cases.error();
    for (const auto& id : *cases) {
      auto m = models_->FindCase(id);
      if (!m.ok()) return m.error();
      if (!*m) continue;
      if (matched.empty() && vault_->Matches(id, query_code, (*m)->query_code_hash)) matched = id;
      case_ids->push_back(id);
    }
  }
  if (matched.empty()) {
    RecordFailure(key);
    return Status::NotFound("手机号或查询码不正确 / phone number or query code is wrong");
  }
  // The code's own case locked by wrong codes typed with its number.
  GL_RETURN_IF_ERROR(CheckLock("case:" + matched));
  auto at = std::find(case_ids->begin(), case_ids->end(), matched);
  std::rotate(case_ids->begin(), at, at + 1);  // the code's case first
  ClearFailures(key);
  return person;
}

Result<std::vector<CaseView>> EngineImpl::LookupByPhone(const std::string& phone,
                                                        const std::string& query_code) {
  GL_RETURN_IF_ERROR(ModelsReady());
  std::vector<std::string> ids;
  auto proved = ProvePhone(phone, query_code, &ids);
  if (!proved.ok()) return proved.status();
  std::vector<CaseView> out;
  for (const auto& id : ids)
    if (auto m = SnapshotCase(id)) out.push_back(std::move(m->view));
  if (!out.empty())  // the code's case stays first, the others newest first
    std::sort(out.begin() + 1, out.end(),
              [](const CaseView& a, const CaseView& b) { return a.filed_at > b.filed_at; });
  return out;
}

Result<LookupTries> EngineImpl::CaseLookupTries(const std::string& case_id) {
  return Tries("case:" + case_id);
}

Result<LookupTries> EngineImpl::PhoneLookupTries(const std::string& phone) {
  return Tries("person:" + vault_->PersonIdForPhone(NormalizePhone(phone)));
}

Status EngineImpl::AuthorizeScope(const Actor& actor, domain::Permission p,
                                  const std::string& grid) const {
  std::shared_lock lock(models_mu_);
  return domain::Authorize(actor, models_->registry(), p, {grid, AssigneeLevel::kGrid, ""});
}

Result<CaseView> EngineImpl::GetCase(const Actor& actor, const std::string& case_id) {
  GL_RETURN_IF_ERROR(ModelsReady());
  auto model = SnapshotCase(case_id);
  if (!model) return Status::NotFound("没有这个案件 / no case '" + case_id + "'");
  {
    std::shared_lock lock(models_mu_);
    GL_RETURN_IF_ERROR(domain::Authorize(
        actor, models_->registry(), domain::Permission::kReadCase,
        {model->view.location.grid_code, model->view.level, model->view.assignee}));
  }
  return model->view;
}

Result<std::vector<QueueItem>> EngineImpl::WorkQueue(const Actor& actor, const std::string& scope) {
  GL_RETURN_IF_ERROR(ModelsReady());
  GL_RETURN_IF_ERROR(AuthorizeScope(actor, domain::Permission::kReadScope, scope));
  std::shared_lock lock(models_mu_);
  return models_->Queue(scope);
}

Result<std::vector<LedgerEntry>> EngineImpl::Ledger(const Actor& actor, const std::string& scope,
                                                    Timestamp from, Timestamp to) {
  GL_RETURN_IF_ERROR(ModelsReady());
  GL_RETURN_IF_ERROR(AuthorizeScope(actor, domain::Permission::kReadScope, scope));
  std::shared_lock lock(models_mu_);
  return models_->Ledger(scope, from, to);
}

Result<Statistics> EngineImpl::Stats(const Actor& actor, const std::string& scope, Timestamp from,
                                     Timestamp to) {
  GL_RETURN_IF_ERROR(ModelsReady());
  GL_RETURN_IF_ERROR(AuthorizeScope(actor, domain::Permission::kReadScope, scope));
  std::shared_lock lock(models_mu_);
  return models_->Stats(scope, from, to);
}

Result<std::vector<QueueItem>> EngineImpl::DeadlinesBefore(Timestamp until) {
  GL_RETURN_IF_ERROR(ModelsReady());
  std::shared_lock lock(models_mu_);
  return models_->DeadlinesBefore(until);
}

std::vector<GridInfo> EngineImpl::Grids() const {
  if (!models_ready_.load(std::memory_order_acquire)) return {};  // a build runs
  std::shared_lock lock(models_mu_);
  std::vector<GridInfo> out;
  for (const auto& [code, g] : models_->registry().grids()) out.push_back(g);
  return out;
}

std::vector<PlaceInfo> EngineImpl::Places(const std::string& grid_code) const {
  if (!models_ready_.load(std::memory_order_acquire)) return {};  // a build runs
  std::shared_lock lock(models_mu_);
  std::vector<PlaceInfo> out;
  for (const auto& [id, p] : models_->registry().places())
    if (grid_code.empty() || domain::Covers(grid_code, p.grid_code)) out.push_back(p);
  return out;
}

std::vector<WorkerInfo> EngineImpl::Workers(const std::string& grid_code) const {
  if (!models_ready_.load(std::memory_order_acquire)) return {};  // a build runs
  std::shared_lock lock(models_mu_);
  std::vector<WorkerInfo> out;
  for (const auto& [id, w] : models_->registry().workers())
    if (grid_code.empty() || domain::Covers(grid_code, w.grid_code)) out.push_back(w);
  return out;
}

}  // namespace gridledger
