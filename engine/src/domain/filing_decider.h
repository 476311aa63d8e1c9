// Deciding a new case: DecideFiling(request, context) -> events | refusal.
// Pure: validates what the filer gave, routes the case (the place's grid,
// else the stated grid, else the first community), authorises the filer
// there and chooses the events. No I/O, no clock (now is in the context),
// no randomness: the case id, the query code and the sealing of personal
// data are the facade's.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "domain/case_decider.h"
#include "domain/seal_request.h"
#include "gridledger/commands.h"

namespace gridledger::domain {

// Bounds of a filing's input.
inline constexpr size_t kMaxDescriptionBytes = 4000;

// What a filing writes to its new stream (ExpectedVersion::NoStream()).
struct FilingDecision {
  // CaseFiled first (its query_code_hash is empty: it needs the case id;
  // its reporter is sealed by `reporter`), then, unless imported,
  // CaseRegistered and CaseDispatched (to the grid's worker, else the
  // community).
  std::vector<EventPayload> events;
  // The reporter's name and phone, sealed under the phone's person into
  // CaseFiled.reporter and resident_key. Empty when no phone was given.
  std::optional<SealRequest> reporter;
  // For the receipt.
  std::string grid_code;  // where it was routed
  std::string worker;     // the grid worker it lands with; empty: the community
  Priority priority = Priority::kNormal;
  Timestamp deadline{};  // {} for an import (history, not new work)

  CaseFiled& filed() { return std::get<CaseFiled>(events.front()); }
  const CaseFiled& filed() const { return std::get<CaseFiled>(events.front()); }
};

// The events of filing `request` as context.actor at context.now, or
// kInvalidArgument (the field named, Chinese / English: an unknown
// category, place or grid, an empty or too long description, a phone that
// is not an 11-digit mobile (required of a resident), a query code that
// is not 6 digits, an identifier that is not UTF-8), kUnavailable (no
// grids are registered yet), kPermissionDenied (the actor may not file
// there).
Result<FilingDecision> DecideFiling(const FileCase& request, const DecideContext& context);

}  // namespace gridledger::domain
