// Everything one resident enters or is shown during one visit. Reset()
// overwrites it all (see secure_string.h); nothing here survives a session.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "gridledger/commands.h"
#include "gridledger/read_models.h"

namespace gridledger::kiosk {

enum class Journey { kNone, kRequest, kWish, kLookup };

// Which text field an on-screen keyboard writes into.
enum class TextField { kDescription, kName };

struct Session {
  Journey journey = Journey::kNone;

  // ---- filing ----
  std::string category;  // service code
  bool place_unsure = false;
  std::string place_id, place_grid, place_name;
  std::vector<int> phrases;     // indices into the category's phrases
  std::string free_text;        // UTF-8, from pinyin / handwriting
  std::string phone;            // digits only
  std::string name;             // UTF-8, optional
  bool phone_error = false;     // show the field error on the phone screen
  bool back_to_review = false;  // a step opened by review's 修改 returns there

  // ---- submitting ----
  bool submitting = false;
  bool submit_failed = false;
  std::string submit_error;  // engine message (for staff)
  std::optional<FiledReceipt> receipt;

  // ---- my cases ----
  bool lookup_by_phone = false;
  int lookup_field = 0;     // 0: number/phone, 1: query code
  std::string lookup_case;  // as typed: "20261123-000042"
  std::string lookup_phone;
  std::string lookup_code;
  bool looking_up = false;
  enum class LookupError { kNone, kNotFound, kLocked, kFailed, kIncomplete };
  LookupError lookup_error = LookupError::kNone;
  std::string lookup_message;  // engine detail (for staff)
  std::vector<CaseView> found;
  size_t shown_case = 0;
  std::string found_code;  // the code that opened `found`
  bool found_by_phone = false;
  std::string found_phone;  // the phone that opened `found` (by phone)
  // Wrong codes the engine still allows before locking this lookup; -1
  // unknown. Shown as a warning when 2 or fewer are left.
  int tries_left = -1;
  bool locked_by_phone = false;  // which lookup the engine locked
  bool sending_feedback = false;
  // kRefused: the engine would not take the rating now (its reason in
  // feedback_message); kFailed: it could not be sent.
  enum class FeedbackResult { kNone, kThanks, kReopened, kRefused, kFailed };
  FeedbackResult feedback_result = FeedbackResult::kNone;
  std::string feedback_message;  // engine detail (for staff)

  // Overwrites and clears every field.
  void Reset();
  // All text this session holds, concatenated (tests search it for traces).
  std::string AllText() const;
  // The description sent to the engine: chosen phrases + free text.
  std::string Description(const std::vector<std::string>& phrases_zh) const;
};

}  // namespace gridledger::kiosk
