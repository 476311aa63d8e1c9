#include "gridledger/http_handler.h"

namespace gridledger {
namespace {

const std::string& First(const std::vector<std::pair<std::string, std::string>>& list,
                         const std::string& name) {
  static const std::string kNone;
  for (const auto& [k, v] : list)
    if (k == name) return v;
  return kNone;
}

}  // namespace

const std::string& HttpRequest::Field(const std::string& name) const { return First(fields, name); }

bool HttpRequest::HasField(const std::string& name) const {
  for (const auto& f : fields)
    if (f.first == name) return true;
  return false;
}

const std::string& HttpRequest::Header(const std::string& name) const {
  return First(headers, name);
}

}  // namespace gridledger
