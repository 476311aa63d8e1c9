// The kiosk's screens, listed once: each with its stable name (for
// --screen, the target file and tests), what is said on arriving there and
// the function that draws it (ui/screens/screens.h).
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace gridledger::kiosk {

class KioskController;
struct ScreenUi;

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

struct ScreenInfo {
  Screen screen;
  std::string_view name;
  // The words spoken on arriving (if voice is on), in the resident's language.
  std::string (*prompt)(const KioskController&);
  // Spoken even with voice off: a resident may not read the screen.
  bool heard_even_if_off;
  // No top bar: the screen is all there is.
  bool full_screen;
  void (*draw)(ScreenUi&, KioskController&);
};

// Every screen, in the order of the enum.
std::span<const ScreenInfo> Screens();
const ScreenInfo& InfoOf(Screen s);
std::string_view ScreenName(Screen s);
std::optional<Screen> ScreenFromName(std::string_view name);
const std::vector<Screen>& AllScreens();

}  // namespace gridledger::kiosk
