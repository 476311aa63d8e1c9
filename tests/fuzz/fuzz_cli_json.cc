// Fuzzes the CLI's JSON event input (`gridledger append`): any line gives a
// NewEvent or an InvalidArgument naming the field, never a crash.
#include <cstddef>
#include <cstdint>
#include <string>

#include "event_json.h"

using namespace gridledger;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  cli::Json json;
  try {  // as append_command.cc does: any parser exception is malformed input
    json = cli::Json::parse(text);
  } catch (const cli::Json::exception&) {
    return 0;
  }
  std::string stream;
  auto event = cli::NewEventFromJson(json, &stream);
  if (!event.ok() && event.error().code() != StatusCode::kInvalidArgument) __builtin_trap();
  if (event.ok()) {
    // A parsed payload prints and parses back to the same payload.
    auto again = cli::PayloadFromJson(cli::PayloadTypeName(event->payload),
                                      cli::PayloadToJson(event->payload));
    if (!again.ok() || !(*again == event->payload)) __builtin_trap();
  }
  return 0;
}
