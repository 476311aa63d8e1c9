// Layout that an elderly resident relies on: things stay where they were,
// markers never cover words, a long list says that there is more below and
// what has been chosen so far. Headless: measured from the rectangles the
// widgets record.
#include <map>

#include "test_env.h"

namespace gridledger::kiosk::testing {
namespace {

// The top bar's buttons, by id, as drawn in the latest frame.
std::map<std::string, Rect> TopBar(const KioskApp& app) {
  std::map<std::string, Rect> out;
  for (const TouchTarget& t : app.targets().all())
    if (t.id.rfind("top/", 0) == 0 && t.id != "top/home") out[t.id] = Rect{t.min, t.max};
  return out;
}

TEST_F(KioskTest, TopBarButtonsStayInPlaceOnEveryScreen) {
  app_->FillSampleSession();
  for (bool large : {false, true}) {
    for (Lang lang : {Lang::kZh, Lang::kEn}) {
      app_->SetLargeText(large);
      app_->SetLang(lang);
      app_->GoTo(Screen::kStart);
      ui_->Frame();
      ui_->Frame();
      auto start = TopBar(*app_);
      ASSERT_GE(start.size(), 4u);
      for (Screen s : AllScreens()) {
        if (s == Screen::kEmergency) continue;  // full screen: no top bar at all
        app_->GoTo(s);
        ui_->Frame();
        auto here = TopBar(*app_);
        std::string where =
            std::string(ScreenName(s)) + (large ? " large" : "") + (lang == Lang::kEn ? " en" : "");
        ASSERT_EQ(here.size(), start.size()) << where;
        for (const auto& [id, r] : start) {
          EXPECT_FLOAT_EQ(here[id].min.x, r.min.x) << where << ": " << id;
          EXPECT_FLOAT_EQ(here[id].max.x, r.max.x) << where << ": " << id;
          EXPECT_FLOAT_EQ(here[id].min.y, r.min.y) << where << ": " << id;
        }
      }
    }
  }
}

}  // namespace
}  // namespace gridledger::kiosk::testing
