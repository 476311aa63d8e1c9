// Text is sized by what a resident sees: the height of rendered ideographs,
// measured in the font atlas's pixels (not ImGui's line height), at the
// configured panel density.
#include <imgui.h>

#include <algorithm>

#include "test_env.h"

namespace gridledger::kiosk::testing {
namespace {

// Rows of `font`'s rasterised glyph for `c` holding ink (alpha >= 50%).
int InkRows(const ImFont* font, ImWchar c) {
  const ImFontGlyph* g = font->FindGlyphNoFallback(c);
  if (!g) return 0;
  unsigned char* pixels = nullptr;
  int w = 0, h = 0;
  ImGui::GetIO().Fonts->GetTexDataAsAlpha8(&pixels, &w, &h);
  int x0 = static_cast<int>(g->U0 * w + 0.5f), x1 = static_cast<int>(g->U1 * w + 0.5f);
  int y0 = static_cast<int>(g->V0 * h + 0.5f), y1 = static_cast<int>(g->V1 * h + 0.5f);
  int first = -1, last = -1;
  for (int y = y0; y < y1; ++y)
    for (int x = x0; x < x1; ++x)
      if (pixels[y * w + x] >= 128) {
        if (first < 0) first = y;
        last = y;
        break;
      }
  return first < 0 ? 0 : last - first + 1;
}

// The tallest ink among ideographs the kiosk shows in titles and body text.
float IdeographMm(const KioskApp& app, const ImFont* font) {
  int rows = 0;
  for (ImWchar c : {0x56FD /*国*/, 0x4E8B /*事*/, 0x9879 /*项*/, 0x67E5 /*查*/})
    rows = std::max(rows, InkRows(font, c));
  return rows / app.metrics().px_per_mm;
}

TEST_F(KioskTest, RenderedIdeographsMeetTheSizeGoal) {
  const FontSet& f = app_->fonts().fonts();
  float body = IdeographMm(*app_, f.body);
  float heading = IdeographMm(*app_, f.heading);
  EXPECT_GE(body, 7.0f);
  EXPECT_LE(body, 8.5f);
  EXPECT_GE(heading, 10.0f);
  EXPECT_LE(heading, 12.0f);
  ASSERT_TRUE(ui_->Tap("top/large"));
  ui_->Frame();
  const FontSet& large = app_->fonts().fonts();
  EXPECT_GE(IdeographMm(*app_, large.body), body + 1.5f);
  EXPECT_GE(IdeographMm(*app_, large.heading), heading + 1.5f);
}

TEST_F(KioskTest, DenserPanelKeepsTheRenderedSize) {
  app_.reset();
  ui_.reset();
  KioskOptions options;
  options.px_per_mm = 6;
  KioskDeps deps{&clock_, &SharedIme(), &SharedHandwriting(), nullptr};
  app_ = std::make_unique<KioskApp>(options, deps);
  ui_ = std::make_unique<Harness>(*app_, ImVec2(2880, 1620));
  ui_->Frame();
  EXPECT_GE(IdeographMm(*app_, app_->fonts().fonts().body), 7.0f);
  EXPECT_GE(IdeographMm(*app_, app_->fonts().fonts().heading), 10.0f);
}

}  // namespace
}  // namespace gridledger::kiosk::testing
