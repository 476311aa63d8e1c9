// The one mapping between GridLedger's cases and Open311 GeoReport v2 (with
// mySociety's request updates), shared by the command line's export and
// import (`gridledger export|import open311`) and gridledgerd's live
// endpoint (endpoint.h). docs/open311.md describes it for integrators.
//
// * A case is a service request; its service_request_id is the case id, or
//   for an imported case the id it was imported with.
// * status is "closed" once the case is closed, rejected or merged, else
//   "open"; status_notes carries the detailed state in both languages; the
//   deadline is expected_datetime; the assignee is agency_responsible.
// * The reporter's name and phone are never written out.
// * Each event of a case is a request update whose mySociety status follows
//   the closed loop (UpdateStatus).
// * An imported request keeps its original (without personal fields) in
//   stream "open311-<external id>" as an opaque "open311.request" event, so
//   that export gives back what the other system sent.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "documents.h"
#include "gridledger/engine.h"

namespace gridledger::open311 {

inline constexpr char kOriginalStreamPrefix[] = "open311-";
inline constexpr char kOriginalType[] = "open311.request";

// "3个工作日内办理 / handled within 3 working days".
std::string SlaNotice(const ServiceCategory& category);
// Closed, rejected or merged: "closed" in Open311.
bool IsFinished(CaseState state);

// The service list: one service per catalogue category. metadata is true:
// every service has a definition (ServiceDefinitionOf).
std::vector<Service> ServiceList(const std::vector<ServiceCategory>& catalogue);
// The attributes a client may send with a request of `category`:
// "grid" (which registered grid the request concerns, from `grids`) and,
// where the category has tap phrases, "phrase" (one of them, put before the
// description).
ServiceDefinition ServiceDefinitionOf(const ServiceCategory& category,
                                      const std::vector<GridInfo>& grids);

// The case as a service request.
Request ToRequest(Engine& engine, const CaseView& view);

// mySociety status after event `e`, given the status before it.
std::string UpdateStatus(const RecordedEvent& e, const std::string& before);
// The case's updates recorded in [since, until] (either may be absent),
// one per event, oldest first.
Result<std::vector<Update>> CaseUpdates(Engine& engine, const CaseView& view,
                                        std::optional<Timestamp> since,
                                        std::optional<Timestamp> until);

// Decimal degrees ("34.75") as millionths of a degree, the engine's
// Location unit; 0 for "". REQUIRES: a number (documents.h checks them).
int32_t DegreesToE6(const std::string& degrees);

// "<source>:<service_request_id>", or the bare id for source "open311": the
// imported case's external id (two systems' ids never collide).
std::string ExternalId(const std::string& source, const std::string& request_id);

// Maps other systems' service codes to catalogue codes, case-insensitively:
// the table first, then a catalogue code of the same name, then the
// fallback category (if any).
class CodeMap {
 public:
  // `path` (may be empty): lines "foreign_code,catalogue_code" (or a tab
  // between them); blank lines and lines starting with '#' are skipped.
  // `fallback` "" means: no fallback. kInvalidArgument names the bad line
  // or the unknown code.
  static Result<CodeMap> Load(const std::string& path, const std::string& fallback);

  // The catalogue code for `foreign`, or nullopt (only without fallback).
  std::optional<std::string> Map(const std::string& foreign) const;

 private:
  std::map<std::string, std::string> table_;
  std::string fallback_;
};

// One request of an imported document as the engine's ImportedCase:
// filed with `category` to `grid` ("" routes it), its original kept beside
// it. REQUIRES: `r` passed ParseRequests and has a service_request_id.
ImportedCase ToImportedCase(const Request& r, const std::string& category,
                            const std::string& source, const std::string& grid);

}  // namespace gridledger::open311
