// Pinyin (librime) and handwriting (zinnia) produce the expected characters,
// directly and through the on-screen pads; RIME forgets between residents.
#include <algorithm>

#include "test_env.h"

namespace gridledger::kiosk::testing {
namespace {

std::vector<std::string> Candidates(PinyinIme& ime, const std::string& keys) {
  ime.Reset();
  for (char c : keys) ime.Key(c);
  return ime.Candidates();
}

TEST(PinyinImeTest, XiashuidaoGivesTheWordFirst) {
  auto c = Candidates(SharedIme(), "xiashuidao");
  ASSERT_FALSE(c.empty());
  EXPECT_EQ(c[0], "下水道");
  c = Candidates(SharedIme(), "zaoyinraomin");
  ASSERT_FALSE(c.empty());
  EXPECT_EQ(c[0], "噪音扰民");
  SharedIme().Reset();
}

TEST(PinyinImeTest, ResetForgetsWhatTheLastResidentChose) {
  PinyinIme& ime = SharedIme();
  auto before = Candidates(ime, "mao");
  ASSERT_GE(before.size(), 5u);
  for (int i = 0; i < 3; ++i) {  // a resident picks the 5th candidate repeatedly
    ime.Reset();
    for (char c : std::string("mao")) ime.Key(c);
    ime.Select(4);
  }
  ime.Reset();  // the next resident
  auto after = Candidates(ime, "mao");
  EXPECT_EQ(after, before);
  ime.Reset();
}

TEST(HandwritingTest, TwoCrossingStrokesGiveShi) {
  const HandwritingRecognizer& hw = SharedHandwriting();
  ASSERT_TRUE(hw.is_open());
  std::vector<Stroke> strokes = {{{20, 150}, {150, 150}, {280, 150}},
                                 {{150, 20}, {150, 150}, {150, 280}}};
  auto c = hw.Classify(strokes, 300, 300);
  ASSERT_FALSE(c.empty());
  EXPECT_EQ(c[0], "十");
}

TEST_F(KioskTest, PinyinKeyboardTapsWriteXiashuidao) {
  ASSERT_EQ(ui_->TapAll({"start/file", "cat/sewer", "place/unsure", "what/mode/pinyin"}), "");
  for (char c : std::string("xiashuidao")) ASSERT_TRUE(ui_->Tap(std::string("what/key/") + c));
  ASSERT_TRUE(ui_->Has("what/cand/0"));
  ASSERT_TRUE(ui_->Tap("what/cand/0"));
  EXPECT_EQ(app_->session().free_text, "下水道");
  ASSERT_TRUE(ui_->Tap("what/key/back"));
  EXPECT_EQ(app_->session().free_text, "下水");
  EXPECT_EQ(FontLibrary::missing_glyphs(), 0) << FontLibrary::missing_text();
}

TEST_F(KioskTest, PinyinKeyboardWritesAnAddressWithDigitsAndSpace) {
  ASSERT_EQ(ui_->TapAll({"start/file", "cat/sewer", "place/unsure", "what/mode/pinyin"}), "");
  ASSERT_EQ(ui_->TapAll({"what/key/symbols", "what/sym/2", "what/key/letters"}), "");  // 3
  for (char c : std::string("lou")) ASSERT_TRUE(ui_->Tap(std::string("what/key/") + c));
  EXPECT_FALSE(ui_->Has("what/key/symbols") &&
               app_->targets().Find("what/key/symbols")->enabled);  // pick first
  auto cands = SharedIme().Candidates();
  auto it = std::find(cands.begin(), cands.end(), "楼");
  ASSERT_NE(it, cands.end());
  ASSERT_TRUE(ui_->Tap("what/cand/" + std::to_string(it - cands.begin())));
  // "302" then a space and "#": sym/2 = 3, sym/9 = 0, sym/1 = 2.
  ASSERT_EQ(ui_->TapAll({"what/key/symbols", "what/sym/2", "what/sym/9", "what/sym/1",
                         "what/key/space", "what/sym/12"}),
            "");
  EXPECT_EQ(app_->session().free_text, "3楼302 #");
  ASSERT_TRUE(ui_->Tap("what/key/back"));
  EXPECT_EQ(app_->session().free_text, "3楼302 ");
  EXPECT_EQ(FontLibrary::missing_glyphs(), 0) << FontLibrary::missing_text();
}

TEST_F(KioskTest, HandwritingPadCrossGivesShi) {
  ASSERT_EQ(ui_->TapAll({"start/file", "cat/sewer", "place/unsure", "what/mode/hand"}), "");
  const TouchTarget* canvas = app_->targets().Find("what/canvas");
  ASSERT_NE(canvas, nullptr);
  float s = canvas->Width();
  ui_->Stroke("what/canvas", ImVec2(s * 0.1f, s * 0.5f), ImVec2(s * 0.9f, s * 0.5f));
  ui_->Stroke("what/canvas", ImVec2(s * 0.5f, s * 0.1f), ImVec2(s * 0.5f, s * 0.9f));
  ASSERT_EQ(app_->entry_state().strokes.size(), 2u);
  ASSERT_FALSE(app_->entry_state().hw_candidates.empty());
  EXPECT_EQ(app_->entry_state().hw_candidates[0], "十");
  ASSERT_TRUE(ui_->Tap("what/cand/0"));
  EXPECT_EQ(app_->session().free_text, "十");
  EXPECT_TRUE(app_->entry_state().strokes.empty());
}

// Each character as strokes in canvas fractions, drawn on the pad.
struct Written {
  const char* expected;
  std::vector<std::vector<ImVec2>> strokes;
};

// Counts the candidate buttons shown on the handwriting pad.
int ShownCandidates(KioskApp& app) {
  int n = 0;
  for (const TouchTarget& t : app.targets().all())
    if (t.id.rfind("what/cand/", 0) == 0) ++n;
  return n;
}

TEST_F(KioskTest, HandwritingCandidatesRenderInTheirOwnFont) {
  const std::vector<Written> chars = {
      {"十", {{{0.1f, 0.5f}, {0.9f, 0.5f}}, {{0.5f, 0.1f}, {0.5f, 0.9f}}}},
      {"人", {{{0.5f, 0.1f}, {0.4f, 0.5f}, {0.15f, 0.9f}}, {{0.48f, 0.4f}, {0.9f, 0.9f}}}},
      {"口",
       {{{0.25f, 0.25f}, {0.25f, 0.8f}},
        {{0.25f, 0.25f}, {0.75f, 0.25f}, {0.75f, 0.8f}},
        {{0.25f, 0.78f}, {0.75f, 0.78f}}}},
  };
  ASSERT_EQ(ui_->TapAll({"start/file", "cat/sewer", "place/unsure", "what/mode/hand"}), "");
  for (const Written& w : chars) {
    SCOPED_TRACE(w.expected);
    ASSERT_TRUE(ui_->Tap("what/rewrite"));
    for (const auto& stroke : w.strokes) ui_->StrokePath("what/canvas", stroke);
    ui_->Settle();  // a candidate the heading font lacked is fed, then shown
    const auto& cands = app_->entry_state().hw_candidates;
    ASSERT_FALSE(cands.empty());
    EXPECT_NE(std::find(cands.begin(), cands.end(), w.expected), cands.end());
    // Every candidate the recogniser gave is on screen, none drawn as "?".
    FontLibrary::ResetMissingGlyphs();
    ui_->Frame();
    EXPECT_EQ(FontLibrary::missing_glyphs(), 0) << FontLibrary::missing_text();
    EXPECT_GE(ShownCandidates(*app_), static_cast<int>(std::min<size_t>(cands.size(), 8)));
    for (size_t i = 0; i < cands.size(); ++i)
      if (cands[i] == w.expected)
        EXPECT_TRUE(ui_->Has("what/cand/" + std::to_string(i))) << "expected not offered";
  }
}

}  // namespace
}  // namespace gridledger::kiosk::testing
