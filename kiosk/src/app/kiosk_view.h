// What the kiosk's controller tells its user interface, on the UI thread.
// Every default does nothing: a controller without a UI (tests) needs none.
#pragma once

#include <string_view>

namespace gridledger::kiosk {

// Which of the resident's display settings changed.
enum class DisplayChange { kLanguage, kTextSize, kContrast };

class KioskView {
 public:
  virtual ~KioskView() = default;
  // `text` (not one of AllTexts(): a category, a place, a timeline entry,
  // an engine message) is about to be shown: its glyphs must be drawable.
  virtual void WillShow(std::string_view /*text*/) {}
  // The journey moved to another screen.
  virtual void ScreenChanged() {}
  virtual void DisplayChanged(DisplayChange /*what*/) {}
  // The session was wiped: whatever the UI keeps of it must go too.
  virtual void SessionWiped() {}
};

}  // namespace gridledger::kiosk
