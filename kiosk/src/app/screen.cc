#include "app/screen.h"

#include <array>

#include "app/case_number.h"
#include "app/kiosk_controller.h"
#include "ui/screens/screens.h"

namespace gridledger::kiosk {
namespace {

// "246810" -> "2 4 6 8 1 0": a voice reads digits one by one, as on paper.
std::string SpokenDigits(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (!out.empty()) out += ' ';
    out += c;
  }
  return out;
}

template <const Text& kWords>
std::string Say(const KioskController& k) {
  return k.Words(kWords);
}

template <Screen kStep>
std::string SayStep(const KioskController& k) {
  return k.StepTitle(kStep);
}

// The number and the code, digit by digit.
std::string SayReceipt(const KioskController& k) {
  const auto& receipt = k.session().receipt;
  if (!receipt) return k.Words(txt::kReceiptTitle);
  return std::string(k.Words(txt::kReceiptTitle)) + " " + k.Words(txt::kCaseNumber) + " " +
         SpokenDigits(DisplayCaseNumber(receipt->case_id)) + "，" + k.Words(txt::kQueryCode) + " " +
         SpokenDigits(receipt->query_code);
}

constexpr std::array<ScreenInfo, 12> kScreens = {{
    {Screen::kStart, "start", &Say<txt::kWelcome>, false, false, &DrawStart},
    {Screen::kCategory, "category", &SayStep<Screen::kCategory>, false, false, &DrawCategory},
    {Screen::kPlace, "place", &SayStep<Screen::kPlace>, false, false, &DrawPlace},
    {Screen::kWhat, "what", &SayStep<Screen::kWhat>, false, false, &DrawWhat},
    {Screen::kPhone, "phone", &SayStep<Screen::kPhone>, false, false, &DrawPhone},
    {Screen::kName, "name", &SayStep<Screen::kName>, false, false, &DrawName},
    {Screen::kReview, "review", &Say<txt::kStepReview>, false, false, &DrawReview},
    {Screen::kSubmitting, "submitting", &Say<txt::kSubmitting>, false, false, &DrawSubmitting},
    {Screen::kReceipt, "receipt", &SayReceipt, false, false, &DrawReceipt},
    {Screen::kLookup, "lookup", &Say<txt::kLookupTitle>, false, false, &DrawLookup},
    {Screen::kCaseView, "case", &Say<txt::kProgress>, false, false, &DrawCaseView},
    {Screen::kEmergency, "emergency", &Say<txt::kEmergencySpeech>, true, true, &DrawEmergency},
}};

constexpr bool InEnumOrder() {
  for (size_t i = 0; i < kScreens.size(); ++i)
    if (static_cast<size_t>(kScreens[i].screen) != i) return false;
  return true;
}
static_assert(InEnumOrder(), "kScreens lists every Screen once, in the order of the enum");

}  // namespace

std::span<const ScreenInfo> Screens() { return kScreens; }

const ScreenInfo& InfoOf(Screen s) { return kScreens.at(static_cast<size_t>(s)); }

std::string_view ScreenName(Screen s) { return InfoOf(s).name; }

std::optional<Screen> ScreenFromName(std::string_view name) {
  for (const ScreenInfo& info : kScreens)
    if (info.name == name) return info.screen;
  return std::nullopt;
}

const std::vector<Screen>& AllScreens() {
  static const std::vector<Screen> all = [] {
    std::vector<Screen> v;
    for (const ScreenInfo& info : kScreens) v.push_back(info.screen);
    return v;
  }();
  return all;
}

}  // namespace gridledger::kiosk
