#include "domain/filing_decider.h"

#include "common/utf8.h"
#include "domain/authorization.h"
#include "gridledger/phone.h"

namespace gridledger::domain {

namespace {

// Validates what the resident or worker gave us; names the field.
Status CheckRequest(const FileCase& request, const Actor& actor, const std::string& phone) {
  GL_RETURN_IF_ERROR(CheckUtf8("place id", request.location.place_id));
  GL_RETURN_IF_ERROR(CheckUtf8("grid code", request.location.grid_code));
  GL_RETURN_IF_ERROR(CheckUtf8("external id", request.external_id));
  if (!FindCategory(request.category))
    return Status::InvalidArgument("未知的诉求类别 / unknown category '" + request.category + "'");
  if (request.description.empty())
    return Status::InvalidArgument("请说明是什么问题 / description is empty");
  if (request.description.size() > kMaxDescriptionBytes)
    return Status::InvalidArgument("问题描述太长 / description is longer than 4000 bytes");
  if (actor.kind == Actor::Kind::kResident && !IsValidMobile(phone))
    return Status::InvalidArgument("请输入11位手机号码 / phone: enter an 11-digit mobile number");
  if (!request.reporter_phone.empty() && !IsValidMobile(phone))
    return Status::InvalidArgument("手机号码不正确 / phone: not an 11-digit mobile number");
  if (!request.query_code.empty() &&
      (request.query_code.size() != 6 ||
       request.query_code.find_first_not_of("0123456789") != std::string::npos))
    return Status::InvalidArgument("查询码应为6位数字 / query code: 6 digits");
  return Status::Ok();
}

// Routes: the place's grid, else the stated grid, else the community.
Result<Location> Route(Location location, const Registry& registry) {
  if (!location.place_id.empty()) {
    const PlaceInfo* place = registry.FindPlace(location.place_id);
    if (!place)
      return Status::InvalidArgument("未知的地点 / unknown place '" + location.place_id + "'");
    location.grid_code = place->grid_code;
    if (location.address.empty()) location.address = place->name;
  }
  if (!location.grid_code.empty() && !registry.FindGrid(location.grid_code))
    return Status::InvalidArgument("未知的网格 / unknown grid '" + location.grid_code + "'");
  if (location.grid_code.empty()) location.grid_code = registry.DefaultCommunity();
  if (location.grid_code.empty())
    return Status::Unavailable("尚未建立网格 / no grids are registered yet");
  return location;
}

// The worker a case at `grid_code` lands with: a grid's (a micro-grid's
// parent grid's) worker; none for a community or street.
std::string WorkerFor(const std::string& grid_code, const Registry& registry) {
  const GridInfo* g = registry.FindGrid(grid_code);
  if (!g) return "";
  switch (g->kind) {
    case GridKind::kGrid:
    case GridKind::kDedicated:
      return registry.GridWorker(grid_code);
    case GridKind::kMicroGrid:
      return registry.GridWorker(g->parent_code);
    default:
      return "";
  }
}

}  // namespace

Result<FilingDecision> DecideFiling(const FileCase& request, const DecideContext& context) {
  const std::string phone = NormalizePhone(request.reporter_phone);
  GL_RETURN_IF_ERROR(CheckRequest(request, context.actor, phone));
  const ServiceCategory& category = *FindCategory(request.category);
  GL_ASSIGN_OR_RETURN(Location location, Route(request.location, context.registry));
  FilingDecision out;
  out.worker = WorkerFor(location.grid_code, context.registry);
  GL_RETURN_IF_ERROR(Authorize(context.actor, context.registry, Permission::kFile,
                               {location.grid_code, AssigneeLevel::kGrid, ""}));

  CaseFiled filed;
  filed.category = category.code;
  filed.source = request.source;
  filed.description = request.description;
  filed.location = location;
  filed.kind = CategoryKindOf(category) == CategoryKind::kMicroWish ? CaseKind::kMicroWish
                                                                    : CaseKind::kRequest;
  filed.external_id = request.external_id;
  filed.media_url = request.media_url;
  out.events.push_back(std::move(filed));
  if (!phone.empty()) {
    out.reporter = SealRequest{
        0,
        phone,
        {request.reporter_name + "\n" + phone},
        [](EventPayload& event, const std::string& person, std::vector<SealedField> sealed) {
          auto& f = std::get<CaseFiled>(event);
          f.reporter = std::move(sealed.front());
          f.resident_key = person;
        }};
  }

  out.grid_code = location.grid_code;
  out.priority = category.priority;
  if (request.source == CaseSource::kImport) return out;
  const Timestamp now = context.now;
  out.deadline = DeadlineFor(category, now, context.calendar);
  out.events.push_back(
      CaseRegistered{category.priority, out.deadline, WorkCalendar::WarnAt(now, out.deadline)});
  if (!out.worker.empty())
    out.events.push_back(CaseDispatched{AssigneeLevel::kGrid, out.worker, location.grid_code,
                                        "按网格自动派发 / routed to the grid"});
  else
    out.events.push_back(CaseDispatched{AssigneeLevel::kCommunity, location.grid_code.substr(0, 12),
                                        location.grid_code,
                                        "位置不明，由社区派发 / place unknown"});
  return out;
}

}  // namespace gridledger::domain
