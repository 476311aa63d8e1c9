// Translation between the engine's public value types and their wire form
// (schemas/wire.capnp). Only the RPC layer (engine/src/rpc) includes this:
// the public headers never name a Cap'n Proto type.
//
// Contract for every pair: FromWire(ToWire(x)) == x field by field, for any
// value the public types can hold (empty strings, zero times, every enum
// value, empty and long lists). FromWire never throws for a well-formed
// message; an enum value this build does not know maps to the type's
// default (the first enumerant) so an older peer can read a newer one.
// Damaged messages may throw kj::Exception: the RPC layer catches it at its
// boundary and answers kInvalidArgument.
#pragma once

#include <string>
#include <vector>

#include "gridledger/actor.h"
#include "gridledger/catalogue.h"
#include "gridledger/commands.h"
#include "gridledger/event_log.h"
#include "gridledger/read_models.h"
#include "gridledger/status.h"
#include "wire.capnp.h"

namespace gridledger::rpc {

// ---- results -------------------------------------------------------------
// A code this build does not know reads as kInternal (never as OK), with the
// message kept.
void ToWire(const Status& in, wire::Status::Builder out);
Status FromWire(wire::Status::Reader in);

// ---- values shared by commands and read models ---------------------------
void ToWire(const Location& in, wire::Location::Builder out);
Location FromWire(wire::Location::Reader in);
void ToWire(const GridDefined& in, wire::GridDefined::Builder out);
GridDefined FromWire(wire::GridDefined::Reader in);
void ToWire(const PlaceRegistered& in, wire::PlaceRegistered::Builder out);
PlaceRegistered FromWire(wire::PlaceRegistered::Reader in);
void ToWire(const WorkerAssigned& in, wire::WorkerAssigned::Builder out);
WorkerAssigned FromWire(wire::WorkerAssigned::Reader in);
void ToWire(const InspectionItem& in, wire::InspectionItem::Builder out);
InspectionItem FromWire(wire::InspectionItem::Reader in);

// ---- commands ------------------------------------------------------------
void ToWire(const FileCase& in, wire::FileCase::Builder out);
FileCase FromWire(wire::FileCase::Reader in);
void ToWire(const FiledReceipt& in, wire::FiledReceipt::Builder out);
FiledReceipt FromWire(wire::FiledReceipt::Reader in);
// A command alternative this build does not know (a newer peer's) cannot be
// executed as any other command: FromWire throws kj::Exception for it, which
// the RPC layer answers with kInvalidArgument.
void ToWire(const CaseCommand& in, wire::CaseCommand::Builder out);
CaseCommand FromWire(wire::CaseCommand::Reader in);
void ToWire(const WorkCommand& in, wire::WorkCommand::Builder out);
WorkCommand FromWire(wire::WorkCommand::Reader in);

// ---- read models ---------------------------------------------------------
void ToWire(const TimelineEntry& in, wire::TimelineEntry::Builder out);
TimelineEntry FromWire(wire::TimelineEntry::Reader in);
void ToWire(const CaseView& in, wire::CaseView::Builder out);
CaseView FromWire(wire::CaseView::Reader in);
void ToWire(const QueueItem& in, wire::QueueItem::Builder out);
QueueItem FromWire(wire::QueueItem::Reader in);
void ToWire(const LedgerEntry& in, wire::LedgerEntry::Builder out);
LedgerEntry FromWire(wire::LedgerEntry::Reader in);
void ToWire(const Statistics& in, wire::Statistics::Builder out);
Statistics FromWire(wire::Statistics::Reader in);
void ToWire(const GridInfo& in, wire::GridInfo::Builder out);
GridInfo FromWire(wire::GridInfo::Reader in);
void ToWire(const PlaceInfo& in, wire::PlaceInfo::Builder out);
PlaceInfo FromWire(wire::PlaceInfo::Reader in);
void ToWire(const WorkerInfo& in, wire::WorkerInfo::Builder out);
WorkerInfo FromWire(wire::WorkerInfo::Reader in);
void ToWire(const ServiceCategory& in, wire::ServiceCategory::Builder out);
ServiceCategory FromWire(wire::ServiceCategory::Reader in);

// ---- the log ---------------------------------------------------------------
void ToWire(const ExpectedVersion& in, wire::ExpectedVersion::Builder out);
ExpectedVersion FromWire(wire::ExpectedVersion::Reader in);
void ToWire(const AppendResult& in, wire::AppendResult::Builder out);
AppendResult FromWire(wire::AppendResult::Reader in);
void ToWire(const StreamHead& in, wire::StreamHead::Builder out);
StreamHead FromWire(wire::StreamHead::Reader in);
void ToWire(const EventFilter& in, wire::EventFilter::Builder out);
EventFilter FromWire(wire::EventFilter::Reader in);
void ToWire(const LogStats& in, wire::LogStats::Builder out);
LogStats FromWire(wire::LogStats::Reader in);
// Every field but apply_seconds (in-process only).
void ToWire(const EngineMetrics& in, wire::EngineMetrics::Builder out);
EngineMetrics FromWire(wire::EngineMetrics::Reader in);
void ToWire(const VerifyReport& in, wire::VerifyReport::Builder out);
VerifyReport FromWire(wire::VerifyReport::Reader in);

// Lists: every element through the element's pair above.
template <typename T, typename ListBuilder>
void ListToWire(const std::vector<T>& in, ListBuilder out) {
  for (unsigned i = 0; i < in.size(); ++i) ToWire(in[i], out[i]);
}
template <typename T, typename ListReader>
std::vector<T> ListFromWire(ListReader in) {
  std::vector<T> out;
  out.reserve(in.size());
  for (auto element : in) out.push_back(FromWire(element));
  return out;
}

}  // namespace gridledger::rpc
