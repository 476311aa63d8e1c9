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

// The text drawn in one frame.
std::string DrawnInOneFrame(Harness& ui) {
  FontLibrary::StartRecordingDrawnText();
  ui.Frame();
  std::string text = FontLibrary::DrawnText();
  FontLibrary::StopRecordingDrawnText();
  return text;
}

// A community with 40 compounds (as the demo has), the first with a
// building that has units.
class ManyCompoundsService : public FakeCaseService {
 public:
  std::vector<PlaceChoice> Places() override {
    std::vector<PlaceChoice> v;
    for (int i = 0; i < 40; ++i)
      v.push_back(
          {"c" + std::to_string(i), "41130200100101", "幸福" + std::to_string(i) + "小区", true});
    v.push_back({"c0-b3", "41130200100101", "幸福0小区 3号楼", false, "c0", "3号楼"});
    v.push_back({"c0-b3-u1", "41130200100101", "幸福0小区 3号楼 1单元", false, "c0-b3", "1单元"});
    return v;
  }
};

class PlaceListTest : public KioskTest {
 protected:
  void SetUp() override {
    KioskTest::SetUp();
    ReopenWith(std::make_shared<ManyCompoundsService>());
    ASSERT_EQ(ui_->TapAll({"start/file", "cat/sewer"}), "");
    ASSERT_EQ(app_->screen(), Screen::kPlace);
  }
};

TEST_F(PlaceListTest, LongListSaysInWordsThatMoreIsBelowUntilTheEnd) {
  std::string drawn = DrawnInOneFrame(*ui_);
  EXPECT_NE(drawn.find("向下滑动查看更多"), std::string::npos) << drawn;
  EXPECT_EQ(drawn.find("已到最后"), std::string::npos);
  // Slide to the end of the list: the hint says so instead.
  for (int i = 0; i < 12 && app_->targets().Find("place/c39") == nullptr; ++i) {
    const TouchTarget* t = app_->targets().Find("place/c3");
    ImVec2 from = t ? t->Center() : app_->targets().Find("place/unsure")->Center();
    from.y = app_->metrics().Mm(150);
    ui_->Drag(from, ImVec2(from.x, from.y - app_->metrics().Mm(80)), 10);
  }
  for (int i = 0; i < 6; ++i) {
    ImVec2 from(app_->metrics().Mm(100), app_->metrics().Mm(150));
    ui_->Drag(from, ImVec2(from.x, from.y - app_->metrics().Mm(80)), 10);
  }
  EXPECT_TRUE(app_->session().place_id.empty());  // dragging chose nothing
  drawn = DrawnInOneFrame(*ui_);
  EXPECT_EQ(drawn.find("向下滑动查看更多"), std::string::npos) << drawn;
  EXPECT_NE(drawn.find("已到最后"), std::string::npos);
  EXPECT_EQ(FontLibrary::missing_glyphs(), 0) << FontLibrary::missing_text();
}

TEST_F(KioskTest, ShortPlaceListNeedsNoScrollHint) {
  ASSERT_EQ(ui_->TapAll({"start/file", "cat/sewer"}), "");
  std::string drawn = DrawnInOneFrame(*ui_);
  EXPECT_EQ(drawn.find("向下滑动"), std::string::npos);
  EXPECT_EQ(drawn.find("已到最后"), std::string::npos);
}

TEST_F(PlaceListTest, BreadcrumbShowsWhatWasChosenSoFar) {
  std::string drawn = DrawnInOneFrame(*ui_);
  EXPECT_NE(drawn.find("位置：新华街道 › 文化社区\n"), std::string::npos) << drawn;
  ASSERT_TRUE(ui_->Tap("place/c0"));  // opens its buildings
  drawn = DrawnInOneFrame(*ui_);
  EXPECT_NE(drawn.find("位置：新华街道 › 文化社区 › 幸福0小区\n"), std::string::npos) << drawn;
  ASSERT_TRUE(ui_->Tap("place/c0-b3"));  // opens its units
  drawn = DrawnInOneFrame(*ui_);
  EXPECT_NE(drawn.find("位置：新华街道 › 文化社区 › 幸福0小区 › 3号楼\n"), std::string::npos)
      << drawn;
  ASSERT_TRUE(ui_->Tap("nav/back"));  // up one level
  drawn = DrawnInOneFrame(*ui_);
  EXPECT_NE(drawn.find("位置：新华街道 › 文化社区 › 幸福0小区\n"), std::string::npos) << drawn;
  EXPECT_EQ(FontLibrary::missing_glyphs(), 0) << FontLibrary::missing_text();
}

}  // namespace
}  // namespace gridledger::kiosk::testing
