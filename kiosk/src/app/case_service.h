// What the kiosk needs from GridLedger. The production implementation wraps
// gridledger::Engine (engine_case_service.h); tests may substitute a fake.
//
// Contract: every method may block on disk; the kiosk calls them only from
// its CommandWorker thread, never from the UI thread. Implementations must
// be thread-safe. Errors use gridledger::Status codes as documented in
// gridledger/engine.h (kNotFound for wrong codes, kResourceExhausted for a
// locked lookup).
#pragma once

#include <string>
#include <vector>

#include "gridledger/catalogue.h"
#include "gridledger/commands.h"
#include "gridledger/engine.h"
#include "gridledger/read_models.h"
#include "gridledger/status.h"

namespace gridledger::kiosk {

// A place a resident can pick: a compound or a building in one of the grids.
struct PlaceChoice {
  std::string place_id;
  std::string grid_code;
  std::string name;  // full: "翠园小区", "翠园小区 3号楼", "翠园小区 3号楼 1单元"
  bool is_compound = false;
  // The place it lies in (building of a unit, compound of a building); empty
  // at the top. The place screen drills down compound -> building -> unit.
  std::string parent_place_id;
  std::string short_name;  // "3号楼", "1单元"; empty: use name
};

class CaseService {
 public:
  virtual ~CaseService() = default;
  virtual std::vector<ServiceCategory> Catalogue() = 0;
  // Compounds and buildings of every grid, compounds first in each grid.
  virtual std::vector<PlaceChoice> Places() = 0;
  // Where a request goes when the resident is "not sure" where: the
  // community the kiosk stands in (its grid code).
  virtual std::string DefaultGrid() = 0;
  // The names of where the kiosk stands, outermost first ("新华街道",
  // "文化社区"): the start of the place screen's breadcrumb. Empty when
  // unknown. Default: empty
  virtual std::vector<std::string> AreaNames() { return {}; }
  virtual Result<FiledReceipt> File(const FileCase& request) = 0;
  virtual Result<CaseView> Lookup(const std::string& case_id, const std::string& code) = 0;
  virtual Result<std::vector<CaseView>> LookupByPhone(const std::string& phone,
                                                      const std::string& code) = 0;
  // Rating with the case's own code (Engine::ResidentFeedback).
  virtual Result<CaseView> Feedback(const std::string& case_id, const std::string& code,
                                    uint8_t satisfaction, bool fixed) = 0;
  // Rating any case a phone lookup showed, proved by that phone and the
  // code that opened the lookup (Engine::ResidentFeedbackByPhone).
  virtual Result<CaseView> FeedbackByPhone(const std::string& phone, const std::string& code,
                                           const std::string& case_id, uint8_t satisfaction,
                                           bool fixed) = 0;
  // The wrong-code budget of lookups by phone (`by_phone`, key = phone) or
  // by case number (key = case id): Engine::PhoneLookupTries / CaseLookupTries.
  virtual Result<LookupTries> Tries(bool by_phone, const std::string& key) = 0;
};

}  // namespace gridledger::kiosk
