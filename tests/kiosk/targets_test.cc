// Every screen, in every mode: no touch target smaller than 20 mm at the
// configured density, nothing drawn without a glyph, and drag-to-scroll.
#include "test_env.h"

namespace gridledger::kiosk::testing {
namespace {

void ExpectTargetsLargeEnough(KioskApp& app, const std::string& where) {
  float min = app.metrics().MinTarget();
  ASSERT_FALSE(app.targets().all().empty()) << where;
  const auto& all = app.targets().all();
  for (const TouchTarget& t : all) {
    EXPECT_GE(t.Width() + 0.5f, min) << where << ": " << t.id;
    EXPECT_GE(t.Height() + 0.5f, min) << where << ": " << t.id;
  }
  // No target lies under another (e.g. pushed below the bottom bar by large
  // text): a finger on one would hit the other. Parts clipped away inside a
  // scroll area do not count.
  for (size_t i = 0; i < all.size(); ++i)
    for (size_t j = i + 1; j < all.size(); ++j) {
      const TouchTarget& a = all[i];
      const TouchTarget& b = all[j];
      bool overlap = a.vis_min.x < b.vis_max.x - 1 && b.vis_min.x < a.vis_max.x - 1 &&
                     a.vis_min.y < b.vis_max.y - 1 && b.vis_min.y < a.vis_max.y - 1;
      EXPECT_FALSE(overlap) << where << ": " << a.id << " overlaps " << b.id;
    }
}

TEST_F(KioskTest, EveryScreenHasNoTargetBelowMinimum) {
  app_->FillSampleSession();
  for (bool large : {false, true}) {
    if (large) ASSERT_TRUE(ui_->Tap("top/large"));
    for (Screen s : AllScreens()) {
      app_->GoTo(s);
      ui_->Frame();
      ui_->Frame();
      ExpectTargetsLargeEnough(*app_, std::string(ScreenName(s)) + (large ? " large" : ""));
    }
    // Pads open on the text screens.
    for (const char* mode : {"what/mode/pinyin", "what/mode/hand"}) {
      app_->GoTo(Screen::kWhat);
      ASSERT_TRUE(ui_->Tap(mode));
      ExpectTargetsLargeEnough(*app_, mode);
    }
  }
  EXPECT_EQ(FontLibrary::missing_glyphs(), 0) << FontLibrary::missing_text();
}

TEST_F(KioskTest, EnglishAndHighContrastRenderEveryGlyph) {
  app_->FillSampleSession();
  ASSERT_EQ(ui_->TapAll({"top/lang/en", "top/contrast"}), "");
  EXPECT_EQ(app_->lang(), Lang::kEn);
  for (Screen s : AllScreens()) {
    app_->GoTo(s);
    ui_->Frame();
    ExpectTargetsLargeEnough(*app_, std::string(ScreenName(s)) + " en");
  }
  EXPECT_EQ(FontLibrary::missing_glyphs(), 0) << FontLibrary::missing_text();
}

TEST_F(KioskTest, DenserPanelScalesTargets) {
  app_.reset();
  ui_.reset();
  KioskOptions options;
  options.px_per_mm = 6;
  KioskDeps deps{&clock_, &SharedIme(), &SharedHandwriting(), nullptr};
  app_ = std::make_unique<KioskApp>(options, deps);
  auto svc = service_;
  app_->OpenService([svc]() -> Result<std::shared_ptr<CaseService>> {
    return std::shared_ptr<CaseService>(svc);
  });
  ui_ = std::make_unique<Harness>(*app_, ImVec2(2880, 1620));
  ui_->Settle();
  app_->FillSampleSession();
  for (Screen s : AllScreens()) {
    app_->GoTo(s);
    ui_->Frame();
    EXPECT_GE(app_->metrics().MinTarget(), 120.0f);
    ExpectTargetsLargeEnough(*app_, std::string(ScreenName(s)) + " 6px/mm");
  }
}

TEST_F(KioskTest, DragScrollsThePlaceListWithoutTapping) {
  ASSERT_EQ(ui_->TapAll({"start/file", "cat/sewer"}), "");
  ASSERT_EQ(app_->screen(), Screen::kPlace);
  const TouchTarget* first = app_->targets().Find("place/p-cuiyuan");
  ASSERT_NE(first, nullptr);
  ImVec2 from = first->Center();
  float top_before = first->min.y;
  // The fake has one row of places: not enough to scroll, but a drag must
  // still never turn into a tap.
  ui_->Drag(from, ImVec2(from.x, from.y - 60));
  EXPECT_EQ(app_->screen(), Screen::kPlace);  // a drag is not a tap
  EXPECT_TRUE(app_->session().place_id.empty());
  ui_->Frame();
  EXPECT_EQ(app_->targets().Find("place/p-cuiyuan")->min.y, top_before);
}

// Many places: a 200 px drag scrolls the list 200 px, and taps nothing.
class ManyPlacesService : public FakeCaseService {
 public:
  std::vector<PlaceChoice> Places() override {
    std::vector<PlaceChoice> v;
    for (int i = 0; i < 60; ++i)
      v.push_back({"p" + std::to_string(i), "41130200100101", "幸福里" + std::to_string(i) + "号楼",
                   false});
    return v;
  }
};

TEST_F(KioskTest, DragScrollsALongPlaceList) {
  ui_.reset();
  app_.reset();
  KioskDeps deps{&clock_, &SharedIme(), &SharedHandwriting(), nullptr};
  app_ = std::make_unique<KioskApp>(KioskOptions{}, deps);
  app_->OpenService([]() -> Result<std::shared_ptr<CaseService>> {
    return std::shared_ptr<CaseService>(std::make_shared<ManyPlacesService>());
  });
  ui_ = std::make_unique<Harness>(*app_);
  ui_->Settle();
  ASSERT_EQ(ui_->TapAll({"start/file", "cat/sewer"}), "");
  const TouchTarget* t = app_->targets().Find("place/p3");
  ASSERT_NE(t, nullptr);
  float before = t->min.y;
  ImVec2 from = t->Center();
  ui_->Drag(from, ImVec2(from.x, from.y - 200), 10);
  ui_->Frame();
  EXPECT_EQ(app_->screen(), Screen::kPlace);
  EXPECT_TRUE(app_->session().place_id.empty());
  const TouchTarget* after = app_->targets().Find("place/p3");
  ASSERT_NE(after, nullptr);
  EXPECT_NEAR(after->min.y, before - 200, 2.0f);
  // A tap after scrolling picks what is under the finger.
  ASSERT_TRUE(ui_->Tap("place/p13"));
  EXPECT_EQ(app_->session().place_id, "p13");
}

}  // namespace
}  // namespace gridledger::kiosk::testing
