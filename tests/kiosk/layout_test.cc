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

// Every selected button's tick badge lies clear of its words (1 mm at
// least) and the words inside the button, on every screen, in both text
// sizes and both languages, with every top-bar toggle selected.
void ExpectBadgesClearOfWords(const KioskApp& app, const std::string& where, int* badges) {
  float gap = app.metrics().Mm(1);
  for (const TouchTarget& t : app.targets().all()) {
    if (t.label_max.x > t.label_min.x) {
      EXPECT_GE(t.label_min.x + 0.5f, t.min.x) << where << ": " << t.id << "'s words stick out";
      EXPECT_LE(t.label_max.x, t.max.x + 0.5f) << where << ": " << t.id << "'s words stick out";
    }
    if (!t.has_badge || t.label_max.x <= t.label_min.x) continue;
    ++*badges;
    bool apart = t.label_max.x + gap <= t.badge_min.x || t.badge_max.x + gap <= t.label_min.x ||
                 t.label_max.y + gap <= t.badge_min.y || t.badge_max.y + gap <= t.label_min.y;
    EXPECT_TRUE(apart) << where << ": " << t.id << "'s tick covers its words (words "
                       << t.label_min.x << "," << t.label_min.y << " - " << t.label_max.x << ","
                       << t.label_max.y << "; tick " << t.badge_min.x << "," << t.badge_min.y
                       << " - " << t.badge_max.x << "," << t.badge_max.y << ")";
  }
}

TEST_F(KioskTest, TickBadgeNeverCoversItsWordsAtAnyTextSize) {
  app_->FillSampleSession();
  ASSERT_TRUE(ui_->Tap("top/contrast"));  // one more selected toggle
  int badges = 0;
  for (bool large : {false, true}) {
    for (Lang lang : {Lang::kZh, Lang::kEn}) {
      app_->SetLargeText(large);
      app_->SetLang(lang);
      for (Screen s : AllScreens()) {
        app_->GoTo(s);
        ui_->Frame();
        ui_->Frame();
        ExpectBadgesClearOfWords(
            *app_,
            std::string(ScreenName(s)) + (large ? " large" : "") + (lang == Lang::kEn ? " en" : ""),
            &badges);
      }
    }
  }
  EXPECT_GT(badges, 40);  // the toggles, the chosen category, place, phrases...
}

}  // namespace
}  // namespace gridledger::kiosk::testing
