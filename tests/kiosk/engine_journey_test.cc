// The kiosk on the real engine: a demo community seeded with SeedDemo, a
// request filed by taps and found in the engine, the demo resident's case
// looked up with right and wrong codes, and the engine's lockout.
#include "app/case_number.h"
#include "app/engine_case_service.h"
#include "gridledger/demo.h"
#include "gridledger/engine.h"
#include "test_env.h"
#include "testing/temp_dir.h"

namespace gridledger::kiosk::testing {
namespace {

class EngineKioskTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new gridledger::testing::TempDir;
    DemoOptions demo;
    demo.days = 7;
    demo.requests_per_day = 10;
    auto s = SeedDemo(dir_->path(), demo);
    ASSERT_TRUE(s.ok()) << s.status().ToString();
    summary_ = new DemoSummary(*s);
  }
  static void TearDownTestSuite() {
    delete summary_;
    delete dir_;
  }
  void SetUp() override {
    auto e = Engine::Open(dir_->path());
    ASSERT_TRUE(e.ok()) << e.status().ToString();
    engine_ = std::shared_ptr<Engine>(std::move(e).value());
    KioskDeps deps{&clock_, &SharedIme(), &SharedHandwriting(), nullptr};
    app_ = std::make_unique<KioskApp>(KioskOptions{}, deps);
    auto engine = engine_;
    app_->OpenService([engine]() -> Result<std::shared_ptr<CaseService>> {
      return std::shared_ptr<CaseService>(std::make_shared<EngineCaseService>(engine));
    });
    ui_ = std::make_unique<Harness>(*app_);
    ui_->Settle();
    FontLibrary::ResetMissingGlyphs();
  }
  void TearDown() override {
    ui_.reset();
    app_.reset();
    engine_.reset();
  }
  void Lookup(const std::string& number, const std::string& code) {
    app_->session().lookup_case.clear();
    ASSERT_TRUE(ui_->Tap("lookup/field/first"));
    for (char c : number)
      ASSERT_TRUE(ui_->Tap(c == '-' ? "lookup/dash" : std::string("lookup/") + c));
    ASSERT_TRUE(ui_->Tap("lookup/field/code"));
    for (char c : code) ASSERT_TRUE(ui_->Tap(std::string("lookup/") + c));
    ASSERT_TRUE(ui_->Tap("nav/next"));
    ui_->Settle();
  }

  static gridledger::testing::TempDir* dir_;
  static DemoSummary* summary_;
  ManualKioskClock clock_;
  std::shared_ptr<Engine> engine_;
  std::unique_ptr<KioskApp> app_;
  std::unique_ptr<Harness> ui_;
};

gridledger::testing::TempDir* EngineKioskTest::dir_ = nullptr;
DemoSummary* EngineKioskTest::summary_ = nullptr;

TEST_F(EngineKioskTest, FileByTapsAndFindInEngine) {
  ASSERT_TRUE(ui_->Tap("start/file"));
  ASSERT_TRUE(ui_->Tap("cat/sewer"));
  ASSERT_EQ(app_->screen(), Screen::kPlace);
  // The first place the engine's registry offers, down to a unit: a
  // compound opens its buildings, a building its units.
  std::string place;
  for (int depth = 0; depth < 4 && app_->screen() == Screen::kPlace; ++depth) {
    place.clear();
    for (const auto& t : app_->targets().all())
      if (t.id.rfind("place/", 0) == 0 && t.id != "place/unsure" && t.id != "place/whole") {
        place = t.id;
        break;
      }
    ASSERT_FALSE(place.empty()) << "no places from Engine::Places";
    ASSERT_TRUE(ui_->Tap(place));
  }
  ASSERT_EQ(app_->screen(), Screen::kWhat);
  EXPECT_NE(place.find("-u1"), std::string::npos) << "a unit was chosen: " << place;
  EXPECT_NE(app_->session().place_name.find("单元"), std::string::npos)
      << app_->session().place_name;
  ASSERT_EQ(ui_->TapAll({"phrase/0", "phrase/2", "nav/next"}), "");
  for (char d : std::string("13988887777")) ASSERT_TRUE(ui_->Tap(std::string("phone/") + d));
  ASSERT_EQ(ui_->TapAll({"nav/next", "nav/next", "nav/next"}), "");
  ui_->Settle();
  ASSERT_EQ(app_->screen(), Screen::kReceipt) << app_->session().submit_error;
  const FiledReceipt r = *app_->session().receipt;
  auto view = engine_->LookupCase(r.case_id, r.query_code);
  ASSERT_TRUE(view.ok()) << view.status().ToString();
  EXPECT_EQ(view->category, "sewer");
  EXPECT_EQ(view->source, CaseSource::kKiosk);
  EXPECT_EQ(view->masked_phone, "139****7777");
  EXPECT_NE(view->description.find("下水道堵了"), std::string::npos);
  EXPECT_EQ(FontLibrary::missing_glyphs(), 0) << FontLibrary::missing_text();
}

TEST_F(EngineKioskTest, NotSureGoesToTheCommunity) {
  ASSERT_EQ(ui_->TapAll({"start/file", "cat/noise", "place/unsure", "phrase/0", "nav/next"}), "");
  for (char d : std::string("13988886666")) ASSERT_TRUE(ui_->Tap(std::string("phone/") + d));
  ASSERT_EQ(ui_->TapAll({"nav/next", "nav/next", "nav/next"}), "");
  ui_->Settle();
  ASSERT_EQ(app_->screen(), Screen::kReceipt) << app_->session().submit_error;
}

TEST_F(EngineKioskTest, EngineEmergencyCategoryShowsCallNowFirst) {
  ASSERT_EQ(ui_->TapAll({"start/file", "cat/emergency"}), "");
  EXPECT_EQ(app_->screen(), Screen::kEmergency);
  EXPECT_EQ(FontLibrary::missing_glyphs(), 0) << FontLibrary::missing_text();
}

TEST_F(EngineKioskTest, DemoCaseRightAndWrongCodesThenLockout) {
  ASSERT_TRUE(ui_->Tap("start/lookup"));
  std::string number = DisplayCaseNumber(summary_->sample_case_id);
  Lookup(number, summary_->sample_query_code);
  ASSERT_EQ(app_->screen(), Screen::kCaseView) << app_->session().lookup_message;
  ASSERT_FALSE(app_->session().found.at(0).timeline.empty());
  EXPECT_EQ(FontLibrary::missing_glyphs(), 0) << FontLibrary::missing_text();
  ASSERT_TRUE(ui_->Tap("nav/back"));
  std::string wrong = summary_->sample_query_code == "000000" ? "000001" : "000000";
  for (int i = 0; i < 5; ++i) {
    Lookup(number, wrong);
    ASSERT_EQ(app_->screen(), Screen::kLookup);
    EXPECT_EQ(app_->session().lookup_error, Session::LookupError::kNotFound) << i;
  }
  Lookup(number, summary_->sample_query_code);
  EXPECT_EQ(app_->session().lookup_error, Session::LookupError::kLocked);
}

TEST_F(EngineKioskTest, APartitionedCaseNumberIsFoundByItsDigitsAlone) {
  // The demo district is the store's partition: the resident types the 18
  // digits from the receipt and the kiosk puts both dashes in.
  ASSERT_EQ(summary_->sample_case_id.rfind("case-411302-", 0), 0u) << summary_->sample_case_id;
  std::string digits;
  for (char c : DisplayCaseNumber(summary_->sample_case_id))
    if (c != '-') digits += c;
  ASSERT_EQ(digits.size(), 18u);
  ASSERT_TRUE(ui_->Tap("start/lookup"));
  Lookup(digits, summary_->sample_query_code);
  EXPECT_EQ(app_->screen(), Screen::kCaseView) << app_->session().lookup_message;
}

TEST_F(EngineKioskTest, DemoResidentByPhoneAndCode) {
  ASSERT_EQ(ui_->TapAll({"start/lookup", "lookup/by_phone"}), "");
  for (char c : summary_->sample_phone) ASSERT_TRUE(ui_->Tap(std::string("lookup/") + c));
  for (char c : summary_->sample_query_code) ASSERT_TRUE(ui_->Tap(std::string("lookup/") + c));
  ASSERT_TRUE(ui_->Tap("nav/next"));
  ui_->Settle();
  ASSERT_EQ(app_->screen(), Screen::kCaseView) << app_->session().lookup_message;
  bool has_sample = false;
  for (const auto& c : app_->session().found) {
    has_sample = has_sample || c.case_id == summary_->sample_case_id;
    EXPECT_TRUE(c.masked_phone.empty() || c.masked_phone.find("****") != std::string::npos);
  }
  EXPECT_TRUE(has_sample);
  EXPECT_EQ(FontLibrary::missing_glyphs(), 0) << FontLibrary::missing_text();
}

}  // namespace
}  // namespace gridledger::kiosk::testing
