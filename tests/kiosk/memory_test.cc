// What the kiosk keeps in memory once its fonts are built: the baked
// glyphs, not the font files they came from (~20 MB per font, ~60 MB for
// the three). The resident memory of the real window is checked by the
// Xvfb journey (tests/kiosk/xvfb_file_request.sh).
#include <imgui.h>

#include "test_env.h"

namespace gridledger::kiosk::testing {
namespace {

size_t FontFileBytesHeld() {
  size_t bytes = 0;
  for (const ImFontConfig& c : ImGui::GetIO().Fonts->ConfigData)
    if (c.FontData) bytes += static_cast<size_t>(c.FontDataSize);
  return bytes;
}

TEST_F(KioskTest, FontAtlasKeepsNoFontFileDataAfterBuilding) {
  ASSERT_GE(ImGui::GetIO().Fonts->ConfigData.Size, 3);
  EXPECT_EQ(FontFileBytesHeld(), 0u);
  // A rebuild (a character the atlas lacks is fed) reads the files again,
  // bakes the new glyph, and again keeps none of them.
  constexpr ImWchar kRare = 0x9F98;  // 龘: not in the common set
  ASSERT_EQ(app_->fonts().fonts().body->FindGlyphNoFallback(kRare), nullptr);
  ASSERT_TRUE(app_->fonts().AddText("龘"));
  ui_->Frame();
  EXPECT_NE(app_->fonts().fonts().body->FindGlyphNoFallback(kRare), nullptr);
  EXPECT_NE(app_->fonts().fonts().heading->FindGlyphNoFallback(kRare), nullptr);
  EXPECT_EQ(FontFileBytesHeld(), 0u);
  // Large text rebuilds at other sizes the same way.
  app_->SetLargeText(true);
  ui_->Frame();
  EXPECT_TRUE(app_->metrics().large_text);
  EXPECT_NE(app_->fonts().fonts().body->FindGlyphNoFallback(kRare), nullptr);
  EXPECT_EQ(FontFileBytesHeld(), 0u);
}

// Only the glyphs the kiosk shows are baked (its texts, the catalogue,
// places, what engine results and input methods feed), not ImGui's 2,500
// common hanzi: a smaller atlas, in the GPU's memory and in every rebuild.
TEST_F(KioskTest, AtlasBakesOnlyTheGlyphsTheKioskShows) {
  const FontSet& f = app_->fonts().fonts();
  EXPECT_LT(f.body->Glyphs.Size, 1500);
  EXPECT_NE(f.body->FindGlyphNoFallback(0x7FE0), nullptr);  // 翠 of 翠园小区 (a place)
  EXPECT_EQ(f.body->FindGlyphNoFallback(0x9E2D), nullptr);  // 鸭: shown nowhere yet
  int w = ImGui::GetIO().Fonts->TexWidth, h = ImGui::GetIO().Fonts->TexHeight;
  EXPECT_LE(static_cast<long>(w) * h, 4096L * 700) << w << "x" << h;
}

}  // namespace
}  // namespace gridledger::kiosk::testing
