// Round trips through the wire codec (engine/src/rpc/wire_codec.h): every
// value, with every field set away from its default, must come back equal
// field by field after ToWire, serialisation to bytes and FromWire.
//
// Whole values are compared. The public types have no operator==, so this
// file gives each one a Tie() that lists its fields by structured binding:
// a field added to a type and not to its Tie() fails to compile here, and a
// field the codec forgets comes back with its default and fails the test.
#include "rpc/wire_codec.h"

#include <capnp/any.h>
#include <capnp/message.h>
#include <capnp/schema.h>
#include <capnp/serialize.h>
#include <gtest/gtest.h>
#include <kj/common.h>
#include <kj/exception.h>

#include <cstdint>
#include <limits>
#include <map>
#include <optional>
#include <ostream>
#include <set>
#include <string>
#include <tuple>
#include <type_traits>
#include <variant>
#include <vector>

#include "rpc/wire_codec_internal.h"

// ---- every field of every type, by structured binding ----------------------

namespace gridledger {

// clang-format off
inline auto Tie(const Location& v) { const auto& [a, b, c, d, e] = v; return std::tie(a, b, c, d, e); }
inline auto Tie(const GridDefined& v) { const auto& [a, b, c, d, e] = v; return std::tie(a, b, c, d, e); }
inline auto Tie(const PlaceRegistered& v) { const auto& [a, b, c, d, e] = v; return std::tie(a, b, c, d, e); }
inline auto Tie(const WorkerAssigned& v) { const auto& [a, b, c, d, e] = v; return std::tie(a, b, c, d, e); }
inline auto Tie(const InspectionItem& v) { const auto& [a, b, c] = v; return std::tie(a, b, c); }
inline auto Tie(const FileCase& v) { const auto& [a, b, c, d, e, f, g, h, i, j] = v; return std::tie(a, b, c, d, e, f, g, h, i, j); }
inline auto Tie(const FiledReceipt& v) { const auto& [a, b, c, d, e, f, g] = v; return std::tie(a, b, c, d, e, f, g); }
inline auto Tie(const TimelineEntry& v) { const auto& [a, b, c, d] = v; return std::tie(a, b, c, d); }
inline auto Tie(const CaseView& v) {
  const auto& [a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11, a12, a13, a14, a15, a16, a17, a18,
               a19, a20, a21, a22, a23, a24, a25, a26] = v;
  return std::tie(a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11, a12, a13, a14, a15, a16, a17, a18,
                  a19, a20, a21, a22, a23, a24, a25, a26);
}
inline auto Tie(const QueueItem& v) { const auto& [a, b, c, d, e, f, g, h] = v; return std::tie(a, b, c, d, e, f, g, h); }
inline auto Tie(const LedgerEntry& v) {
  const auto& [a, b, c, d, e, f, g, h, i, j, k] = v;
  return std::tie(a, b, c, d, e, f, g, h, i, j, k);
}
inline auto Tie(const Statistics& v) {
  const auto& [a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11, a12, a13, a14, a15, a16, a17, a18,
               a19, a20, a21, a22, a23, a24, a25, a26, a27] = v;
  return std::tie(a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11, a12, a13, a14, a15, a16, a17, a18,
                  a19, a20, a21, a22, a23, a24, a25, a26, a27);
}
inline auto Tie(const GridInfo& v) { const auto& [a, b, c, d, e] = v; return std::tie(a, b, c, d, e); }
inline auto Tie(const PlaceInfo& v) { const auto& [a, b, c, d, e] = v; return std::tie(a, b, c, d, e); }
inline auto Tie(const WorkerInfo& v) { const auto& [a, b, c, d, e] = v; return std::tie(a, b, c, d, e); }
inline auto Tie(const ServiceCategory& v) {
  const auto& [a, b, c, d, e, f, g, h, i] = v;
  return std::tie(a, b, c, d, e, f, g, h, i);
}
inline auto Tie(const ExpectedVersion& v) { const auto& [a, b] = v; return std::tie(a, b); }
inline auto Tie(const AppendResult& v) { const auto& [a, b, c, d] = v; return std::tie(a, b, c, d); }
inline auto Tie(const StreamHead& v) { const auto& [a, b] = v; return std::tie(a, b); }
inline auto Tie(const LogStats& v) { const auto& [a, b, c, d] = v; return std::tie(a, b, c, d); }
inline auto Tie(const VerifyReport& v) { const auto& [a, b, c, d] = v; return std::tie(a, b, c, d); }

namespace cmd {
inline auto Tie(const Register& v) { const auto& [a, b] = v; return std::tie(a, b); }
inline auto Tie(const Reject& v) { const auto& [a, b, c, d] = v; return std::tie(a, b, c, d); }
inline auto Tie(const Dispatch& v) { const auto& [a, b, c, d] = v; return std::tie(a, b, c, d); }
inline auto Tie(const Return& v) { const auto& [a, b] = v; return std::tie(a, b); }
inline auto Tie(const Acknowledge& v) { const auto& [a] = v; return std::tie(a); }
inline auto Tie(const Handle& v) { const auto& [a, b, c] = v; return std::tie(a, b, c); }
inline auto Tie(const ReportBack& v) { const auto& [a, b] = v; return std::tie(a, b); }
inline auto Tie(const VerifyOnSite& v) { const auto& [a, b, c] = v; return std::tie(a, b, c); }
inline auto Tie(const Close& v) { const auto& [a, b] = v; return std::tie(a, b); }
inline auto Tie(const FollowUp& v) { const auto& [a, b, c, d] = v; return std::tie(a, b, c, d); }
inline auto Tie(const Reopen& v) { const auto& [a, b] = v; return std::tie(a, b); }
inline auto Tie(const ExtendDeadline& v) { const auto& [a, b, c, d] = v; return std::tie(a, b, c, d); }
inline auto Tie(const Suspend& v) { const auto& [a, b] = v; return std::tie(a, b); }
inline auto Tie(const Resume& v) { const auto& [a] = v; return std::tie(a); }
inline auto Tie(const Escalate& v) { const auto& [a, b] = v; return std::tie(a, b); }
inline auto Tie(const Merge& v) { const auto& [a, b] = v; return std::tie(a, b); }
inline auto Tie(const DefineGrid& v) { const auto& [a] = v; return std::tie(a); }
inline auto Tie(const RegisterPlace& v) { const auto& [a] = v; return std::tie(a); }
inline auto Tie(const AssignWorker& v) { const auto& [a] = v; return std::tie(a); }
inline auto Tie(const RecordPatrol& v) { const auto& [a, b, c, d, e] = v; return std::tie(a, b, c, d, e); }
inline auto Tie(const RecordInspection& v) { const auto& [a, b, c, d] = v; return std::tie(a, b, c, d); }
inline auto Tie(const OpenMediation& v) { const auto& [a, b, c, d, e] = v; return std::tie(a, b, c, d, e); }
inline auto Tie(const RecordMediationSession& v) { const auto& [a, b] = v; return std::tie(a, b); }
inline auto Tie(const ConcludeMediation& v) { const auto& [a, b, c] = v; return std::tie(a, b, c); }
inline auto Tie(const CollectMicroWish& v) { const auto& [a, b, c, d, e] = v; return std::tie(a, b, c, d, e); }
inline auto Tie(const PlanMicroWish& v) { const auto& [a, b, c] = v; return std::tie(a, b, c); }
inline auto Tie(const FulfilMicroWish& v) { const auto& [a, b] = v; return std::tie(a, b); }
inline auto Tie(const RevisitMicroWish& v) { const auto& [a, b, c] = v; return std::tie(a, b, c); }
inline auto Tie(const RecordCareVisit& v) { const auto& [a, b, c, d, e] = v; return std::tie(a, b, c, d, e); }
inline auto Tie(const RecordOutreach& v) { const auto& [a, b, c, d] = v; return std::tie(a, b, c, d); }
inline auto Tie(const RaiseSensorAlarm& v) { const auto& [a, b, c] = v; return std::tie(a, b, c); }
}  // namespace cmd
// clang-format on

// A printable form of any value these tests compare, every field included,
// so that a failure shows what differs.
template <typename T>
void PrintValue(std::ostream& os, const T& v);

template <typename T>
struct IsOptional : std::false_type {};
template <typename T>
struct IsOptional<std::optional<T>> : std::true_type {};
template <typename T>
struct IsVector : std::false_type {};
template <typename T>
struct IsVector<std::vector<T>> : std::true_type {};
template <typename T>
struct IsMap : std::false_type {};
template <typename K, typename V>
struct IsMap<std::map<K, V>> : std::true_type {};
template <typename T>
struct IsVariant : std::false_type {};
template <typename... T>
struct IsVariant<std::variant<T...>> : std::true_type {};

template <typename T>
void PrintValue(std::ostream& os, const T& v) {
  if constexpr (std::is_same_v<T, std::string>) {
    os << '"' << v << '"';
  } else if constexpr (std::is_same_v<T, bool>) {
    os << (v ? "true" : "false");
  } else if constexpr (std::is_enum_v<T>) {
    os << "enum " << static_cast<int>(v);
  } else if constexpr (std::is_arithmetic_v<T>) {
    os << +v;
  } else if constexpr (std::is_same_v<T, Timestamp>) {
    os << ToMicros(v) << "us";
  } else if constexpr (std::is_same_v<T, Position> || std::is_same_v<T, StreamVersion>) {
    os << v.value;
  } else if constexpr (IsOptional<T>::value) {
    if (v) {
      PrintValue(os, *v);
    } else {
      os << "nullopt";
    }
  } else if constexpr (IsVector<T>::value) {
    os << '[';
    for (const auto& e : v) PrintValue(os, e), os << ", ";
    os << ']';
  } else if constexpr (IsMap<T>::value) {
    os << '{';
    for (const auto& [key, value] : v)
      PrintValue(os, key), os << ": ", PrintValue(os, value), os << ", ";
    os << '}';
  } else if constexpr (IsVariant<T>::value) {
    os << "alternative " << v.index() << ' ';
    std::visit([&](const auto& alternative) { PrintValue(os, alternative); }, v);
  } else {
    os << '{';
    std::apply([&](const auto&... field) { ((PrintValue(os, field), os << ", "), ...); }, Tie(v));
    os << '}';
  }
}

// operator== (field by field, through Tie) and PrintTo for GoogleTest, for
// the types that have neither.
#define GL_TIED_EQ(Type)                                                            \
  inline bool operator==(const Type& a, const Type& b) { return Tie(a) == Tie(b); } \
  inline void PrintTo(const Type& v, std::ostream* os) { PrintValue(*os, v); }
#define GL_TIED_PRINT(Type) \
  inline void PrintTo(const Type& v, std::ostream* os) { PrintValue(*os, v); }

GL_TIED_PRINT(Location)
GL_TIED_PRINT(GridDefined)
GL_TIED_PRINT(PlaceRegistered)
GL_TIED_PRINT(WorkerAssigned)
GL_TIED_PRINT(InspectionItem)
GL_TIED_EQ(FileCase)
GL_TIED_EQ(FiledReceipt)
GL_TIED_EQ(TimelineEntry)
GL_TIED_EQ(CaseView)
GL_TIED_EQ(QueueItem)
GL_TIED_EQ(LedgerEntry)
GL_TIED_EQ(Statistics)
GL_TIED_EQ(GridInfo)
GL_TIED_EQ(PlaceInfo)
GL_TIED_EQ(WorkerInfo)
GL_TIED_EQ(ServiceCategory)
GL_TIED_EQ(ExpectedVersion)
GL_TIED_EQ(AppendResult)
GL_TIED_EQ(StreamHead)
GL_TIED_EQ(LogStats)
GL_TIED_EQ(VerifyReport)

namespace cmd {
GL_TIED_EQ(Register)
GL_TIED_EQ(Reject)
GL_TIED_EQ(Dispatch)
GL_TIED_EQ(Return)
GL_TIED_EQ(Acknowledge)
GL_TIED_EQ(Handle)
GL_TIED_EQ(ReportBack)
GL_TIED_EQ(VerifyOnSite)
GL_TIED_EQ(Close)
GL_TIED_EQ(FollowUp)
GL_TIED_EQ(Reopen)
GL_TIED_EQ(ExtendDeadline)
GL_TIED_EQ(Suspend)
GL_TIED_EQ(Resume)
GL_TIED_EQ(Escalate)
GL_TIED_EQ(Merge)
GL_TIED_EQ(DefineGrid)
GL_TIED_EQ(RegisterPlace)
GL_TIED_EQ(AssignWorker)
GL_TIED_EQ(RecordPatrol)
GL_TIED_EQ(RecordInspection)
GL_TIED_EQ(OpenMediation)
GL_TIED_EQ(RecordMediationSession)
GL_TIED_EQ(ConcludeMediation)
GL_TIED_EQ(CollectMicroWish)
GL_TIED_EQ(PlanMicroWish)
GL_TIED_EQ(FulfilMicroWish)
GL_TIED_EQ(RevisitMicroWish)
GL_TIED_EQ(RecordCareVisit)
GL_TIED_EQ(RecordOutreach)
GL_TIED_EQ(RaiseSensorAlarm)

// The variants print through PrintValue too (alternative index and fields).
// Declared here, the namespace of their alternatives, for ADL.
inline void PrintTo(const CaseCommand& v, std::ostream* os) { PrintValue(*os, v); }
inline void PrintTo(const WorkCommand& v, std::ostream* os) { PrintValue(*os, v); }
}  // namespace cmd

#undef GL_TIED_EQ
#undef GL_TIED_PRINT

namespace {

using rpc::FromWire;
using rpc::ToWire;

// ---- helpers -----------------------------------------------------------------

// ToWire into a fresh message, to bytes and back (as the RPC layer carries
// it), then FromWire.
template <typename Wire, typename T>
T RoundTrip(const T& value) {
  capnp::MallocMessageBuilder message;
  ToWire(value, message.initRoot<Wire>());
  kj::Array<capnp::word> words = capnp::messageToFlatArray(message);
  capnp::FlatArrayMessageReader reader(words);
  auto decoded = FromWire(reader.getRoot<Wire>());
  static_assert(std::is_same_v<decltype(decoded), T>);
  return decoded;
}

// FromWire of a message whose root has no field set.
template <typename Wire>
auto FromEmpty() {
  capnp::MallocMessageBuilder message;
  return FromWire(message.initRoot<Wire>().asReader());
}

// True when every scalar field of `r` holds its schema default (the data
// section is all zero bytes: Cap'n Proto stores scalars XOR their default).
bool DataSectionIsDefault(capnp::AnyStruct::Reader r) {
  for (auto byte : r.getDataSection()) {
    if (byte != 0) return false;
  }
  return true;
}

// The C++ default of T encodes as the schema defaults: the schema's field
// defaults mirror the C++ ones.
template <typename Wire, typename T>
bool DefaultEncodesAsSchemaDefault() {
  capnp::MallocMessageBuilder message;
  auto b = message.initRoot<Wire>();
  ToWire(T{}, b);
  return DataSectionIsDefault(capnp::AnyStruct::Reader(b.asReader()));
}

Timestamp At(int64_t us) { return FromMicros(us); }

constexpr int64_t kMinUs = std::numeric_limits<int64_t>::min();
constexpr int64_t kMaxUs = std::numeric_limits<int64_t>::max();
constexpr uint64_t kMaxU64 = std::numeric_limits<uint64_t>::max();

// A long text with Chinese, an emoji and an embedded NUL byte.
std::string LongText() {
  std::string s = "下水道堵塞, 污水外溢 🚰 ";
  s.push_back('\0');
  s += "after-nul";
  while (s.size() < 5000) s += "网格员张敏已接单 / Grid worker Zhang Min accepted. ";
  return s;
}

std::vector<std::string> ManyTexts(size_t n, const std::string& prefix) {
  std::vector<std::string> out;
  for (size_t i = 0; i < n; ++i) out.push_back(prefix + std::to_string(i));
  out.push_back("");  // an empty element
  out.push_back("最后一张");
  return out;
}

// ---- values with every field away from its default --------------------------

Location FullLocation(int seed = 0) {
  return {"411302001001-" + std::to_string(seed), "place-紫荆苑-3栋", "宛城区新华街道 12 号",
          -33123456 - seed, 112543210 + seed};
}

FileCase FullFileCase(int seed = 0) {
  FileCase v;
  v.category = "sewer-" + std::to_string(seed);
  v.description = LongText();
  v.location = FullLocation(seed);
  v.reporter_name = "李秀英";
  v.reporter_phone = "13812345678";
  v.source = CaseSource::kHotline;
  v.external_id = "open311-" + std::to_string(900 + seed);
  v.media_url = "https://media.example/p/" + std::to_string(seed) + ".jpg";
  v.occurred_at = At(1'764'547'200'123'456 + seed);
  v.query_code = "0" + std::to_string(48213 + seed);
  return v;
}

FiledReceipt FullReceipt() {
  return {"case-20261201-000042",
          "048213",
          At(1'764'633'600'000'001),
          Priority::kEmergency,
          "411302001001",
          "worker-zhangmin",
          true};
}

GridDefined FullGridDefined() {
  return {"411302001001", "紫荆苑第一网格", GridKind::kMicroGrid, "411302001", 468};
}
PlaceRegistered FullPlaceRegistered() {
  return {"place-zjy-3-2", "411302001001", "3栋2单元", PlaceKind::kUnit, "place-zjy-3"};
}
WorkerAssigned FullWorkerAssigned() {
  return {"worker-zhangmin", "张敏", Role::kGridLeader, "411302001001", "城管局"};
}

std::vector<InspectionItem> FullInspectionItems() {
  return {{"消防通道畅通", false, "堆放杂物"},
          {"灭火器有效", false, ""},
          {"", false, "no item name"},
          {"电动车不入户", true, "ok"}};
}

std::vector<TimelineEntry> FullTimeline(size_t n) {
  std::vector<TimelineEntry> out;
  for (size_t i = 0; i < n; ++i) {
    out.push_back({At(1'764'547'200'000'000 + static_cast<int64_t>(i) * 60'000'000),
                   "caseDispatched-" + std::to_string(i), "网格员张敏已接单 " + std::to_string(i),
                   "Grid worker Zhang Min accepted the case " + std::to_string(i)});
  }
  out.push_back({At(kMinUs), "", "", ""});
  return out;
}

// One full value per alternative of CaseCommand, in the variant's order.
std::vector<CaseCommand> FullCaseCommands() {
  const std::string id = "case-20261201-000042";
  std::vector<CaseCommand> out;
  out.push_back(cmd::Register{id, Priority::kUrgent});
  out.push_back(cmd::Reject{id, "duplicate", "同一井盖", "case-20261130-000007"});
  out.push_back(cmd::Dispatch{id, AssigneeLevel::kStreet, "street-xinhua", "请街道协调"});
  out.push_back(cmd::Return{id, "不属于本部门"});
  out.push_back(cmd::Acknowledge{id});
  out.push_back(cmd::Handle{id, "已疏通", ManyTexts(300, "photo-")});
  out.push_back(cmd::ReportBack{id, "管道已疏通, 现场清理完毕"});
  out.push_back(cmd::VerifyOnSite{id, false, "仍有积水"});
  out.push_back(cmd::Close{id, "居民确认"});
  out.push_back(cmd::FollowUp{id, 2, "太慢了", false});
  out.push_back(cmd::Reopen{id, "又堵了"});
  out.push_back(cmd::ExtendDeadline{id, 9, "需要更换管道", "leader-wang"});
  out.push_back(cmd::Suspend{id, "等待配件"});
  out.push_back(cmd::Resume{id});
  out.push_back(cmd::Escalate{id, "跨社区"});
  out.push_back(cmd::Merge{id, "case-20261130-000007"});
  return out;
}

// One full value per alternative of WorkCommand, in the variant's order.
std::vector<WorkCommand> FullWorkCommands() {
  std::vector<WorkCommand> out;
  out.push_back(cmd::DefineGrid{FullGridDefined()});
  out.push_back(cmd::RegisterPlace{FullPlaceRegistered()});
  out.push_back(cmd::AssignWorker{FullWorkerAssigned()});
  out.push_back(cmd::RecordPatrol{"411302001001",
                                  "巡查发现两处隐患",
                                  {"patrol-1.jpg", "patrol-2.jpg"},
                                  17,
                                  {FullFileCase(1), FullFileCase(2), FileCase{}}});
  out.push_back(
      cmd::RecordInspection{"place-shop-9", "老王烧烤", "411302001001", FullInspectionItems()});
  out.push_back(cmd::OpenMediation{
      "med-0007", "411302001001", "楼上漏水", {"张三", "李四", ""}, "neighbour"});
  out.push_back(cmd::RecordMediationSession{"med-0007", "第二次调解"});
  out.push_back(cmd::ConcludeMediation{"med-0007", true, "达成协议, 楼上赔偿"});
  out.push_back(cmd::CollectMicroWish{"wish-0003", "411302001001", "想要一副老花镜", "赵奶奶",
                                      "13900001111"});
  out.push_back(cmd::PlanMicroWish{"wish-0003", "眼镜店捐赠", "明亮眼镜店"});
  out.push_back(cmd::FulfilMicroWish{"wish-0003", "已送达"});
  out.push_back(cmd::RevisitMicroWish{"wish-0003", "戴着不合适", false});
  out.push_back(
      cmd::RecordCareVisit{"411302001001", "孙爷爷", "13700002222", "独居, 血压偏高", true});
  out.push_back(cmd::RecordOutreach{"411302001001", "医保缴费", 120, 4294967295u});
  out.push_back(cmd::RaiseSensorAlarm{"smoke-17", "smoke", FullLocation(5)});
  return out;
}

CaseView FullCaseView() {
  CaseView v;
  v.case_id = "case-20261201-000042";
  v.kind = "microWish";
  v.category = "sewer";
  v.description = LongText();
  v.location = FullLocation(3);
  v.source = CaseSource::kSensor;
  v.state = CaseState::kInProgress;
  v.priority = Priority::kUrgent;
  v.level = AssigneeLevel::kDepartment;
  v.assignee = "dept-water";
  v.assignee_name = "水务局";
  v.filed_at = At(1'764'547'200'000'001);
  v.first_response_at = At(1'764'547'300'000'002);
  v.closed_at = At(kMaxUs);
  v.deadline = At(1'764'633'600'000'003);
  v.warn_at = At(-1);
  v.warned = true;
  v.overdue = true;
  v.closed_on_time = true;
  v.extensions = 2;
  v.reopen_count = 4294967295u;
  v.satisfaction = 4;
  v.masked_phone = "138****5678";
  v.merged_into = "case-20261130-000007";
  v.version = kMaxU64;
  v.timeline = FullTimeline(1000);
  return v;
}

QueueItem FullQueueItem() {
  return {"case-1",
          "streetlight",
          CaseState::kReported,
          Priority::kEmergency,
          At(1'764'633'600'000'000),
          true,
          true,
          "worker-zhangmin"};
}

LedgerEntry FullLedgerEntry() {
  return {"case-1",
          "411302001001",
          "streetlight",
          "路灯不亮",
          CaseState::kClosed,
          At(1'764'547'200'000'000),
          At(1'764'633'600'000'000),
          At(1'764'600'000'000'000),
          true,
          true,
          "worker-zhangmin"};
}

Statistics FullStatistics() {
  Statistics v;
  v.scope = "411302001";
  v.from = At(1'761'955'200'000'000);
  v.to = At(1'764'547'200'000'000);
  v.filed = 1;
  v.closed = 2;
  v.closed_on_time = 3;
  v.rejected = 4;
  v.overdue_open = 5;
  v.rated = 6;
  v.satisfied = 7;
  v.mediations = 8;
  v.mediations_agreed = 9;
  v.mediations_concluded = 10;
  v.patrols = 10;
  v.inspections = 11;
  v.hazards_found = 12;
  v.micro_wishes = 13;
  v.care_visits = 14;
  v.people_informed = kMaxU64;
  v.closed_rate = 0.875;
  v.on_time_rate = 0.1;
  v.satisfaction_rate = 1.0 / 3.0;
  v.mediation_success_rate = 1e-300;
  v.avg_response_hours = 2.25;
  v.avg_resolution_hours = 123456.789;
  v.by_category = {{"sewer", 3}, {"streetlight", kMaxU64}, {"", 1}, {"噪音", 0}};
  v.by_state = {{"closed", 2}, {"inProgress", 9}};
  return v;
}

GridInfo FullGridInfo() {
  return {"411302001001", "紫荆苑第一网格", GridKind::kDedicated, "411302001", 4294967295u};
}
PlaceInfo FullPlaceInfo() {
  return {"place-zjy-3", "411302001001", "紫荆苑3栋", PlaceKind::kSchool, "place-zjy"};
}
WorkerInfo FullWorkerInfo() {
  return {"worker-li", "李娜", Role::kStreetCentre, "411302001", "综治中心"};
}

ServiceCategory FullServiceCategory() {
  ServiceCategory v;
  v.code = "sewer";
  v.name_zh = "下水道堵塞";
  v.name_en = "Blocked sewer";
  v.priority = Priority::kUrgent;
  v.unit = SlaUnit::kCalendarHours;
  v.limit = 48;
  v.phrases_zh = {"污水外溢", "有臭味", ""};
  v.phrases_en = {"Overflowing", "Smells"};
  v.kind = "microWish";
  return v;
}

// ---- results -----------------------------------------------------------------

void ExpectStatusRoundTrips(const Status& s) {
  Status back = RoundTrip<wire::Status>(s);
  EXPECT_EQ(back.code(), s.code());
  EXPECT_EQ(back.message(), s.message());
}

TEST(WireCodec, StatusEveryCodeRoundTrips) {
  for (int code = 0; code <= static_cast<int>(StatusCode::kInternal); ++code) {
    SCOPED_TRACE(code);
    ExpectStatusRoundTrips(Status(static_cast<StatusCode>(code), LongText()));
  }
  ExpectStatusRoundTrips(Status::Ok());
  ExpectStatusRoundTrips(Status(StatusCode::kConflict, ""));
}

TEST(WireCodec, StatusUnknownCodeIsInternalNeverOk) {
  capnp::MallocMessageBuilder message;
  auto b = message.initRoot<wire::Status>();
  b.setCode(999);
  b.setMessage("from a newer peer");
  Status s = FromWire(b.asReader());
  EXPECT_EQ(s.code(), StatusCode::kInternal);
  EXPECT_EQ(s.message(), "from a newer peer");
}

// ---- shared values -------------------------------------------------------------

TEST(WireCodec, SharedValuesRoundTrip) {
  EXPECT_EQ(RoundTrip<wire::Location>(FullLocation()), FullLocation());
  EXPECT_EQ(RoundTrip<wire::GridDefined>(FullGridDefined()), FullGridDefined());
  EXPECT_EQ(RoundTrip<wire::PlaceRegistered>(FullPlaceRegistered()), FullPlaceRegistered());
  EXPECT_EQ(RoundTrip<wire::WorkerAssigned>(FullWorkerAssigned()), FullWorkerAssigned());
  for (const auto& item : FullInspectionItems()) {
    EXPECT_EQ(RoundTrip<wire::InspectionItem>(item), item);
  }
  EXPECT_EQ(RoundTrip<wire::Location>(Location{}), Location{});
  EXPECT_EQ(RoundTrip<wire::GridDefined>(GridDefined{}), GridDefined{});
  EXPECT_EQ(RoundTrip<wire::PlaceRegistered>(PlaceRegistered{}), PlaceRegistered{});
  EXPECT_EQ(RoundTrip<wire::WorkerAssigned>(WorkerAssigned{}), WorkerAssigned{});
  EXPECT_EQ(RoundTrip<wire::InspectionItem>(InspectionItem{}), InspectionItem{});
}

// ---- commands ------------------------------------------------------------------

TEST(WireCodec, FileCaseAndReceiptRoundTrip) {
  EXPECT_EQ(RoundTrip<wire::FileCase>(FullFileCase()), FullFileCase());
  EXPECT_EQ(RoundTrip<wire::FileCase>(FileCase{}), FileCase{});
  EXPECT_EQ(RoundTrip<wire::FiledReceipt>(FullReceipt()), FullReceipt());
  EXPECT_EQ(RoundTrip<wire::FiledReceipt>(FiledReceipt{}), FiledReceipt{});
}

TEST(WireCodec, EveryCaseCommandAlternativeRoundTrips) {
  const auto commands = FullCaseCommands();
  std::set<size_t> covered;
  for (const auto& c : commands) {
    SCOPED_TRACE(c.index());
    covered.insert(c.index());
    EXPECT_EQ(RoundTrip<wire::CaseCommand>(c), c);
  }
  EXPECT_EQ(covered.size(), std::variant_size_v<CaseCommand>);
  EXPECT_EQ(capnp::Schema::from<wire::CaseCommand>().getUnionFields().size(),
            std::variant_size_v<CaseCommand>);
}

TEST(WireCodec, EveryCaseCommandAlternativeRoundTripsEmpty) {
  for (size_t i = 0; i < std::variant_size_v<CaseCommand>; ++i) {
    SCOPED_TRACE(i);
    // The alternative's default value: the full one's index, value-initialised.
    CaseCommand c = FullCaseCommands()[i];
    std::visit([](auto& x) { x = std::remove_reference_t<decltype(x)>{}; }, c);
    EXPECT_EQ(RoundTrip<wire::CaseCommand>(c), c);
  }
}

TEST(WireCodec, RegisterKeepsPriorityPresentOrAbsent) {
  for (auto p : {std::optional<Priority>(), std::optional(Priority::kNormal),
                 std::optional(Priority::kUrgent), std::optional(Priority::kEmergency)}) {
    CaseCommand c = cmd::Register{"case-1", p};
    EXPECT_EQ(RoundTrip<wire::CaseCommand>(c), c);
  }
}

TEST(WireCodec, EveryWorkCommandAlternativeRoundTrips) {
  const auto commands = FullWorkCommands();
  std::set<size_t> covered;
  for (const auto& c : commands) {
    SCOPED_TRACE(c.index());
    covered.insert(c.index());
    EXPECT_EQ(RoundTrip<wire::WorkCommand>(c), c);
  }
  EXPECT_EQ(covered.size(), std::variant_size_v<WorkCommand>);
  EXPECT_EQ(capnp::Schema::from<wire::WorkCommand>().getUnionFields().size(),
            std::variant_size_v<WorkCommand>);
}

TEST(WireCodec, EveryWorkCommandAlternativeRoundTripsEmpty) {
  for (size_t i = 0; i < std::variant_size_v<WorkCommand>; ++i) {
    SCOPED_TRACE(i);
    WorkCommand c = FullWorkCommands()[i];
    std::visit([](auto& x) { x = std::remove_reference_t<decltype(x)>{}; }, c);
    EXPECT_EQ(RoundTrip<wire::WorkCommand>(c), c);
  }
}

// A union member this build does not know must not run as some other command.
template <typename Wire>
void ExpectUnknownAlternativeThrows() {
  capnp::MallocMessageBuilder message;
  auto b = message.initRoot<Wire>();
  auto data = capnp::AnyStruct::Builder(kj::cp(b)).getDataSection();
  const auto offset = capnp::Schema::from<Wire>().getProto().getStruct().getDiscriminantOffset();
  ASSERT_LE((offset + 1) * 2, data.size());
  data[offset * 2] = 0x63;  // discriminant 99, little-endian
  data[offset * 2 + 1] = 0;
  ASSERT_EQ(static_cast<uint16_t>(b.which()), 99);
  EXPECT_THROW(FromWire(b.asReader()), kj::Exception);
}

TEST(WireCodec, UnknownCommandAlternativeThrows) {
  ExpectUnknownAlternativeThrows<wire::CaseCommand>();
  ExpectUnknownAlternativeThrows<wire::WorkCommand>();
}

// ---- read models ---------------------------------------------------------------

TEST(WireCodec, CaseViewRoundTrips) {
  EXPECT_EQ(RoundTrip<wire::CaseView>(FullCaseView()), FullCaseView());
  EXPECT_EQ(RoundTrip<wire::CaseView>(CaseView{}), CaseView{});
  CaseView zero_rating = FullCaseView();
  zero_rating.satisfaction = 0;  // present, though zero
  EXPECT_EQ(RoundTrip<wire::CaseView>(zero_rating), zero_rating);
  zero_rating.satisfaction.reset();
  EXPECT_EQ(RoundTrip<wire::CaseView>(zero_rating), zero_rating);
  for (const auto& entry : FullTimeline(3)) {
    EXPECT_EQ(RoundTrip<wire::TimelineEntry>(entry), entry);
  }
}

TEST(WireCodec, QueueLedgerAndStatisticsRoundTrip) {
  EXPECT_EQ(RoundTrip<wire::QueueItem>(FullQueueItem()), FullQueueItem());
  EXPECT_EQ(RoundTrip<wire::QueueItem>(QueueItem{}), QueueItem{});
  EXPECT_EQ(RoundTrip<wire::LedgerEntry>(FullLedgerEntry()), FullLedgerEntry());
  EXPECT_EQ(RoundTrip<wire::LedgerEntry>(LedgerEntry{}), LedgerEntry{});
  EXPECT_EQ(RoundTrip<wire::Statistics>(FullStatistics()), FullStatistics());
  EXPECT_EQ(RoundTrip<wire::Statistics>(Statistics{}), Statistics{});
}

TEST(WireCodec, StatisticsMapKeepsLastOfRepeatedKeys) {
  capnp::MallocMessageBuilder message;
  auto b = message.initRoot<wire::Statistics>();
  auto list = b.initByCategory(3);
  list[0].setKey("sewer");
  list[0].setValue(1);
  list[1].setKey("noise");
  list[1].setValue(2);
  list[2].setKey("sewer");
  list[2].setValue(3);
  const std::map<std::string, uint64_t> expected = {{"noise", 2}, {"sewer", 3}};
  EXPECT_EQ(FromWire(b.asReader()).by_category, expected);
}

TEST(WireCodec, RegistryAndCatalogueRoundTrip) {
  EXPECT_EQ(RoundTrip<wire::GridInfo>(FullGridInfo()), FullGridInfo());
  EXPECT_EQ(RoundTrip<wire::GridInfo>(GridInfo{}), GridInfo{});
  EXPECT_EQ(RoundTrip<wire::PlaceInfo>(FullPlaceInfo()), FullPlaceInfo());
  EXPECT_EQ(RoundTrip<wire::PlaceInfo>(PlaceInfo{}), PlaceInfo{});
  EXPECT_EQ(RoundTrip<wire::WorkerInfo>(FullWorkerInfo()), FullWorkerInfo());
  EXPECT_EQ(RoundTrip<wire::WorkerInfo>(WorkerInfo{}), WorkerInfo{});
  EXPECT_EQ(RoundTrip<wire::ServiceCategory>(FullServiceCategory()), FullServiceCategory());
  EXPECT_EQ(RoundTrip<wire::ServiceCategory>(ServiceCategory{}), ServiceCategory{});
  // An empty text stays empty: it does not read as the schema's "request".
  ServiceCategory no_kind = FullServiceCategory();
  no_kind.kind.clear();
  EXPECT_EQ(RoundTrip<wire::ServiceCategory>(no_kind), no_kind);
  for (const auto& category : DefaultCatalogue()) {
    SCOPED_TRACE(category.code);
    EXPECT_EQ(RoundTrip<wire::ServiceCategory>(category), category);
  }
}

TEST(WireCodec, ListsRoundTripThroughTheElementPairs) {
  const std::vector<QueueItem> items = {FullQueueItem(), QueueItem{}, FullQueueItem()};
  capnp::MallocMessageBuilder message;
  auto list = message.getRoot<capnp::AnyPointer>().initAs<capnp::List<wire::QueueItem>>(
      static_cast<unsigned>(items.size()));
  rpc::ListToWire(items, list);
  EXPECT_EQ(rpc::ListFromWire<QueueItem>(list.asReader()), items);
  EXPECT_TRUE(rpc::ListFromWire<QueueItem>(capnp::List<wire::QueueItem>::Reader()).empty());
}

// ---- the log -------------------------------------------------------------------

TEST(WireCodec, LogValuesRoundTrip) {
  for (auto e : {ExpectedVersion::Any(), ExpectedVersion::NoStream(), ExpectedVersion::Exactly(0),
                 ExpectedVersion::Exactly(42), ExpectedVersion::Exactly(kMaxU64)}) {
    EXPECT_EQ(RoundTrip<wire::ExpectedVersion>(e), e);
  }
  const AppendResult append{Position{7}, Position{kMaxU64}, StreamVersion{3}, true};
  EXPECT_EQ(RoundTrip<wire::AppendResult>(append), append);
  EXPECT_EQ(RoundTrip<wire::AppendResult>(AppendResult{}), AppendResult{});
  const StreamHead head{StreamVersion{kMaxU64}, Position{12}};
  EXPECT_EQ(RoundTrip<wire::StreamHead>(head), head);
  EXPECT_EQ(RoundTrip<wire::StreamHead>(StreamHead{}), StreamHead{});
  const LogStats stats{Position{99}, 5, kMaxU64, "a standby of partition 411302"};
  EXPECT_EQ(RoundTrip<wire::LogStats>(stats), stats);
  EXPECT_EQ(RoundTrip<wire::LogStats>(LogStats{}), LogStats{});
  const VerifyReport bad{1234, Position{1234}, Position{17}, "position 17: hash mismatch"};
  EXPECT_EQ(RoundTrip<wire::VerifyReport>(bad), bad);
  const VerifyReport bad_at_zero{1, Position{1}, Position{0}, ""};
  EXPECT_EQ(RoundTrip<wire::VerifyReport>(bad_at_zero), bad_at_zero);
  EXPECT_FALSE(RoundTrip<wire::VerifyReport>(bad_at_zero).ok());
  EXPECT_EQ(RoundTrip<wire::VerifyReport>(VerifyReport{}), VerifyReport{});
  EXPECT_TRUE(RoundTrip<wire::VerifyReport>(VerifyReport{}).ok());
}

// ---- defaults --------------------------------------------------------------------

// A message that sets nothing reads as the C++ default value, and the C++
// default encodes as the schema's defaults: the two agree.
TEST(WireCodec, EmptyMessagesReadAsTheCppDefaults) {
  EXPECT_EQ(FromEmpty<wire::Status>().code(), StatusCode::kOk);
  EXPECT_EQ(FromEmpty<wire::Location>(), Location{});
  EXPECT_EQ(FromEmpty<wire::GridDefined>(), GridDefined{});
  EXPECT_EQ(FromEmpty<wire::PlaceRegistered>(), PlaceRegistered{});
  EXPECT_EQ(FromEmpty<wire::WorkerAssigned>(), WorkerAssigned{});
  EXPECT_EQ(FromEmpty<wire::InspectionItem>(), InspectionItem{});
  EXPECT_EQ(FromEmpty<wire::FileCase>(), FileCase{});
  EXPECT_EQ(FromEmpty<wire::FiledReceipt>(), FiledReceipt{});
  EXPECT_EQ(FromEmpty<wire::CaseCommand>(), CaseCommand{});
  EXPECT_EQ(FromEmpty<wire::WorkCommand>(), WorkCommand{});
  EXPECT_EQ(FromEmpty<wire::TimelineEntry>(), TimelineEntry{});
  EXPECT_EQ(FromEmpty<wire::CaseView>(), CaseView{});
  EXPECT_EQ(FromEmpty<wire::QueueItem>(), QueueItem{});
  EXPECT_EQ(FromEmpty<wire::LedgerEntry>(), LedgerEntry{});
  EXPECT_EQ(FromEmpty<wire::Statistics>(), Statistics{});
  EXPECT_EQ(FromEmpty<wire::GridInfo>(), GridInfo{});
  EXPECT_EQ(FromEmpty<wire::PlaceInfo>(), PlaceInfo{});
  EXPECT_EQ(FromEmpty<wire::WorkerInfo>(), WorkerInfo{});
  EXPECT_EQ(FromEmpty<wire::ServiceCategory>(), ServiceCategory{});
  EXPECT_EQ(FromEmpty<wire::ExpectedVersion>(), ExpectedVersion{});
  EXPECT_EQ(FromEmpty<wire::AppendResult>(), AppendResult{});
  EXPECT_EQ(FromEmpty<wire::StreamHead>(), StreamHead{});
  EXPECT_EQ(FromEmpty<wire::LogStats>(), LogStats{});
  EXPECT_EQ(FromEmpty<wire::VerifyReport>(), VerifyReport{});
}

TEST(WireCodec, CppDefaultsEncodeAsSchemaDefaults) {
  EXPECT_TRUE((DefaultEncodesAsSchemaDefault<wire::Location, Location>()));
  EXPECT_TRUE((DefaultEncodesAsSchemaDefault<wire::GridDefined, GridDefined>()));
  EXPECT_TRUE((DefaultEncodesAsSchemaDefault<wire::PlaceRegistered, PlaceRegistered>()));
  EXPECT_TRUE((DefaultEncodesAsSchemaDefault<wire::WorkerAssigned, WorkerAssigned>()));
  EXPECT_TRUE((DefaultEncodesAsSchemaDefault<wire::InspectionItem, InspectionItem>()));
  EXPECT_TRUE((DefaultEncodesAsSchemaDefault<wire::FileCase, FileCase>()));
  EXPECT_TRUE((DefaultEncodesAsSchemaDefault<wire::FiledReceipt, FiledReceipt>()));
  EXPECT_TRUE((DefaultEncodesAsSchemaDefault<wire::TimelineEntry, TimelineEntry>()));
  EXPECT_TRUE((DefaultEncodesAsSchemaDefault<wire::CaseView, CaseView>()));
  EXPECT_TRUE((DefaultEncodesAsSchemaDefault<wire::QueueItem, QueueItem>()));
  EXPECT_TRUE((DefaultEncodesAsSchemaDefault<wire::LedgerEntry, LedgerEntry>()));
  EXPECT_TRUE((DefaultEncodesAsSchemaDefault<wire::Statistics, Statistics>()));
  EXPECT_TRUE((DefaultEncodesAsSchemaDefault<wire::GridInfo, GridInfo>()));
  EXPECT_TRUE((DefaultEncodesAsSchemaDefault<wire::PlaceInfo, PlaceInfo>()));
  EXPECT_TRUE((DefaultEncodesAsSchemaDefault<wire::WorkerInfo, WorkerInfo>()));
  EXPECT_TRUE((DefaultEncodesAsSchemaDefault<wire::ServiceCategory, ServiceCategory>()));
  EXPECT_TRUE((DefaultEncodesAsSchemaDefault<wire::ExpectedVersion, ExpectedVersion>()));
  EXPECT_TRUE((DefaultEncodesAsSchemaDefault<wire::AppendResult, AppendResult>()));
  EXPECT_TRUE((DefaultEncodesAsSchemaDefault<wire::StreamHead, StreamHead>()));
  EXPECT_TRUE((DefaultEncodesAsSchemaDefault<wire::LogStats, LogStats>()));
  EXPECT_TRUE((DefaultEncodesAsSchemaDefault<wire::VerifyReport, VerifyReport>()));
}

// Each command alternative's default value encodes as its struct's schema
// defaults (the alternative's struct is the union's one pointer).
template <typename Wire, typename Variant>
void ExpectAlternativeDefaultsAreSchemaDefaults(const std::vector<Variant>& full) {
  for (size_t i = 0; i < full.size(); ++i) {
    SCOPED_TRACE(i);
    Variant c = full[i];
    std::visit([](auto& x) { x = std::remove_reference_t<decltype(x)>{}; }, c);
    capnp::MallocMessageBuilder message;
    auto b = message.initRoot<Wire>();
    ToWire(c, b);
    auto root = capnp::AnyStruct::Reader(b.asReader());
    ASSERT_EQ(root.getPointerSection().size(), 1u);
    EXPECT_TRUE(DataSectionIsDefault(root.getPointerSection()[0].getAs<capnp::AnyStruct>()));
  }
}

TEST(WireCodec, CommandDefaultsEncodeAsSchemaDefaults) {
  ExpectAlternativeDefaultsAreSchemaDefaults<wire::CaseCommand>(FullCaseCommands());
  ExpectAlternativeDefaultsAreSchemaDefaults<wire::WorkCommand>(FullWorkCommands());
}

// ---- enums -----------------------------------------------------------------------

// Every enumerant of E round-trips through a value that carries it, the wire
// enum has exactly E's enumerants, and one this build does not know reads as
// the first enumerant.
template <typename E, typename Wire, typename T, typename Set, typename Get, typename SetWire>
void ExpectEnumRoundTrips(T value, Set set, Get get, SetWire set_wire) {
  using WireE = typename rpc::internal::WireEnum<E>::Type;
  const auto last = static_cast<uint16_t>(rpc::internal::WireEnum<E>::kLast);
  EXPECT_EQ(capnp::Schema::from<WireE>().getEnumerants().size(), last + 1u);
  for (uint16_t i = 0; i <= last; ++i) {
    SCOPED_TRACE(i);
    set(value, static_cast<E>(i));
    T back = RoundTrip<Wire>(value);
    EXPECT_EQ(get(back), static_cast<E>(i));
    EXPECT_EQ(back, value);
  }
  capnp::MallocMessageBuilder message;
  auto b = message.initRoot<Wire>();
  ToWire(value, b);
  set_wire(b, static_cast<WireE>(last + 1));
  T unknown = FromWire(b.asReader());
  EXPECT_EQ(get(unknown), E{});
  set(value, E{});
  EXPECT_EQ(unknown, value);  // nothing else changed
}

TEST(WireCodec, EveryEnumValueRoundTripsAndUnknownOnesReadAsTheFirst) {
  ExpectEnumRoundTrips<GridKind, wire::GridInfo>(
      FullGridInfo(), [](GridInfo& v, GridKind e) { v.kind = e; },
      [](const GridInfo& v) { return v.kind; },
      [](wire::GridInfo::Builder b, wire::GridKind e) { b.setKind(e); });
  ExpectEnumRoundTrips<PlaceKind, wire::PlaceInfo>(
      FullPlaceInfo(), [](PlaceInfo& v, PlaceKind e) { v.kind = e; },
      [](const PlaceInfo& v) { return v.kind; },
      [](wire::PlaceInfo::Builder b, wire::PlaceKind e) { b.setKind(e); });
  ExpectEnumRoundTrips<Role, wire::WorkerInfo>(
      FullWorkerInfo(), [](WorkerInfo& v, Role e) { v.role = e; },
      [](const WorkerInfo& v) { return v.role; },
      [](wire::WorkerInfo::Builder b, wire::Role e) { b.setRole(e); });
  ExpectEnumRoundTrips<CaseSource, wire::FileCase>(
      FullFileCase(), [](FileCase& v, CaseSource e) { v.source = e; },
      [](const FileCase& v) { return v.source; },
      [](wire::FileCase::Builder b, wire::CaseSource e) { b.setSource(e); });
  ExpectEnumRoundTrips<Priority, wire::FiledReceipt>(
      FullReceipt(), [](FiledReceipt& v, Priority e) { v.priority = e; },
      [](const FiledReceipt& v) { return v.priority; },
      [](wire::FiledReceipt::Builder b, wire::Priority e) { b.setPriority(e); });
  ExpectEnumRoundTrips<AssigneeLevel, wire::CaseView>(
      FullCaseView(), [](CaseView& v, AssigneeLevel e) { v.level = e; },
      [](const CaseView& v) { return v.level; },
      [](wire::CaseView::Builder b, wire::AssigneeLevel e) { b.setLevel(e); });
  ExpectEnumRoundTrips<CaseState, wire::QueueItem>(
      FullQueueItem(), [](QueueItem& v, CaseState e) { v.state = e; },
      [](const QueueItem& v) { return v.state; },
      [](wire::QueueItem::Builder b, wire::CaseState e) { b.setState(e); });
  ExpectEnumRoundTrips<SlaUnit, wire::ServiceCategory>(
      FullServiceCategory(), [](ServiceCategory& v, SlaUnit e) { v.unit = e; },
      [](const ServiceCategory& v) { return v.unit; },
      [](wire::ServiceCategory::Builder b, wire::SlaUnit e) { b.setUnit(e); });
  ExpectEnumRoundTrips<ExpectedVersion::Kind, wire::ExpectedVersion>(
      ExpectedVersion::Exactly(42), [](ExpectedVersion& v, ExpectedVersion::Kind e) { v.kind = e; },
      [](const ExpectedVersion& v) { return v.kind; },
      [](wire::ExpectedVersion::Builder b, wire::ExpectedVersion::Kind e) { b.setKind(e); });
}

// The enums inside commands and the other read models, every value.
TEST(WireCodec, EnumsInsideCommandsAndViewsRoundTrip) {
  for (int i = 0; i <= static_cast<int>(AssigneeLevel::kDepartment); ++i) {
    CaseCommand c = cmd::Dispatch{"case-1", static_cast<AssigneeLevel>(i), "a", "n"};
    EXPECT_EQ(RoundTrip<wire::CaseCommand>(c), c);
  }
  for (int i = 0; i <= static_cast<int>(GridKind::kDedicated); ++i) {
    WorkCommand c = cmd::DefineGrid{{"g", "n", static_cast<GridKind>(i), "p", 1}};
    EXPECT_EQ(RoundTrip<wire::WorkCommand>(c), c);
  }
  for (int i = 0; i <= static_cast<int>(PlaceKind::kUnit); ++i) {
    WorkCommand c = cmd::RegisterPlace{{"p", "g", "n", static_cast<PlaceKind>(i), "pp"}};
    EXPECT_EQ(RoundTrip<wire::WorkCommand>(c), c);
  }
  for (int i = 0; i <= static_cast<int>(Role::kSystem); ++i) {
    WorkCommand c = cmd::AssignWorker{{"w", "n", static_cast<Role>(i), "g", "d"}};
    EXPECT_EQ(RoundTrip<wire::WorkCommand>(c), c);
  }
  for (int i = 0; i <= static_cast<int>(CaseState::kMerged); ++i) {
    CaseView v = FullCaseView();
    v.state = static_cast<CaseState>(i);
    EXPECT_EQ(RoundTrip<wire::CaseView>(v), v);
    LedgerEntry l = FullLedgerEntry();
    l.state = static_cast<CaseState>(i);
    EXPECT_EQ(RoundTrip<wire::LedgerEntry>(l), l);
  }
  for (int i = 0; i <= static_cast<int>(Priority::kEmergency); ++i) {
    CaseView v = FullCaseView();
    v.priority = static_cast<Priority>(i);
    EXPECT_EQ(RoundTrip<wire::CaseView>(v), v);
    ServiceCategory s = FullServiceCategory();
    s.priority = static_cast<Priority>(i);
    EXPECT_EQ(RoundTrip<wire::ServiceCategory>(s), s);
  }
  for (int i = 0; i <= static_cast<int>(CaseSource::kWorker); ++i) {
    CaseView v = FullCaseView();
    v.source = static_cast<CaseSource>(i);
    EXPECT_EQ(RoundTrip<wire::CaseView>(v), v);
  }
}

}  // namespace
}  // namespace gridledger
