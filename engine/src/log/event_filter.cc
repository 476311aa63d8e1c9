// EventFilter's reference semantics (gridledger/event_filter.h).

#include "gridledger/event_filter.h"

#include <algorithm>

#include "domain/registry.h"

namespace gridledger {

namespace {
constexpr size_t kMaxFilterValues = 64;

bool StartsWith(std::string_view s, std::string_view prefix) {
  return s.size() >= prefix.size() && s.substr(0, prefix.size()) == prefix;
}
}  // namespace

bool EventFilter::MatchesFields(std::string_view type, std::string_view stream,
                                std::string_view grid_code) const {
  if (!types.empty() &&
      std::none_of(types.begin(), types.end(), [&](const std::string& t) { return t == type; }))
    return false;
  if (!stream_prefixes.empty() &&
      std::none_of(stream_prefixes.begin(), stream_prefixes.end(),
                   [&](const std::string& p) { return StartsWith(stream, p); }))
    return false;
  if (!grid_codes.empty() &&
      std::none_of(grid_codes.begin(), grid_codes.end(),
                   [&](const std::string& g) { return domain::Covers(g, grid_code); }))
    return false;
  return true;
}

bool EventFilter::Matches(const RecordedEvent& event) const {
  return MatchesFields(EventTypeName(event.payload), event.stream.value, event.grid_code);
}

Status EventFilter::Validate() const {
  auto check = [](const std::vector<std::string>& values, const char* what) -> Status {
    if (values.size() > kMaxFilterValues)
      return Status::InvalidArgument(std::string("a filter lists at most 64 ") + what);
    for (const auto& v : values)
      if (v.empty())
        return Status::InvalidArgument(std::string("a filter's ") + what +
                                       " may not be empty strings");
    return Status::Ok();
  };
  GL_RETURN_IF_ERROR(check(types, "types"));
  GL_RETURN_IF_ERROR(check(stream_prefixes, "stream prefixes"));
  return check(grid_codes, "grid codes");
}

}  // namespace gridledger
