#include "facade/hosted_projection.h"

#include <algorithm>

#include "projections/model_keys.h"

namespace gridledger {

namespace {

constexpr char kUserRow = 'u';
const std::string kCheckpointKey = "zcheckpoint";

std::string UserKey(std::string_view key) {
  std::string k(1, kUserRow);
  k += key;
  return k;
}

// The projection's view of one group's rows.
class Rows final : public ProjectionRows {
 public:
  explicit Rows(ModelWrites& w) : w_(w) {}
  Result<std::optional<std::string>> Get(std::string_view key) const override {
    std::string value;
    auto found = w_.Get(UserKey(key), &value);
    if (!found.ok()) return found.error();
    if (!*found) return std::optional<std::string>{};
    return std::optional<std::string>(std::move(value));
  }
  void Put(std::string_view key, std::string_view value) override {
    w_.Put(UserKey(key), std::string(value));
  }
  void Delete(std::string_view key) override { w_.Delete(UserKey(key)); }

 private:
  ModelWrites& w_;
};

}  // namespace

Status HostedProjection::CheckName(const std::string& name) {
  bool ok = !name.empty() && std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '_';
  });
  return ok ? Status::Ok()
            : Status::InvalidArgument("projection name '" + name +
                                      "': use letters, digits, '-' and '_'");
}

Result<ModelRows> HostedProjection::Apply(const std::vector<RecordedEvent>& events) {
  ModelWrites w(*store_);
  Rows rows(w);
  GL_RETURN_IF_ERROR(projection_->Apply(events, rows));
  if (!events.empty()) w.Put(kCheckpointKey, model_keys::PositionBytes(events.back().position));
  return std::move(w.rows());
}

Status HostedProjection::Stage(const std::vector<RecordedEvent>& events, StoreBatch* batch) {
  auto rows = Apply(events);
  if (!rows.ok())
    return Status(rows.error().code(), "projection '" + name() + "': " + rows.error().message());
  store_->Stage(*rows, batch);
  return Status::Ok();
}

Status HostedProjection::ApplyNow(const std::vector<RecordedEvent>& events) {
  auto rows = Apply(events);
  if (!rows.ok()) return rows.error();
  return store_->WriteNow(*rows);
}

Result<Position> HostedProjection::Checkpoint() const {
  std::string v;
  auto found = store_->Get(kCheckpointKey, &v);
  if (!found.ok()) return found.error();
  if (!*found) return Position{0};
  if (v.size() != 8) return Status::Corruption("projection '" + name() + "': damaged checkpoint");
  return Position{keys::ReadBE64(v)};
}

Result<std::optional<std::string>> HostedProjection::Get(std::string_view key) const {
  std::string value;
  auto found = store_->Get(UserKey(key), &value);
  if (!found.ok()) return found.error();
  if (!*found) return std::optional<std::string>{};
  return std::optional<std::string>(std::move(value));
}

Status HostedProjection::Scan(std::string_view prefix, const ProjectionVisitor& visit) const {
  std::string lower = UserKey(prefix);
  return store_->Scan(
      lower, model_keys::PrefixEnd(lower),
      [&](std::string_view k, std::string_view v) { return visit(k.substr(1), v); });
}

}  // namespace gridledger
