#include "app/screen.h"

#include <array>
#include <utility>

namespace gridledger::kiosk {
namespace {
constexpr std::array<std::pair<Screen, std::string_view>, 12> kNames = {{
    {Screen::kStart, "start"},
    {Screen::kCategory, "category"},
    {Screen::kPlace, "place"},
    {Screen::kWhat, "what"},
    {Screen::kPhone, "phone"},
    {Screen::kName, "name"},
    {Screen::kReview, "review"},
    {Screen::kSubmitting, "submitting"},
    {Screen::kReceipt, "receipt"},
    {Screen::kLookup, "lookup"},
    {Screen::kCaseView, "case"},
    {Screen::kEmergency, "emergency"},
}};
}  // namespace

std::string_view ScreenName(Screen s) {
  for (const auto& [screen, name] : kNames)
    if (screen == s) return name;
  return "?";
}

std::optional<Screen> ScreenFromName(std::string_view name) {
  for (const auto& [screen, n] : kNames)
    if (n == name) return screen;
  return std::nullopt;
}

const std::vector<Screen>& AllScreens() {
  static const std::vector<Screen> all = [] {
    std::vector<Screen> v;
    for (const auto& [screen, name] : kNames) v.push_back(screen);
    return v;
  }();
  return all;
}

}  // namespace gridledger::kiosk
