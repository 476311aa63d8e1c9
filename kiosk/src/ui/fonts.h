// The kiosk's fonts: Noto Sans CJK (face 2 = Simplified Chinese shapes)
// loaded at the target pixel sizes, with glyph ranges built from the
// common Simplified Chinese set, every fixed app text, and extra text
// registered at run time (catalogue, places, timelines). Never scaled with
// FontGlobalScale.
//
// Anything the kiosk can receive from an input method is checked with
// CanRender() against the very font it is drawn in; what that font lacks is
// fed back with AddText() (shown after the next Build()), so every glyph it
// shows is in the atlas.
#pragma once

#include <imgui.h>

#include <set>
#include <string>
#include <string_view>

#include "ui/metrics.h"

namespace gridledger::kiosk {

struct FontSet {
  ImFont* body = nullptr;     // body text, buttons, candidates
  ImFont* heading = nullptr;  // screen titles
  ImFont* huge = nullptr;     // case number and query code (digits, Latin)
};

class FontLibrary {
 public:
  static constexpr const char* kRegular = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc";
  static constexpr const char* kBold = "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc";

  // Adds glyphs for `utf8` to every font from the next Build(). Returns
  // true when a code point is new (a rebuild is needed to show it).
  bool AddText(std::string_view utf8);
  bool rebuild_needed() const { return rebuild_needed_; }

  // Clears `atlas` and builds body/heading/huge for `metrics`: body and
  // heading at the pixel size whose rendered ideograph is BodyInkPx() /
  // HeadingInkPx() tall. Returns false when the font files are missing
  // (falls back to ImGui's default). The font files are read for the build
  // only: afterwards the atlas holds the baked glyphs and no file data
  // (its ConfigData's FontData is null), so rebuild only through Build().
  bool Build(ImFontAtlas* atlas, const Metrics& metrics);
  const FontSet& fonts() const { return fonts_; }

  // True when every code point of `utf8` has a glyph in `font` (the font the
  // caller draws it in). False for a null font.
  static bool CanRender(const ImFont* font, std::string_view utf8);
  // Height of the ideograph 国's ink per pixel of font size in `file`
  // (face 2), measured once per file from its rasterised glyph; 0 when the
  // file cannot be read.
  static float IdeographInkPerPx(const char* file);
  // Code points drawn without a glyph since the last reset (tests: 0).
  static int missing_glyphs();
  static void ResetMissingGlyphs();
  // The missing code points themselves (first few), for test messages.
  static std::string missing_text();
  // Counts the code points of `text` missing from `font` (draw helpers call
  // it); while recording, also keeps the text for DrawnText().
  static void AuditText(const ImFont* font, std::string_view text);
  // Tests only: StartRecordingDrawnText() clears the record and keeps every
  // text drawn from then on (one per line, the first 64 KiB) until
  // StopRecordingDrawnText(). Off by default: the kiosk never keeps what a
  // resident saw.
  static void StartRecordingDrawnText();
  static void StopRecordingDrawnText();
  static std::string DrawnText();

 private:
  std::set<ImWchar> extra_;
  bool rebuild_needed_ = true;
  FontSet fonts_;
  ImVector<ImWchar> body_ranges_, heading_ranges_, huge_ranges_;
};

}  // namespace gridledger::kiosk
