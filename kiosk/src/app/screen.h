// The kiosk's screens and their stable names (for --screen and tests).
#pragma once

#include <optional>
#include <string_view>
#include <vector>

namespace gridledger::kiosk {

enum class Screen {
  kStart,       // language, large text, contrast, voice; the three journeys
  kCategory,    // category tiles (requests or micro-wishes)
  kPlace,       // compound / building, or "not sure"
  kWhat,        // preset phrases + optional free text (pinyin / handwriting)
  kPhone,       // 12-key keypad
  kName,        // optional name (pinyin / handwriting)
  kReview,      // check before submitting
  kSubmitting,  // progress, or a failure that keeps everything entered
  kReceipt,     // case number, query code, QR, expected time
  kLookup,      // case number or phone + query code
  kCaseView,    // timeline, deadline, late or not, rating
  kEmergency,   // full screen: call 110 / 119 / 120 now; then, optionally, record it
};

std::string_view ScreenName(Screen s);
std::optional<Screen> ScreenFromName(std::string_view name);
const std::vector<Screen>& AllScreens();

}  // namespace gridledger::kiosk
