// The wire codec's shared part: Status, the values commands and read models
// both carry, the list and map helpers, and the check that every wire enum
// mirrors its C++ enum. Commands, read models and the log's values are in
// wire_codec_commands.cc, wire_codec_read_models.cc and wire_codec_log.cc.
#include "rpc/wire_codec.h"

#include <cstdint>
#include <string>

#include "rpc/wire_codec_internal.h"

namespace gridledger::rpc {

namespace {

using internal::EnumFromWire;
using internal::EnumToWire;
using internal::Str;
using internal::Txt;

// Same number, enumerant by enumerant: a wire enum that drifts from its C++
// enum (reordered, one missing) fails to compile here.
template <typename W, typename C>
constexpr bool Same(W w, C c) {
  return static_cast<uint16_t>(w) == static_cast<uint16_t>(c);
}

static_assert(Same(wire::GridKind::STREET, GridKind::kStreet));
static_assert(Same(wire::GridKind::COMMUNITY, GridKind::kCommunity));
static_assert(Same(wire::GridKind::GRID, GridKind::kGrid));
static_assert(Same(wire::GridKind::MICRO_GRID, GridKind::kMicroGrid));
static_assert(Same(wire::GridKind::DEDICATED, GridKind::kDedicated));

static_assert(Same(wire::PlaceKind::COMPOUND, PlaceKind::kCompound));
static_assert(Same(wire::PlaceKind::BUILDING, PlaceKind::kBuilding));
static_assert(Same(wire::PlaceKind::SHOP, PlaceKind::kShop));
static_assert(Same(wire::PlaceKind::MARKET, PlaceKind::kMarket));
static_assert(Same(wire::PlaceKind::SCHOOL, PlaceKind::kSchool));
static_assert(Same(wire::PlaceKind::OTHER, PlaceKind::kOther));
static_assert(Same(wire::PlaceKind::UNIT, PlaceKind::kUnit));

static_assert(Same(wire::Role::RESIDENT, Role::kResident));
static_assert(Same(wire::Role::PART_TIME_WORKER, Role::kPartTimeWorker));
static_assert(Same(wire::Role::FULL_TIME_WORKER, Role::kFullTimeWorker));
static_assert(Same(wire::Role::GRID_LEADER, Role::kGridLeader));
static_assert(Same(wire::Role::COMMUNITY, Role::kCommunity));
static_assert(Same(wire::Role::STREET_CENTRE, Role::kStreetCentre));
static_assert(Same(wire::Role::DEPARTMENT, Role::kDepartment));
static_assert(Same(wire::Role::SYSTEM, Role::kSystem));

static_assert(Same(wire::CaseSource::KIOSK, CaseSource::kKiosk));
static_assert(Same(wire::CaseSource::PATROL, CaseSource::kPatrol));
static_assert(Same(wire::CaseSource::INSPECTION, CaseSource::kInspection));
static_assert(Same(wire::CaseSource::SENSOR, CaseSource::kSensor));
static_assert(Same(wire::CaseSource::IMPORT, CaseSource::kImport));
static_assert(Same(wire::CaseSource::HOTLINE, CaseSource::kHotline));
static_assert(Same(wire::CaseSource::WORKER, CaseSource::kWorker));

static_assert(Same(wire::Priority::NORMAL, Priority::kNormal));
static_assert(Same(wire::Priority::URGENT, Priority::kUrgent));
static_assert(Same(wire::Priority::EMERGENCY, Priority::kEmergency));

static_assert(Same(wire::AssigneeLevel::GRID, AssigneeLevel::kGrid));
static_assert(Same(wire::AssigneeLevel::COMMUNITY, AssigneeLevel::kCommunity));
static_assert(Same(wire::AssigneeLevel::STREET, AssigneeLevel::kStreet));
static_assert(Same(wire::AssigneeLevel::DEPARTMENT, AssigneeLevel::kDepartment));

static_assert(Same(wire::CaseState::FILED, CaseState::kFiled));
static_assert(Same(wire::CaseState::REGISTERED, CaseState::kRegistered));
static_assert(Same(wire::CaseState::REJECTED, CaseState::kRejected));
static_assert(Same(wire::CaseState::DISPATCHED, CaseState::kDispatched));
static_assert(Same(wire::CaseState::IN_PROGRESS, CaseState::kInProgress));
static_assert(Same(wire::CaseState::REPORTED, CaseState::kReported));
static_assert(Same(wire::CaseState::CLOSED, CaseState::kClosed));
static_assert(Same(wire::CaseState::SUSPENDED, CaseState::kSuspended));
static_assert(Same(wire::CaseState::MERGED, CaseState::kMerged));

static_assert(Same(wire::SlaUnit::CALENDAR_HOURS, SlaUnit::kCalendarHours));
static_assert(Same(wire::SlaUnit::WORKING_HOURS, SlaUnit::kWorkingHours));
static_assert(Same(wire::SlaUnit::WORKING_DAYS, SlaUnit::kWorkingDays));

static_assert(Same(wire::ExpectedVersion::Kind::ANY, ExpectedVersion::Kind::kAny));
static_assert(Same(wire::ExpectedVersion::Kind::NO_STREAM, ExpectedVersion::Kind::kNoStream));
static_assert(Same(wire::ExpectedVersion::Kind::EXACT, ExpectedVersion::Kind::kExact));

constexpr auto kLastStatusCode = StatusCode::kInternal;

}  // namespace

// ---- helpers of wire_codec_internal.h --------------------------------------

namespace internal {

void TextListToWire(const std::vector<std::string>& in, capnp::List<capnp::Text>::Builder out) {
  for (unsigned i = 0; i < in.size(); ++i) out.set(i, Txt(in[i]));
}

std::vector<std::string> TextListFromWire(capnp::List<capnp::Text>::Reader in) {
  std::vector<std::string> out;
  out.reserve(in.size());
  for (auto text : in) out.push_back(Str(text));
  return out;
}

void CountsToWire(const std::map<std::string, uint64_t>& in,
                  capnp::List<wire::CountEntry>::Builder out) {
  unsigned i = 0;
  for (const auto& [key, value] : in) {
    auto entry = out[i++];
    entry.setKey(Txt(key));
    entry.setValue(value);
  }
}

std::map<std::string, uint64_t> CountsFromWire(capnp::List<wire::CountEntry>::Reader in) {
  std::map<std::string, uint64_t> out;
  for (auto entry : in) out.insert_or_assign(Str(entry.getKey()), entry.getValue());
  return out;
}

}  // namespace internal

// ---- results -------------------------------------------------------------

void ToWire(const Status& in, wire::Status::Builder out) {
  out.setCode(static_cast<uint16_t>(in.code()));
  out.setMessage(Txt(in.message()));
}

Status FromWire(wire::Status::Reader in) {
  const uint16_t code = in.getCode();
  return Status(
      code > static_cast<uint16_t>(kLastStatusCode) ? StatusCode::kInternal : StatusCode(code),
      Str(in.getMessage()));
}

// ---- shared values ---------------------------------------------------------

void ToWire(const Location& in, wire::Location::Builder out) {
  out.setGridCode(Txt(in.grid_code));
  out.setPlaceId(Txt(in.place_id));
  out.setAddress(Txt(in.address));
  out.setLatE6(in.lat_e6);
  out.setLonE6(in.lon_e6);
}

Location FromWire(wire::Location::Reader in) {
  Location out;
  out.grid_code = Str(in.getGridCode());
  out.place_id = Str(in.getPlaceId());
  out.address = Str(in.getAddress());
  out.lat_e6 = in.getLatE6();
  out.lon_e6 = in.getLonE6();
  return out;
}

void ToWire(const GridDefined& in, wire::GridDefined::Builder out) {
  out.setCode(Txt(in.code));
  out.setName(Txt(in.name));
  out.setKind(EnumToWire(in.kind));
  out.setParentCode(Txt(in.parent_code));
  out.setHouseholds(in.households);
}

GridDefined FromWire(wire::GridDefined::Reader in) {
  GridDefined out;
  out.code = Str(in.getCode());
  out.name = Str(in.getName());
  out.kind = EnumFromWire<GridKind>(in.getKind());
  out.parent_code = Str(in.getParentCode());
  out.households = in.getHouseholds();
  return out;
}

void ToWire(const PlaceRegistered& in, wire::PlaceRegistered::Builder out) {
  out.setPlaceId(Txt(in.place_id));
  out.setGridCode(Txt(in.grid_code));
  out.setName(Txt(in.name));
  out.setKind(EnumToWire(in.kind));
  out.setParentPlaceId(Txt(in.parent_place_id));
}

PlaceRegistered FromWire(wire::PlaceRegistered::Reader in) {
  PlaceRegistered out;
  out.place_id = Str(in.getPlaceId());
  out.grid_code = Str(in.getGridCode());
  out.name = Str(in.getName());
  out.kind = EnumFromWire<PlaceKind>(in.getKind());
  out.parent_place_id = Str(in.getParentPlaceId());
  return out;
}

void ToWire(const WorkerAssigned& in, wire::WorkerAssigned::Builder out) {
  out.setWorkerId(Txt(in.worker_id));
  out.setDisplayName(Txt(in.display_name));
  out.setRole(EnumToWire(in.role));
  out.setGridCode(Txt(in.grid_code));
  out.setDepartment(Txt(in.department));
}

WorkerAssigned FromWire(wire::WorkerAssigned::Reader in) {
  WorkerAssigned out;
  out.worker_id = Str(in.getWorkerId());
  out.display_name = Str(in.getDisplayName());
  out.role = EnumFromWire<Role>(in.getRole());
  out.grid_code = Str(in.getGridCode());
  out.department = Str(in.getDepartment());
  return out;
}

void ToWire(const InspectionItem& in, wire::InspectionItem::Builder out) {
  out.setItem(Txt(in.item));
  out.setPassed(in.passed);
  out.setNote(Txt(in.note));
}

InspectionItem FromWire(wire::InspectionItem::Reader in) {
  InspectionItem out;
  out.item = Str(in.getItem());
  out.passed = in.getPassed();
  out.note = Str(in.getNote());
  return out;
}

}  // namespace gridledger::rpc
