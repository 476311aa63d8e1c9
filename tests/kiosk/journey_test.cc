// Whole journeys driven by taps at the widgets' real positions.
#include "app/case_number.h"
#include "test_env.h"
#include "ui/imgui_privacy.h"

namespace gridledger::kiosk::testing {
namespace {

// What the screen says now (one frame's texts).
std::string ScreenText(Harness& ui) {
  FontLibrary::StartRecordingDrawnText();
  ui.Frame();
  std::string text = FontLibrary::DrawnText();
  FontLibrary::StopRecordingDrawnText();
  return text;
}

TEST_F(KioskTest, FileARequestEndToEnd) {
  FileUpToReview("13912345678");
  ASSERT_TRUE(ui_->Tap("nav/next"));  // submit
  ui_->Settle();
  ASSERT_EQ(app_->screen(), Screen::kReceipt);
  ASSERT_TRUE(app_->session().receipt.has_value());
  auto filed = service_->filed();
  ASSERT_EQ(filed.size(), 1u);
  EXPECT_EQ(filed[0].category, "sewer");
  EXPECT_EQ(filed[0].description, "下水道堵了");
  EXPECT_EQ(filed[0].reporter_phone, "13912345678");
  EXPECT_EQ(filed[0].location.place_id, "p-cuiyuan-3");
  EXPECT_EQ(filed[0].source, CaseSource::kKiosk);
  // The receipt's number and code find the case.
  auto found =
      service_->Lookup(app_->session().receipt->case_id, app_->session().receipt->query_code);
  EXPECT_TRUE(found.ok());
  EXPECT_EQ(FontLibrary::missing_glyphs(), 0) << FontLibrary::missing_text();
  ASSERT_TRUE(ui_->Tap("nav/next"));  // done
  EXPECT_EQ(app_->screen(), Screen::kStart);
  EXPECT_FALSE(app_->session().receipt.has_value());
}

TEST_F(KioskTest, InvalidPhoneIsExplainedAndBlocksNext) {
  ASSERT_EQ(ui_->TapAll({"start/file", "cat/noise", "place/unsure", "phrase/1", "nav/next"}), "");
  ASSERT_EQ(ui_->TapAll({"phone/1", "phone/3", "phone/8", "nav/next"}), "");
  EXPECT_EQ(app_->screen(), Screen::kPhone);
  EXPECT_TRUE(app_->session().phone_error);
  EXPECT_EQ(app_->session().phone, "138");  // nothing lost
}

TEST_F(KioskTest, SubmitFailureKeepsEverythingAndRetries) {
  FileUpToReview("13912345678");
  service_->FailNextFile(true);
  ASSERT_TRUE(ui_->Tap("nav/next"));
  ui_->Settle();
  EXPECT_EQ(app_->screen(), Screen::kSubmitting);
  EXPECT_TRUE(app_->session().submit_failed);
  EXPECT_EQ(app_->session().phone, "13912345678");
  ASSERT_TRUE(ui_->Tap("nav/next"));  // try again
  ui_->Settle();
  EXPECT_EQ(app_->screen(), Screen::kReceipt);
}

TEST_F(KioskTest, MicroWishFiledTheSameWay) {
  ASSERT_EQ(ui_->TapAll({"start/wish", "place/p-plaza", "phrase/0", "nav/next"}), "");
  for (char d : std::string("13700001111")) ASSERT_TRUE(ui_->Tap(std::string("phone/") + d));
  ASSERT_EQ(ui_->TapAll({"nav/next", "nav/next", "nav/next"}), "");
  ui_->Settle();
  ASSERT_EQ(app_->screen(), Screen::kReceipt);
  EXPECT_EQ(service_->filed().at(0).category, "micro_wish");
}

TEST_F(KioskTest, EmergencyFirstSaysCallNowFullScreenAndFilesNothing) {
  ASSERT_EQ(ui_->TapAll({"start/file", "cat/emergency"}), "");
  ASSERT_EQ(app_->screen(), Screen::kEmergency);
  EXPECT_FALSE(ui_->Has("top/home"));  // nothing else on the screen
  EXPECT_FALSE(ui_->Has("nav/next"));
  EXPECT_TRUE(ui_->Has("emergency/home"));
  EXPECT_TRUE(service_->filed().empty());
  EXPECT_EQ(FontLibrary::missing_glyphs(), 0) << FontLibrary::missing_text();
  // Only then, if the resident wants, the matter is recorded as well.
  ASSERT_TRUE(ui_->Tap("emergency/record"));
  EXPECT_EQ(app_->screen(), Screen::kPlace);
  EXPECT_EQ(app_->session().category, "emergency");
  ASSERT_EQ(ui_->TapAll({"nav/back", "cat/emergency", "emergency/home"}), "");
  EXPECT_EQ(app_->screen(), Screen::kStart);
  EXPECT_TRUE(service_->filed().empty());
}

TEST_F(KioskTest, ReviewShowsThePhoneInFullGrouped) {
  FileUpToReview("13912345678");
  std::string text = ScreenText(*ui_);
  EXPECT_NE(text.find("139 1234 5678"), std::string::npos) << text;
  EXPECT_EQ(text.find("139****5678"), std::string::npos);
  // Masked everywhere else: the receipt's case view shows it masked.
}

TEST_F(KioskTest, ChangeFromReviewComesBackToReview) {
  FileUpToReview("13912345678");
  ASSERT_TRUE(ui_->Tap("review/place"));
  ASSERT_EQ(app_->screen(), Screen::kPlace);
  ASSERT_TRUE(ui_->Tap("place/p-cuiyuan-3"));
  EXPECT_EQ(app_->screen(), Screen::kReview);
  ASSERT_TRUE(ui_->Tap("review/phone"));
  ASSERT_TRUE(ui_->Tap("phone/del"));
  ASSERT_TRUE(ui_->Tap("phone/9"));
  ASSERT_TRUE(ui_->Tap("nav/next"));
  EXPECT_EQ(app_->screen(), Screen::kReview);
  ASSERT_TRUE(ui_->Tap("review/what"));
  ASSERT_TRUE(ui_->Tap("phrase/1"));
  ASSERT_TRUE(ui_->Tap("nav/next"));
  EXPECT_EQ(app_->screen(), Screen::kReview);
  // The same category again: straight back; another one asks for new words.
  ASSERT_TRUE(ui_->Tap("review/category"));
  ASSERT_TRUE(ui_->Tap("cat/sewer"));
  EXPECT_EQ(app_->screen(), Screen::kReview);
  ASSERT_TRUE(ui_->Tap("review/category"));
  ASSERT_TRUE(ui_->Tap("cat/noise"));
  EXPECT_EQ(app_->screen(), Screen::kWhat);
  ASSERT_TRUE(ui_->Tap("phrase/0"));
  ASSERT_TRUE(ui_->Tap("nav/next"));
  EXPECT_EQ(app_->screen(), Screen::kReview);
  // Without review's 修改 the steps run in order as before.
  ASSERT_TRUE(ui_->Tap("nav/back"));
  EXPECT_EQ(app_->screen(), Screen::kName);
  ASSERT_TRUE(ui_->Tap("nav/back"));
  ASSERT_TRUE(ui_->Tap("nav/next"));
  EXPECT_EQ(app_->screen(), Screen::kName);
}

TEST_F(KioskTest, StartOverAsksBeforeDiscardingAndKeepsDisplaySettings) {
  ASSERT_EQ(ui_->TapAll({"top/large", "top/contrast", "start/file", "cat/sewer",
                         "place/p-cuiyuan-3", "phrase/0"}),
            "");
  ASSERT_TRUE(ui_->Tap("top/home"));
  EXPECT_EQ(app_->screen(), Screen::kWhat);  // nothing lost on one tap
  EXPECT_TRUE(app_->confirm_home_visible());
  ASSERT_TRUE(ui_->Tap("confirm/keep"));
  EXPECT_FALSE(app_->confirm_home_visible());
  EXPECT_EQ(app_->session().phrases.size(), 1u);
  ASSERT_EQ(ui_->TapAll({"top/home", "confirm/discard"}), "");
  EXPECT_EQ(app_->screen(), Screen::kStart);
  EXPECT_TRUE(app_->session().category.empty());
  EXPECT_TRUE(app_->session().phrases.empty());
  // The same resident is still there: large text and contrast stay on.
  EXPECT_TRUE(app_->metrics().large_text);
  ASSERT_TRUE(ui_->Has("top/contrast"));
  // Nothing entered yet: start over at once.
  ASSERT_EQ(ui_->TapAll({"start/file", "top/home"}), "");
  EXPECT_EQ(app_->screen(), Screen::kStart);
  EXPECT_FALSE(app_->confirm_home_visible());
  // The idle reset is for the next resident: back to the defaults.
  clock_.Advance(91);
  ui_->Frame();
  ASSERT_TRUE(app_->idle_prompt_visible());
  clock_.Advance(31);
  ui_->Frame();
  EXPECT_FALSE(app_->metrics().large_text);
}

TEST_F(KioskTest, DoneOnTheReceiptKeepsDisplaySettings) {
  ASSERT_TRUE(ui_->Tap("top/large"));
  FileUpToReview("13912345678");
  ASSERT_TRUE(ui_->Tap("nav/next"));
  ui_->Settle();
  ASSERT_EQ(app_->screen(), Screen::kReceipt);
  ASSERT_TRUE(ui_->Tap("nav/next"));
  EXPECT_EQ(app_->screen(), Screen::kStart);
  EXPECT_FALSE(app_->session().receipt.has_value());
  EXPECT_TRUE(app_->metrics().large_text);
}

TEST_F(KioskTest, ReceiptGetsLongerAndTheIdleQuestionNeverHidesNumberAndCode) {
  FileUpToReview("13912345678");
  ASSERT_TRUE(ui_->Tap("nav/next"));
  ui_->Settle();
  ASSERT_EQ(app_->screen(), Screen::kReceipt);
  clock_.Advance(100);  // past the usual 90 s: the receipt gets longer
  ui_->Frame();
  EXPECT_FALSE(app_->idle_prompt_visible());
  clock_.Advance(81);
  std::string text = ScreenText(*ui_);
  ASSERT_TRUE(app_->idle_prompt_visible());
  EXPECT_NE(text.find("不会丢失"), std::string::npos) << text;  // the report is not lost
  EXPECT_EQ(text.find("会被清除"), std::string::npos);
  // The question sits over the bottom bar: the number and code stay in view.
  const TouchTarget* go_on = app_->targets().Find("idle/continue");
  ASSERT_NE(go_on, nullptr);
  const Metrics& m = app_->metrics();
  EXPECT_GE(go_on->min.y + 0.5f, 1080 - (m.PrimaryHeight() + 2 * m.Mm(4)));
  EXPECT_NE(text.find(app_->session().receipt->query_code), std::string::npos);
  ASSERT_TRUE(ui_->Tap("idle/continue"));
  EXPECT_FALSE(app_->idle_prompt_visible());
  EXPECT_EQ(app_->screen(), Screen::kReceipt);
}

TEST_F(KioskTest, MicroWishSaysSoAndStartsAtStepOne) {
  ASSERT_TRUE(ui_->Tap("start/wish"));
  ASSERT_EQ(app_->screen(), Screen::kPlace);  // one wish category: no category step
  std::string text = ScreenText(*ui_);
  EXPECT_NE(text.find("微心愿 · 第1步"), std::string::npos) << text;
  EXPECT_EQ(text.find("第2步"), std::string::npos);
  ASSERT_TRUE(ui_->Tap("place/unsure"));
  EXPECT_NE(ScreenText(*ui_).find("微心愿 · 第2步：您的心愿是？"), std::string::npos);
  // A request keeps its numbering from the category step.
  ASSERT_EQ(ui_->TapAll({"top/home", "confirm/discard", "start/file", "cat/sewer"}), "");
  EXPECT_NE(ScreenText(*ui_).find("第2步：在哪里？"), std::string::npos);
  EXPECT_EQ(FontLibrary::missing_glyphs(), 0) << FontLibrary::missing_text();
}

TEST_F(KioskTest, DisabledNextSaysWhyAndNameCannotBeSkippedMidWord) {
  ASSERT_EQ(ui_->TapAll({"start/file", "cat/sewer", "place/unsure"}), "");
  EXPECT_NE(ScreenText(*ui_).find("请先点选一条描述"), std::string::npos);
  ASSERT_EQ(ui_->TapAll({"phrase/0", "nav/next"}), "");
  for (char d : std::string("13912345678")) ASSERT_TRUE(ui_->Tap(std::string("phone/") + d));
  ASSERT_TRUE(ui_->Tap("nav/next"));
  ASSERT_EQ(app_->screen(), Screen::kName);
  ASSERT_TRUE(ui_->Tap("name/mode/pinyin"));
  for (char c : std::string("wang")) ASSERT_TRUE(ui_->Tap(std::string("name/key/") + c));
  std::string text = ScreenText(*ui_);
  EXPECT_EQ(text.find("跳过"), std::string::npos) << "skip offered mid-word";
  EXPECT_NE(text.find("请先点选上面的字"), std::string::npos);
  ASSERT_TRUE(ui_->Tap("nav/next"));  // disabled: stays
  EXPECT_EQ(app_->screen(), Screen::kName);
  ASSERT_TRUE(ui_->Tap("name/cand/0"));
  ASSERT_TRUE(ui_->Tap("nav/next"));
  EXPECT_EQ(app_->screen(), Screen::kReview);
  EXPECT_FALSE(app_->session().name.empty());
  SharedIme().Reset();
}

TEST_F(KioskTest, ReceiptQrIsWordsInTheResidentsLanguageWithoutALink) {
  FileUpToReview("13912345678");
  ASSERT_TRUE(ui_->Tap("nav/next"));
  ui_->Settle();
  ASSERT_EQ(app_->screen(), Screen::kReceipt);
  const std::string code = app_->session().receipt->query_code;
  EXPECT_NE(app_->ReceiptQrText().find("查询码:" + code), std::string::npos);
  ASSERT_TRUE(ui_->Tap("top/lang/en"));
  std::string en = app_->ReceiptQrText();
  EXPECT_NE(en.find("query code: " + code), std::string::npos) << en;
  EXPECT_EQ(en.find("查询码"), std::string::npos);
}

TEST_F(KioskTest, ReceiptQrIsTheInstallationsLinkWithoutTheCode) {
  app_.reset();
  ui_.reset();
  KioskOptions options;
  options.receipt_link = "https://12345.example.cn/requests/{case}";
  KioskDeps deps{&clock_, &SharedIme(), &SharedHandwriting(), nullptr};
  app_ = std::make_unique<KioskApp>(options, deps);
  auto svc = service_;
  app_->OpenService([svc]() -> Result<std::shared_ptr<CaseService>> {
    return std::shared_ptr<CaseService>(svc);
  });
  ui_ = std::make_unique<Harness>(*app_);
  ui_->Settle();
  FileUpToReview("13912345678");
  ASSERT_TRUE(ui_->Tap("nav/next"));
  ui_->Settle();
  ASSERT_EQ(app_->screen(), Screen::kReceipt);
  const FiledReceipt& r = *app_->session().receipt;
  EXPECT_EQ(app_->ReceiptQrText(), "https://12345.example.cn/requests/" + r.case_id);
  EXPECT_EQ(app_->ReceiptQrText().find(r.query_code), std::string::npos);
}

TEST_F(KioskTest, VoiceReadsTheNumberTheCodeAndErrors) {
  ASSERT_EQ(ui_->TapAll({"start/file", "cat/sewer", "place/unsure", "phrase/0", "nav/next"}), "");
  for (char d : std::string("1391234")) ASSERT_TRUE(ui_->Tap(std::string("phone/") + d));
  ASSERT_TRUE(ui_->Tap("nav/next"));
  EXPECT_NE(app_->last_prompt().find("手机号码不对"), std::string::npos) << app_->last_prompt();
  for (char d : std::string("5678")) ASSERT_TRUE(ui_->Tap(std::string("phone/") + d));
  ASSERT_EQ(ui_->TapAll({"nav/next", "nav/next", "nav/next"}), "");
  ui_->Settle();
  ASSERT_EQ(app_->screen(), Screen::kReceipt);
  std::string code = app_->session().receipt->query_code;
  std::string spaced;
  for (char c : code) spaced += std::string(spaced.empty() ? "" : " ") + c;
  EXPECT_NE(app_->last_prompt().find("查询码 " + spaced), std::string::npos) << app_->last_prompt();
  EXPECT_NE(app_->last_prompt().find("事项编号"), std::string::npos);
  ASSERT_TRUE(ui_->Tap("nav/next"));  // done: nothing of it stays
  EXPECT_EQ(app_->last_prompt().find(spaced), std::string::npos);
  ASSERT_TRUE(ui_->Tap("start/lookup"));
  app_->session().lookup_case = "20261123-0001";
  app_->session().lookup_code = "000000";
  ASSERT_TRUE(ui_->Tap("nav/next"));
  ui_->Settle();
  EXPECT_NE(app_->last_prompt().find("没有找到"), std::string::npos) << app_->last_prompt();
}

class LookupTest : public KioskTest {
 protected:
  void SetUp() override {
    KioskTest::SetUp();
    FileCase r;
    r.category = "sewer";
    r.description = "下水道堵了";
    r.reporter_phone = "13600002222";
    r.location.place_id = "p-cuiyuan-3";
    auto receipt = service_->File(r);
    ASSERT_TRUE(receipt.ok());
    case_id_ = receipt->case_id;
    code_ = receipt->query_code;
  }
  void TypeCase(const std::string& number, const std::string& code) {
    ASSERT_TRUE(ui_->Tap("lookup/field/first"));
    for (char c : number)
      ASSERT_TRUE(ui_->Tap(c == '-' ? "lookup/dash" : std::string("lookup/") + c));
    ASSERT_TRUE(ui_->Tap("lookup/field/code"));
    for (char c : code) ASSERT_TRUE(ui_->Tap(std::string("lookup/") + c));
    ASSERT_TRUE(ui_->Tap("nav/next"));
    ui_->Settle();
  }
  std::string case_id_, code_;
};

TEST_F(LookupTest, RightCodeShowsTimelineWrongCodeDoesNot) {
  ASSERT_TRUE(ui_->Tap("start/lookup"));
  TypeCase(DisplayCaseNumber(case_id_), "000000");
  EXPECT_EQ(app_->screen(), Screen::kLookup);
  EXPECT_EQ(app_->session().lookup_error, Session::LookupError::kNotFound);
  EXPECT_TRUE(app_->session().found.empty());
  EXPECT_TRUE(app_->session().lookup_code.empty());  // asks again, number kept
  EXPECT_EQ(app_->session().lookup_case, DisplayCaseNumber(case_id_));
  app_->session().lookup_case.clear();
  TypeCase(DisplayCaseNumber(case_id_), code_);
  ASSERT_EQ(app_->screen(), Screen::kCaseView);
  ASSERT_EQ(app_->session().found.size(), 1u);
  EXPECT_EQ(app_->session().found[0].timeline.at(0).text_zh, "您的诉求已受理");
  EXPECT_NE(ScreenText(*ui_).find("翠园小区 3号楼"), std::string::npos);  // where it is
  EXPECT_EQ(FontLibrary::missing_glyphs(), 0) << FontLibrary::missing_text();
}

TEST_F(LookupTest, DigitsOnlyCaseNumberFindsTheCase) {
  ASSERT_TRUE(ui_->Tap("start/lookup"));
  std::string digits;
  for (char c : DisplayCaseNumber(case_id_))
    if (c != '-') digits += c;
  TypeCase(digits, code_);  // the kiosk puts the dash in
  EXPECT_EQ(app_->screen(), Screen::kCaseView);
}

TEST_F(LookupTest, ByPhoneAndCode) {
  ASSERT_EQ(ui_->TapAll({"start/lookup", "lookup/by_phone"}), "");
  for (char c : std::string("13600002222")) ASSERT_TRUE(ui_->Tap(std::string("lookup/") + c));
  for (char c : code_)
    ASSERT_TRUE(ui_->Tap(std::string("lookup/") + c));  // field moved on by itself
  ASSERT_TRUE(ui_->Tap("nav/next"));
  ui_->Settle();
  ASSERT_EQ(app_->screen(), Screen::kCaseView);
  EXPECT_EQ(app_->session().found.at(0).case_id, case_id_);
}

TEST_F(LookupTest, RepeatedWrongCodesLockTheCase) {
  ASSERT_TRUE(ui_->Tap("start/lookup"));
  for (int i = 0; i < 5; ++i) {
    app_->session().lookup_case.clear();
    TypeCase(DisplayCaseNumber(case_id_), "111111");
    EXPECT_EQ(app_->session().lookup_error, Session::LookupError::kNotFound);
  }
  app_->session().lookup_case.clear();
  TypeCase(DisplayCaseNumber(case_id_), code_);  // even the right code now
  EXPECT_EQ(app_->screen(), Screen::kLookup);
  EXPECT_EQ(app_->session().lookup_error, Session::LookupError::kLocked);
}

TEST_F(LookupTest, RateAfterClosingAndNotFixedReopens) {
  service_->Close(case_id_);
  ASSERT_TRUE(ui_->Tap("start/lookup"));
  TypeCase(DisplayCaseNumber(case_id_), code_);
  ASSERT_EQ(app_->screen(), Screen::kCaseView);
  ASSERT_TRUE(ui_->Tap("rate/not_fixed"));
  ui_->Settle();
  EXPECT_EQ(app_->session().feedback_result, Session::FeedbackResult::kReopened);
  EXPECT_EQ(app_->session().found[0].state, CaseState::kInProgress);
}

TEST_F(LookupTest, ClosedLateReadsClosedLateNotBeingChased) {
  service_->Close(case_id_, /*on_time=*/false);
  ASSERT_TRUE(ui_->Tap("start/lookup"));
  TypeCase(DisplayCaseNumber(case_id_), code_);
  ASSERT_EQ(app_->screen(), Screen::kCaseView);
  std::string text = ScreenText(*ui_);
  EXPECT_NE(text.find("（超期后办结）"), std::string::npos) << text;
  EXPECT_EQ(text.find("正在督办）"), std::string::npos);
}

TEST_F(LookupTest, PhoneLookupRatesASecondCaseAndCountsNoWrongCode) {
  FileCase r;
  r.category = "noise";
  r.description = "夜间施工噪音";
  r.reporter_phone = "13600002222";
  auto second = service_->File(r);
  ASSERT_TRUE(second.ok());
  service_->Close(case_id_);
  service_->Close(second->case_id);
  ASSERT_EQ(ui_->TapAll({"start/lookup", "lookup/by_phone"}), "");
  for (char c : std::string("13600002222")) ASSERT_TRUE(ui_->Tap(std::string("lookup/") + c));
  for (char c : code_) ASSERT_TRUE(ui_->Tap(std::string("lookup/") + c));
  ASSERT_TRUE(ui_->Tap("nav/next"));
  ui_->Settle();
  ASSERT_EQ(app_->screen(), Screen::kCaseView);
  ASSERT_EQ(app_->session().found.size(), 2u);
  EXPECT_EQ(app_->session().found[0].case_id, case_id_);  // the typed code's case first
  EXPECT_NE(ScreenText(*ui_).find("您有 2 件事项"), std::string::npos);
  // The other case: its own code was never typed.
  ASSERT_TRUE(ui_->Tap("case/1"));
  ASSERT_EQ(app_->session().found[app_->session().shown_case].case_id, second->case_id);
  for (int i = 0; i < 5; ++i) {  // an impatient resident taps again and again
    ASSERT_TRUE(ui_->Tap("rate/4") ||
                app_->session().feedback_result == Session::FeedbackResult::kThanks);
    ui_->Settle();
  }
  EXPECT_EQ(app_->session().feedback_result, Session::FeedbackResult::kThanks);
  EXPECT_EQ(app_->session().found[1].satisfaction, 4);
  EXPECT_EQ(service_->wrong_codes("13600002222"), 0);
  EXPECT_EQ(service_->wrong_codes(second->case_id), 0);
  // And the first case is still open to its own code.
  ASSERT_TRUE(ui_->Tap("case/0"));
  ASSERT_TRUE(ui_->Tap("rate/5"));
  ui_->Settle();
  EXPECT_EQ(app_->session().found[0].satisfaction, 5);
  EXPECT_EQ(FontLibrary::missing_glyphs(), 0) << FontLibrary::missing_text();
}

TEST_F(LookupTest, WarnsBeforeTheLastTriesAndNamesWhatIsLocked) {
  ASSERT_EQ(ui_->TapAll({"start/lookup", "lookup/by_phone"}), "");
  for (int i = 0; i < 5; ++i) {
    app_->session().lookup_phone.clear();
    app_->session().lookup_field = 0;
    for (char c : std::string("13600002222")) ASSERT_TRUE(ui_->Tap(std::string("lookup/") + c));
    for (char c : std::string("999999")) ASSERT_TRUE(ui_->Tap(std::string("lookup/") + c));
    ASSERT_TRUE(ui_->Tap("nav/next"));
    ui_->Settle();
    if (i < 4) {
      EXPECT_EQ(app_->session().lookup_error, Session::LookupError::kNotFound);
      EXPECT_EQ(app_->session().tries_left, 4 - i);
    }
  }
  // The 6th try, even with the right code, is locked: and the words say the phone.
  app_->session().lookup_phone.clear();
  app_->session().lookup_field = 0;
  for (char c : std::string("13600002222")) ASSERT_TRUE(ui_->Tap(std::string("lookup/") + c));
  for (char c : code_) ASSERT_TRUE(ui_->Tap(std::string("lookup/") + c));
  ASSERT_TRUE(ui_->Tap("nav/next"));
  ui_->Settle();
  EXPECT_EQ(app_->session().lookup_error, Session::LookupError::kLocked);
  EXPECT_TRUE(app_->session().locked_by_phone);
}

TEST_F(KioskTest, IdleCountdownThenResetLeavesNoTrace) {
  const std::string phone = "13512349876";
  ASSERT_EQ(ui_->TapAll({"start/file", "cat/sewer", "place/p-cuiyuan", "what/mode/pinyin"}), "");
  for (char c : std::string("xiashuidao")) ASSERT_TRUE(ui_->Tap(std::string("what/key/") + c));
  ASSERT_TRUE(ui_->Tap("what/cand/0"));
  ASSERT_EQ(app_->session().free_text, "下水道");
  ASSERT_TRUE(ui_->Tap("nav/next"));
  for (char d : phone) ASSERT_TRUE(ui_->Tap(std::string("phone/") + d));
  ASSERT_TRUE(ui_->Tap("nav/next"));
  ASSERT_EQ(app_->screen(), Screen::kName);
  ASSERT_TRUE(ui_->Tap("name/mode/pinyin"));
  for (char c : std::string("wang")) ASSERT_TRUE(ui_->Tap(std::string("name/key/") + c));
  // Half-typed pinyin stays in RIME's composition until the reset.
  ASSERT_TRUE(SharedIme().Composing());

  clock_.Advance(91);
  ui_->Frame();
  EXPECT_TRUE(app_->idle_prompt_visible());
  EXPECT_TRUE(ui_->Has("idle/continue"));
  // One tap continues.
  ASSERT_TRUE(ui_->Tap("idle/continue"));
  EXPECT_FALSE(app_->idle_prompt_visible());
  EXPECT_EQ(app_->session().phone, phone);

  clock_.Advance(90);
  ui_->Frame();
  ASSERT_TRUE(app_->idle_prompt_visible());
  clock_.Advance(29);  // at least 20 s to answer
  ui_->Frame();
  EXPECT_EQ(app_->screen(), Screen::kName);
  clock_.Advance(2);
  ui_->Frame();
  ui_->Frame();
  EXPECT_EQ(app_->screen(), Screen::kStart);
  EXPECT_FALSE(app_->idle_prompt_visible());
  // No trace: the app's buffers, ImGui's text state, the IME, handwriting.
  std::string all = app_->session().AllText();
  EXPECT_EQ(all.find(phone), std::string::npos);
  EXPECT_EQ(all.find("下水道"), std::string::npos);
  EXPECT_FALSE(ImGuiHoldsText(phone.c_str()));
  EXPECT_FALSE(ImGuiHoldsText("xiashuidao"));
  EXPECT_FALSE(SharedIme().Composing());
  EXPECT_TRUE(app_->entry_state().strokes.empty());
  EXPECT_EQ(app_->entry_state().mode, EntryMode::kNone);
}

TEST_F(KioskTest, UntouchedStartScreenNeverAsksAndStartOverWipesTheSession) {
  clock_.Advance(1000);
  ui_->Frame();
  EXPECT_FALSE(app_->idle_prompt_visible());  // nothing to clear: no prompt
  ASSERT_EQ(ui_->TapAll({"top/large", "top/lang/en", "start/file", "cat/sewer"}), "");
  EXPECT_EQ(app_->lang(), Lang::kEn);
  ASSERT_EQ(ui_->TapAll({"top/home", "confirm/discard"}), "");
  EXPECT_EQ(app_->screen(), Screen::kStart);
  EXPECT_TRUE(app_->session().category.empty());
  // Display settings stay for the same resident (until the idle reset).
  EXPECT_EQ(app_->lang(), Lang::kEn);
  EXPECT_TRUE(app_->metrics().large_text);
}

}  // namespace
}  // namespace gridledger::kiosk::testing

namespace gridledger::kiosk::testing {
namespace {

// The data directory cannot be opened: residents are told in plain words
// to ask the staff; nothing hangs.
TEST(KioskServiceDownTest, SaysSoInPlainWords) {
  ManualKioskClock clock;
  KioskDeps deps{&clock, nullptr, nullptr, nullptr};
  KioskApp app(KioskOptions{}, deps);
  app.OpenService([]() -> Result<std::shared_ptr<CaseService>> {
    return Status::Unavailable("data directory in use");
  });
  Harness ui(app);
  ui.Settle();
  EXPECT_FALSE(app.service_ready());
  EXPECT_NE(app.service_error().find("data directory in use"), std::string::npos);
  ASSERT_TRUE(ui.Tap("start/file"));
  EXPECT_EQ(app.screen(), Screen::kCategory);
  ASSERT_TRUE(ui.Tap("nav/back"));
  EXPECT_EQ(app.screen(), Screen::kStart);
}

}  // namespace
}  // namespace gridledger::kiosk::testing

namespace gridledger::kiosk::testing {
namespace {

TEST(CaseNumberTest, DashIsTypedForTheResident) {
  EXPECT_EQ(NormalizeTypedCaseNumber("202611230042"), "20261123-0042");
  EXPECT_EQ(NormalizeTypedCaseNumber("20261123-0042"), "20261123-0042");
  EXPECT_EQ(NormalizeTypedCaseNumber("20261123--"), "20261123-");
  EXPECT_EQ(CaseIdFromDisplay("20261123-0042"), "case-20261123-0042");
  EXPECT_EQ(DisplayCaseNumber("case-20261123-0042"), "20261123-0042");
}

TEST(CaseNumberTest, BothDashesOfAPartitionedNumberAreTypedForTheResident) {
  EXPECT_EQ(NormalizeTypedCaseNumber("4113022"), "411302-2");
  EXPECT_EQ(NormalizeTypedCaseNumber("411302202611230042"), "411302-20261123-0042");
  EXPECT_EQ(NormalizeTypedCaseNumber("411302-20261123-0042"), "411302-20261123-0042");
  EXPECT_EQ(NormalizeTypedCaseNumber("41-1302--2026112300-42"), "411302-20261123-0042");
  EXPECT_EQ(NormalizeTypedCaseNumber("411302-"), "411302-");  // backspace over a digit
  EXPECT_EQ(CaseIdFromDisplay("411302-20261123-0042"), "case-411302-20261123-0042");
  EXPECT_EQ(DisplayCaseNumber("case-411302-20261123-0042"), "411302-20261123-0042");
}

}  // namespace
}  // namespace gridledger::kiosk::testing
