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

void ToWire(const LogStats& in, wire::LogStats::Builder out) {
  out.setCommitted(in.committed.value);
  out.setStreamCount(in.stream_count);
  out.setDiskBytes(in.disk_bytes);
}

LogStats FromWire(wire::LogStats::Reader in) {
  LogStats out;
  out.committed = Position{in.getCommitted()};
  out.stream_count = in.getStreamCount();
  out.disk_bytes = in.getDiskBytes();
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
