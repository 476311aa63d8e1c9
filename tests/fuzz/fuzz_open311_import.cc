// Fuzzes the Open311 request parser (XML and JSON): any input gives
// requests or Open311 errors, never both, never a crash.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "documents.h"

using namespace gridledger::open311;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  for (Format f : {Format::kXml, Format::kJson}) {
    std::vector<Request> requests;
    std::vector<Error> errors;
    ParseRequests(text, f, &requests, &errors);
    if (!errors.empty() && !requests.empty()) __builtin_trap();  // nothing partial
    if (errors.empty()) {
      // What parsed must survive a round trip.
      std::vector<Request> again;
      std::vector<Error> again_errors;
      ParseRequests(WriteRequests(requests, f), f, &again, &again_errors);
      if (!again_errors.empty() || again.size() != requests.size()) __builtin_trap();
    }
  }
  return 0;
}
