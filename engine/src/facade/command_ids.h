// Event ids for one command: derived from the caller's request id, so that
// a retried command writes the very same ids and the log's de-duplication
// (or AlreadyApplied) makes it exactly once; random when there is none.
#pragma once

#include <cstdint>

#include "gridledger/types.h"

namespace gridledger {

class CommandIds {
 public:
  explicit CommandIds(EventId request_id) : request_(request_id) {}

  bool derived() const { return !request_.empty(); }
  // The id of the command's `index`-th event (0-based); empty (the log
  // then generates a random one) without a request id.
  EventId EventAt(uint32_t index) const;
  // The request id of a command this one issues itself (a patrol finding's
  // filing, an inspection's rectification case): derived, distinct per
  // `index`, never equal to an event id of this command.
  EventId Nested(uint32_t index) const;

 private:
  EventId request_;
};

}  // namespace gridledger
