// The payloads of GridLedger's events, as plain C++ values. They mirror
// schemas/events.capnp one to one; the codec (engine/src/codec) is the only
// code that translates between the two. docs/events.md is the catalogue.
//
// Times are Timestamp (UTC microseconds). Personal data is never a plain
// string here: it is a SealedField, encrypted under a per-person key.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "gridledger/export.h"
#include "gridledger/types.h"

namespace gridledger {

// A personal field encrypted with the key of `person_id` (see
// PersonalDataVault). Empty person_id means "no personal data".
struct SealedField {
  std::string person_id;
  std::string nonce;   // 24 bytes
  std::string cipher;  // ciphertext + 16-byte tag
  bool empty() const { return person_id.empty() && cipher.empty(); }
  bool operator==(const SealedField&) const = default;
};

struct Location {
  std::string grid_code;
  std::string place_id;
  std::string address;
  int32_t lat_e6 = 0;
  int32_t lon_e6 = 0;
  bool operator==(const Location&) const = default;
};

// An event defined by the embedding system, not by GridLedger.
struct OpaqueEvent {
  std::string type_name;
  std::string data;
  bool operator==(const OpaqueEvent&) const = default;
};

// ---- grid registry --------------------------------------------------------

enum class GridKind : uint8_t { kStreet, kCommunity, kGrid, kMicroGrid, kDedicated };

struct GridDefined {
  std::string code;
  std::string name;
  GridKind kind = GridKind::kGrid;
  std::string parent_code;
  uint32_t households = 0;
  bool operator==(const GridDefined&) const = default;
};

enum class PlaceKind : uint8_t { kCompound, kBuilding, kShop, kMarket, kSchool, kOther, kUnit };

struct PlaceRegistered {
  std::string place_id;
  std::string grid_code;
  std::string name;
  PlaceKind kind = PlaceKind::kBuilding;
  std::string parent_place_id;
  bool operator==(const PlaceRegistered&) const = default;
};

enum class Role : uint8_t {
  kResident,
  kPartTimeWorker,
  kFullTimeWorker,
  kGridLeader,
  kCommunity,
  kStreetCentre,
  kDepartment,
  kSystem,
};

struct WorkerAssigned {
  std::string worker_id;
  std::string display_name;
  Role role = Role::kFullTimeWorker;
  std::string grid_code;
  std::string department;
  bool operator==(const WorkerAssigned&) const = default;
};

struct WorkerReleased {
  std::string worker_id;
  std::string grid_code;
  bool operator==(const WorkerReleased&) const = default;
};

// ---- the case loop --------------------------------------------------------

enum class CaseSource : uint8_t {
  kKiosk,
  kPatrol,
  kInspection,
  kSensor,
  kImport,
  kHotline,
  kWorker
};
enum class Priority : uint8_t { kNormal, kUrgent, kEmergency };
enum class AssigneeLevel : uint8_t { kGrid, kCommunity, kStreet, kDepartment };

// What a case is. Stored (events.capnp, JSON) by name: "request",
// "microWish" (an unknown stored name reads as kRequest).
enum class CaseKind : uint8_t { kRequest, kMicroWish };

// Why a filed case is not taken on (注销). Stored by name: "invalid",
// "duplicate", "notResponsible" (an unknown stored name reads as kInvalid).
enum class RejectReason : uint8_t { kInvalid, kDuplicate, kNotResponsible };

// The stored names of the values above (in declaration order), and back
// (nullopt: not a name).
inline constexpr std::array<std::string_view, 2> kCaseKindNames = {"request", "microWish"};
inline constexpr std::array<std::string_view, 3> kRejectReasonNames = {"invalid", "duplicate",
                                                                       "notResponsible"};
GRIDLEDGER_EXPORT std::string_view CaseKindName(CaseKind kind);
GRIDLEDGER_EXPORT std::optional<CaseKind> ParseCaseKind(std::string_view name);
GRIDLEDGER_EXPORT std::string_view RejectReasonName(RejectReason reason);
GRIDLEDGER_EXPORT std::optional<RejectReason> ParseRejectReason(std::string_view name);

struct CaseFiled {
  std::string category;
  CaseSource source = CaseSource::kKiosk;
  std::string description;
  Location location;
  SealedField reporter;
  std::string resident_key;     // keyed hash of the contact, for "my cases"
  std::string query_code_hash;  // salted hash of the receipt's query code
  CaseKind kind = CaseKind::kRequest;
  std::string external_id;
  std::string media_url;
  bool operator==(const CaseFiled&) const = default;
};

struct CaseRegistered {
  Priority priority = Priority::kNormal;
  Timestamp deadline{};
  Timestamp warn_at{};
  bool operator==(const CaseRegistered&) const = default;
};

struct CaseRejected {
  RejectReason reason = RejectReason::kInvalid;
  std::string note;
  std::string duplicate_of;
  bool operator==(const CaseRejected&) const = default;
};

struct CaseDispatched {
  AssigneeLevel level = AssigneeLevel::kGrid;
  std::string assignee;
  std::string grid_code;
  std::string note;
  bool operator==(const CaseDispatched&) const = default;
};

struct CaseReturned {
  std::string reason;
  bool operator==(const CaseReturned&) const = default;
};

struct CaseAcknowledged {
  std::string by;
  bool operator==(const CaseAcknowledged&) const = default;
};

struct CaseHandled {
  std::string note;
  std::vector<std::string> photo_refs;
  bool operator==(const CaseHandled&) const = default;
};

struct CaseReported {
  std::string result;
  bool operator==(const CaseReported&) const = default;
};

struct CaseVerified {
  bool passed = false;
  std::string note;
  bool operator==(const CaseVerified&) const = default;
};

struct CaseClosed {
  bool on_time = true;
  std::string note;
  bool operator==(const CaseClosed&) const = default;
};

struct CaseFollowedUp {
  uint8_t satisfaction = 0;  // 1..5
  std::string comment;
  bool fixed = true;
  bool operator==(const CaseFollowedUp&) const = default;
};

struct CaseReopened {
  std::string reason;
  bool operator==(const CaseReopened&) const = default;
};

struct DeadlineExtended {
  Timestamp new_deadline{};
  Timestamp new_warn_at{};
  std::string reason;
  std::string approved_by;
  bool operator==(const DeadlineExtended&) const = default;
};

struct CaseSuspended {
  std::string reason;
  bool operator==(const CaseSuspended&) const = default;
};

struct CaseResumed {
  Timestamp new_deadline{};
  Timestamp new_warn_at{};
  bool operator==(const CaseResumed&) const = default;
};

struct CaseEscalated {
  AssigneeLevel to_level = AssigneeLevel::kCommunity;
  std::string reason;
  bool operator==(const CaseEscalated&) const = default;
};

struct DeadlineWarned {
  Timestamp deadline{};
  bool operator==(const DeadlineWarned&) const = default;
};

struct CaseOverdue {
  Timestamp deadline{};
  bool operator==(const CaseOverdue&) const = default;
};

struct CaseMerged {
  std::string into_case_id;
  bool operator==(const CaseMerged&) const = default;
};

// ---- the rest of the grid's work -----------------------------------------

struct PatrolRecorded {
  std::string grid_code;
  std::string note;
  std::vector<std::string> photo_refs;
  std::vector<std::string> finding_case_ids;
  uint32_t places_visited = 0;
  bool operator==(const PatrolRecorded&) const = default;
};

struct InspectionItem {
  std::string item;
  bool passed = true;
  std::string note;
  bool operator==(const InspectionItem&) const = default;
};

struct InspectionRecorded {
  std::string place_id;
  std::string place_name;
  std::vector<InspectionItem> items;
  std::vector<std::string> rectification_case_ids;
  bool operator==(const InspectionRecorded&) const = default;
};

struct MediationOpened {
  std::string subject;
  std::vector<SealedField> parties;
  std::string category;
  bool operator==(const MediationOpened&) const = default;
};

struct MediationSession {
  std::string note;
  bool operator==(const MediationSession&) const = default;
};

struct MediationConcluded {
  bool agreed = false;
  std::string summary;
  bool operator==(const MediationConcluded&) const = default;
};

struct MicroWishCollected {
  std::string wish;
  SealedField resident;
  bool operator==(const MicroWishCollected&) const = default;
};

struct MicroWishPlanned {
  std::string plan;
  std::string sponsor;
  bool operator==(const MicroWishPlanned&) const = default;
};

struct MicroWishFulfilled {
  std::string note;
  bool operator==(const MicroWishFulfilled&) const = default;
};

struct MicroWishRevisited {
  std::string note;
  bool satisfied = true;
  bool operator==(const MicroWishRevisited&) const = default;
};

struct CareVisitRecorded {
  SealedField person;
  SealedField notes;
  bool follow_up_needed = false;
  bool operator==(const CareVisitRecorded&) const = default;
};

struct PolicyOutreachRecorded {
  std::string topic;
  uint32_t households_reached = 0;
  uint32_t people_informed = 0;
  bool operator==(const PolicyOutreachRecorded&) const = default;
};

struct SensorAlarmRaised {
  std::string device_id;
  std::string alarm_kind;
  Location location;
  std::string case_id;
  bool operator==(const SensorAlarmRaised&) const = default;
};

// Every payload GridLedger knows. The index of each alternative is stable
// only within one build; stored events use the schema's union tags.
using EventPayload =
    std::variant<OpaqueEvent, GridDefined, PlaceRegistered, WorkerAssigned, WorkerReleased,
                 CaseFiled, CaseRegistered, CaseRejected, CaseDispatched, CaseReturned,
                 CaseAcknowledged, CaseHandled, CaseReported, CaseVerified, CaseClosed,
                 CaseFollowedUp, CaseReopened, DeadlineExtended, CaseSuspended, CaseResumed,
                 CaseEscalated, DeadlineWarned, CaseOverdue, CaseMerged, PatrolRecorded,
                 InspectionRecorded, MediationOpened, MediationSession, MediationConcluded,
                 MicroWishCollected, MicroWishPlanned, MicroWishFulfilled, MicroWishRevisited,
                 CareVisitRecorded, PolicyOutreachRecorded, SensorAlarmRaised>;

// The event's type name as in the schema ("caseFiled", "patrolRecorded");
// for an OpaqueEvent, its own type_name.
GRIDLEDGER_EXPORT std::string_view EventTypeName(const EventPayload& payload);

}  // namespace gridledger
