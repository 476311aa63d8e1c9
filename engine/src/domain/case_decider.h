// Deciding the closed loop: Decide(state, command) -> events | rejection.
// Pure: no I/O, no clock (now is an input), no randomness.
#pragma once

#include <vector>

#include "domain/case_model.h"
#include "gridledger/actor.h"
#include "gridledger/catalogue.h"
#include "gridledger/commands.h"

namespace gridledger::domain {

struct DecideContext {
  const Actor& actor;
  const Registry& registry;
  const WorkCalendar& calendar;
  Timestamp now;
};

// The events that carry out `command` on `model`, or kRejected (a reason
// for people, Chinese / English), kPermissionDenied, kNotFound.
Result<std::vector<EventPayload>> DecideCase(const CaseModel& model, const CaseCommand& command,
                                             const DecideContext& context);

// The deadline events due at context.now: a warning once per deadline,
// an overdue flag once per deadline. Empty when none.
std::vector<EventPayload> DecideDeadlines(const CaseModel& model, Timestamp now);

// A resident's verdict on a closed case (the caller checked their code).
Result<std::vector<EventPayload>> DecideResidentFeedback(const CaseModel& model,
                                                         uint8_t satisfaction, bool fixed,
                                                         const std::string& comment);

// Deadline of a new case of `category` registered at `now`.
Timestamp DeadlineFor(const ServiceCategory& category, Timestamp now, const WorkCalendar& calendar);

}  // namespace gridledger::domain
