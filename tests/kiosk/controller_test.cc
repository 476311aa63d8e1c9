// The journey without any UI: KioskController driven through its actions,
// as the screens call them, against the fake service. No ImGui context, no
// fonts, no frames but the controller's own BeginFrame / EndFrame.
#include <gtest/gtest.h>

#include <cmath>
#include <memory>
#include <string>
#include <vector>

#include "app/case_number.h"
#include "app/kiosk_controller.h"
#include "fake_case_service.h"

namespace gridledger::kiosk::testing {
namespace {

// What the controller tells a UI, written down.
class RecordingView : public KioskView {
 public:
  void WillShow(std::string_view text) override { shown += std::string(text) + "\n"; }
  void ScreenChanged() override { ++screen_changes; }
  void DisplayChanged(DisplayChange what) override { changes.push_back(what); }
  void SessionWiped() override { ++wipes; }

  std::string shown;
  int screen_changes = 0;
  std::vector<DisplayChange> changes;
  int wipes = 0;
};

class ControllerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    service_ = std::make_shared<FakeCaseService>();
    KioskOptions options;
    options.idle_seconds = 90;
    options.countdown_seconds = 30;
    KioskDeps deps;
    deps.clock = &clock_;
    k_ = std::make_unique<KioskController>(options, deps, &view_);
    auto svc = service_;
    k_->OpenService([svc]() -> Result<std::shared_ptr<CaseService>> {
      return std::shared_ptr<CaseService>(svc);
    });
    Settle();
    ASSERT_TRUE(k_->service_ready());
  }
  // Lets the engine work finish and applies its results.
  void Settle() {
    k_->worker().WaitIdle();
    k_->ApplyResults();
  }
  // What KioskApp does around drawing a frame, without drawing one.
  void Frame(bool pointer_down = false) {
    k_->BeginFrame(pointer_down);
    k_->EndFrame();
  }
  const ServiceCategory& Category(const std::string& code) {
    const ServiceCategory* c = k_->FindCategory(code);
    EXPECT_NE(c, nullptr) << code;
    return *c;
  }

  ManualKioskClock clock_;
  RecordingView view_;  // outlives the controller
  std::shared_ptr<FakeCaseService> service_;
  std::unique_ptr<KioskController> k_;
};

TEST_F(ControllerTest, OpeningTheServiceFeedsItsWordsToTheView) {
  EXPECT_NE(view_.shown.find("翠园小区 3号楼"), std::string::npos) << view_.shown;
  EXPECT_NE(view_.shown.find("新华街道"), std::string::npos);
  EXPECT_NE(view_.shown.find(Category("sewer").name_zh), std::string::npos);
  EXPECT_EQ(k_->places().all().size(), 3u);
}

TEST_F(ControllerTest, FilesARequestFromCategoryToReceipt) {
  k_->StartJourney(Journey::kRequest);
  EXPECT_EQ(k_->screen(), Screen::kCategory);
  EXPECT_EQ(k_->last_prompt(), "第1步：是什么问题？");
  k_->ChooseCategory(Category("sewer"));
  EXPECT_EQ(k_->screen(), Screen::kPlace);
  const PlaceChoice* building = k_->places().Find("p-cuiyuan-3");
  ASSERT_NE(building, nullptr);
  k_->OpenPlace(*building);  // no parts: chosen
  EXPECT_EQ(k_->screen(), Screen::kWhat);
  EXPECT_EQ(k_->session().place_name, "翠园小区 3号楼");
  k_->session().phrases = {0};
  k_->GoTo(k_->NextStep(Screen::kPhone));
  ASSERT_EQ(k_->screen(), Screen::kPhone);

  k_->session().phone = "138";
  k_->PhoneDone();  // too short: said and shown, nothing lost
  EXPECT_EQ(k_->screen(), Screen::kPhone);
  EXPECT_TRUE(k_->session().phone_error);
  EXPECT_NE(k_->last_prompt().find("手机号码不对"), std::string::npos) << k_->last_prompt();
  k_->session().phone = "13912345678";
  k_->PhoneDone();
  EXPECT_EQ(k_->screen(), Screen::kName);
  k_->GoTo(Screen::kReview);

  k_->Submit();
  EXPECT_EQ(k_->screen(), Screen::kSubmitting);
  EXPECT_TRUE(k_->session().submitting);
  EXPECT_EQ(k_->SecondsUntilChange(), 0);  // the progress ring turns
  Settle();
  ASSERT_EQ(k_->screen(), Screen::kReceipt);
  ASSERT_TRUE(k_->session().receipt.has_value());
  auto filed = service_->filed();
  ASSERT_EQ(filed.size(), 1u);
  EXPECT_EQ(filed[0].category, "sewer");
  EXPECT_EQ(filed[0].description, "下水道堵了");
  EXPECT_EQ(filed[0].reporter_phone, "13912345678");
  EXPECT_EQ(filed[0].location.place_id, "p-cuiyuan-3");
  EXPECT_EQ(filed[0].source, CaseSource::kKiosk);
  // The receipt is said digit by digit; its QR code holds number and code.
  const std::string code = k_->session().receipt->query_code;
  std::string spaced;
  for (char c : code) spaced += std::string(spaced.empty() ? "" : " ") + c;
  EXPECT_NE(k_->last_prompt().find("查询码 " + spaced), std::string::npos) << k_->last_prompt();
  EXPECT_NE(k_->ReceiptQrText().find("查询码:" + code), std::string::npos);
}

TEST_F(ControllerTest, FromReviewAChangedCategoryAsksForNewWordsTheSameGoesBack) {
  k_->StartJourney(Journey::kRequest);
  k_->ChooseCategory(Category("sewer"));
  k_->ChoosePlaceUnsure();
  EXPECT_EQ(k_->screen(), Screen::kWhat);
  EXPECT_TRUE(k_->session().place_unsure);
  k_->session().phrases = {0};
  k_->GoTo(Screen::kReview);
  k_->EditFromReview(Screen::kCategory);
  k_->ChooseCategory(Category("sewer"));
  EXPECT_EQ(k_->screen(), Screen::kReview);
  EXPECT_EQ(k_->session().phrases.size(), 1u);
  k_->EditFromReview(Screen::kCategory);
  k_->ChooseCategory(Category("noise"));
  EXPECT_EQ(k_->screen(), Screen::kWhat);
  EXPECT_TRUE(k_->session().phrases.empty());
}

TEST_F(ControllerTest, AnEmergencyCategoryGoesToCallNowFirst) {
  k_->StartJourney(Journey::kRequest);
  k_->ChooseCategory(Category("emergency"));
  EXPECT_EQ(k_->screen(), Screen::kEmergency);
  EXPECT_TRUE(service_->filed().empty());
}

TEST_F(ControllerTest, LooksUpACaseAndRatesIt) {
  FileCase r;
  r.category = "sewer";
  r.description = "下水道堵了";
  r.reporter_phone = "13600002222";
  r.location.place_id = "p-cuiyuan-3";
  auto receipt = service_->File(r);
  ASSERT_TRUE(receipt.ok());
  service_->Close(receipt->case_id);

  k_->StartJourney(Journey::kLookup);
  EXPECT_EQ(k_->screen(), Screen::kLookup);
  Session& s = k_->session();
  s.lookup_case = DisplayCaseNumber(receipt->case_id);
  s.lookup_code = "000000";
  k_->StartLookup();
  EXPECT_TRUE(s.looking_up);
  Settle();
  EXPECT_EQ(k_->screen(), Screen::kLookup);
  EXPECT_EQ(s.lookup_error, Session::LookupError::kNotFound);
  EXPECT_TRUE(s.lookup_code.empty());  // asks again
  EXPECT_EQ(s.tries_left, 4);
  EXPECT_NE(k_->last_prompt().find("没有找到"), std::string::npos) << k_->last_prompt();

  s.lookup_code = receipt->query_code;
  k_->StartLookup();
  Settle();
  ASSERT_EQ(k_->screen(), Screen::kCaseView);
  ASSERT_EQ(s.found.size(), 1u);
  EXPECT_EQ(s.found[0].case_id, receipt->case_id);
  EXPECT_TRUE(s.lookup_code.empty());  // a new search asks for the code again
  EXPECT_NE(view_.shown.find("现场核查通过，已办结"), std::string::npos) << view_.shown;

  k_->SendFeedback(5, true);
  EXPECT_TRUE(s.sending_feedback);
  Settle();
  EXPECT_FALSE(s.sending_feedback);
  EXPECT_EQ(s.feedback_result, Session::FeedbackResult::kThanks);
  EXPECT_EQ(s.found[0].satisfaction, 5);
}

TEST_F(ControllerTest, IdleResetClearsTheSessionAndTheDisplaySettings) {
  k_->StartJourney(Journey::kRequest);
  k_->ChooseCategory(Category("sewer"));
  k_->session().free_text = "楼道灯坏了";
  k_->session().phone = "13912345678";
  k_->SetLang(Lang::kEn);
  k_->SetLargeText(true);
  k_->SetHighContrast(true);
  Frame(/*pointer_down=*/true);
  clock_.Advance(91);
  Frame();
  ASSERT_TRUE(k_->idle_prompt_visible());
  EXPECT_EQ(k_->last_prompt(), "Are you still there?");
  EXPECT_GT(k_->idle_seconds_left(), 0);
  EXPECT_EQ(view_.wipes, 0);
  clock_.Advance(31);
  Frame();
  EXPECT_EQ(k_->screen(), Screen::kStart);
  EXPECT_FALSE(k_->idle_prompt_visible());
  EXPECT_EQ(view_.wipes, 1);  // the UI is told to wipe its traces too
  const Session& s = k_->session();
  EXPECT_EQ(s.journey, Journey::kNone);
  EXPECT_TRUE(s.category.empty());
  EXPECT_EQ(s.AllText().find("楼道灯"), std::string::npos);
  EXPECT_EQ(s.AllText().find("13912345678"), std::string::npos);
  EXPECT_TRUE(k_->last_prompt().empty());
  EXPECT_EQ(k_->lang(), Lang::kZh);
  EXPECT_FALSE(k_->display().large_text);
  EXPECT_FALSE(k_->display().high_contrast);
  // The untouched start screen sleeps: nothing to reset, nothing to ask.
  EXPECT_TRUE(std::isinf(k_->SecondsUntilChange()));
  clock_.Advance(1000);
  Frame();
  EXPECT_FALSE(k_->idle_prompt_visible());
  EXPECT_EQ(view_.wipes, 1);
}

TEST_F(ControllerTest, StartOverAsksFirstWhenSomethingWouldBeLostAndKeepsTheDisplay) {
  k_->SetLang(Lang::kEn);
  k_->StartJourney(Journey::kRequest);
  EXPECT_TRUE(k_->AskToStartOver());  // nothing entered yet: at once
  EXPECT_EQ(k_->screen(), Screen::kStart);
  k_->StartJourney(Journey::kRequest);
  k_->ChooseCategory(Category("sewer"));
  EXPECT_FALSE(k_->AskToStartOver());
  EXPECT_TRUE(k_->confirm_home_visible());
  EXPECT_EQ(k_->screen(), Screen::kPlace);
  k_->KeepFilling();
  EXPECT_FALSE(k_->confirm_home_visible());
  EXPECT_EQ(k_->session().category, "sewer");
  k_->StartOver();
  EXPECT_EQ(k_->screen(), Screen::kStart);
  EXPECT_TRUE(k_->session().category.empty());
  EXPECT_EQ(k_->lang(), Lang::kEn);  // the same resident is still there
}

TEST_F(ControllerTest, ReceiptGetsTheLongerIdleWait) {
  k_->StartJourney(Journey::kRequest);
  k_->ChooseCategory(Category("sewer"));
  k_->ChoosePlaceUnsure();
  k_->session().phrases = {0};
  k_->session().phone = "13912345678";
  k_->Submit();
  Settle();
  ASSERT_EQ(k_->screen(), Screen::kReceipt);
  Frame(/*pointer_down=*/true);
  clock_.Advance(120);
  Frame();
  EXPECT_FALSE(k_->idle_prompt_visible());  // 180 s on the receipt
  clock_.Advance(61);
  Frame();
  EXPECT_TRUE(k_->idle_prompt_visible());
  k_->KeepUsing();
  EXPECT_FALSE(k_->idle_prompt_visible());
  EXPECT_EQ(k_->screen(), Screen::kReceipt);
}

TEST(ScreenTableTest, EveryScreenOnceWithItsNameAPromptAndADrawFunction) {
  ASSERT_EQ(Screens().size(), AllScreens().size());
  for (Screen s : AllScreens()) {
    const ScreenInfo& info = InfoOf(s);
    EXPECT_EQ(info.screen, s);
    EXPECT_FALSE(info.name.empty());
    EXPECT_EQ(ScreenFromName(info.name), s) << info.name;
    EXPECT_NE(info.prompt, nullptr) << info.name;
    EXPECT_NE(info.draw, nullptr) << info.name;
  }
  EXPECT_EQ(ScreenName(Screen::kCaseView), "case");
  EXPECT_FALSE(ScreenFromName("nonsense").has_value());
  EXPECT_TRUE(InfoOf(Screen::kEmergency).full_screen);
  EXPECT_TRUE(InfoOf(Screen::kEmergency).heard_even_if_off);
}

}  // namespace
}  // namespace gridledger::kiosk::testing
