// The wire codec for the event log's values. Positions and stream versions
// travel as their uint64 values.
#include "rpc/wire_codec.h"
#include "rpc/wire_codec_internal.h"

namespace gridledger::rpc {

using internal::EnumFromWire;
using internal::EnumToWire;
using internal::Str;
using internal::Txt;

void ToWire(const ExpectedVersion& in, wire::ExpectedVersion::Builder out) {
  out.setKind(EnumToWire(in.kind));
  out.setVersion(in.version.value);
}

ExpectedVersion FromWire(wire::ExpectedVersion::Reader in) {
  ExpectedVersion out;
  out.kind = EnumFromWire<ExpectedVersion::Kind>(in.getKind());
  out.version = StreamVersion{in.getVersion()};
  return out;
}

void ToWire(const AppendResult& in, wire::AppendResult::Builder out) {
  out.setFirstPosition(in.first_position.value);
  out.setLastPosition(in.last_position.value);
  out.setNextExpected(in.next_expected.value);
  out.setDeduplicated(in.deduplicated);
}

AppendResult FromWire(wire::AppendResult::Reader in) {
  AppendResult out;
  out.first_position = Position{in.getFirstPosition()};
  out.last_position = Position{in.getLastPosition()};
  out.next_expected = StreamVersion{in.getNextExpected()};
  out.deduplicated = in.getDeduplicated();
  return out;
}

void ToWire(const StreamHead& in, wire::StreamHead::Builder out) {
  out.setVersion(in.version.value);
  out.setLastPosition(in.last_position.value);
}

StreamHead FromWire(wire::StreamHead::Reader in) {
  StreamHead out;
  out.version = StreamVersion{in.getVersion()};
  out.last_position = Position{in.getLastPosition()};
  return out;
}

namespace {
void TextsToWire(const std::vector<std::string>& in, capnp::List<capnp::Text>::Builder out) {
  for (size_t i = 0; i < in.size(); ++i) out.set(static_cast<unsigned>(i), Txt(in[i]));
}
std::vector<std::string> TextsFromWire(capnp::List<capnp::Text>::Reader in) {
  std::vector<std::string> out;
  for (auto t : in) out.push_back(Str(t));
  return out;
}
}  // namespace

void ToWire(const EventFilter& in, wire::EventFilter::Builder out) {
  TextsToWire(in.types, out.initTypes(static_cast<unsigned>(in.types.size())));
  TextsToWire(in.stream_prefixes,
              out.initStreamPrefixes(static_cast<unsigned>(in.stream_prefixes.size())));
  TextsToWire(in.grid_codes, out.initGridCodes(static_cast<unsigned>(in.grid_codes.size())));
}

EventFilter FromWire(wire::EventFilter::Reader in) {
  EventFilter out;
  out.types = TextsFromWire(in.getTypes());
  out.stream_prefixes = TextsFromWire(in.getStreamPrefixes());
  out.grid_codes = TextsFromWire(in.getGridCodes());
  return out;
}

void ToWire(const LogStats& in, wire::LogStats::Builder out) {
  out.setCommitted(in.committed.value);
  out.setStreamCount(in.stream_count);
  out.setDiskBytes(in.disk_bytes);
  out.setWritesRefused(in.writes_refused);
}

LogStats FromWire(wire::LogStats::Reader in) {
  LogStats out;
  out.committed = Position{in.getCommitted()};
  out.stream_count = in.getStreamCount();
  out.disk_bytes = in.getDiskBytes();
  out.writes_refused = in.getWritesRefused();
  return out;
}

void ToWire(const EngineMetrics& in, wire::EngineMetrics::Builder out) {
  out.setWrongCodes(in.wrong_codes);
  out.setLockouts(in.lockouts);
  out.setDeadlineWarnings(in.deadline_warnings);
  out.setOverdueFlags(in.overdue_flags);
  out.setOpenCases(in.open_cases);
  out.setOverdueOpenCases(in.overdue_open_cases);
  out.setReadModelsPosition(in.read_models_position);
  out.setReadModelsGeneration(in.read_models_generation);
  out.setReadModelsBuilding(in.read_models_building);
  out.setReadModelsBuildTarget(in.read_models_build_target);
}

EngineMetrics FromWire(wire::EngineMetrics::Reader in) {
  EngineMetrics out;
  out.wrong_codes = in.getWrongCodes();
  out.lockouts = in.getLockouts();
  out.deadline_warnings = in.getDeadlineWarnings();
  out.overdue_flags = in.getOverdueFlags();
  out.open_cases = in.getOpenCases();
  out.overdue_open_cases = in.getOverdueOpenCases();
  out.read_models_position = in.getReadModelsPosition();
  out.read_models_generation = in.getReadModelsGeneration();
  out.read_models_building = in.getReadModelsBuilding();
  out.read_models_build_target = in.getReadModelsBuildTarget();
  return out;
}

void ToWire(const VerifyReport& in, wire::VerifyReport::Builder out) {
  out.setEventsChecked(in.events_checked);
  out.setLastPosition(in.last_position.value);
  out.setHasFirstBadPosition(in.first_bad_position.has_value());
  if (in.first_bad_position) out.setFirstBadPosition(in.first_bad_position->value);
  out.setProblem(Txt(in.problem));
}

VerifyReport FromWire(wire::VerifyReport::Reader in) {
  VerifyReport out;
  out.events_checked = in.getEventsChecked();
  out.last_position = Position{in.getLastPosition()};
  if (in.getHasFirstBadPosition()) out.first_bad_position = Position{in.getFirstBadPosition()};
  out.problem = Str(in.getProblem());
  return out;
}

}  // namespace gridledger::rpc
