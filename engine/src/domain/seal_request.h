// Personal data a decision carries in the clear, for the facade to seal.
// Deciders do no cryptography: they say what must be sealed, under whose
// key, and where the sealed value goes; the facade seals (crypto/) and
// hands the values back through `place`.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "gridledger/event_payloads.h"

namespace gridledger::domain {

struct SealRequest {
  // Index of the event (in the decision's events) that holds the fields.
  size_t event = 0;
  // The person whose key seals `texts`: the person id of this phone, or,
  // when empty, a new anonymous person (a random id).
  std::string phone;
  // Plain texts, each sealed under that person's key, in order.
  std::vector<std::string> texts;
  // Puts the sealed texts (same order as `texts`) and the person id into
  // the event. Pure; REQUIRES: sealed.size() == texts.size().
  std::function<void(EventPayload& event, const std::string& person,
                     std::vector<SealedField> sealed)>
      place;
};

}  // namespace gridledger::domain
