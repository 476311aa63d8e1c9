#include "ui/fonts.h"

#include <atomic>
#include <filesystem>
#include <map>
#include <mutex>

#include "app/plain_words.h"
#include "app/text.h"
#include "input/utf8.h"

namespace gridledger::kiosk {
namespace {

std::atomic<int> g_missing{0};
std::mutex g_missing_mu;
std::string g_missing_text;
std::string g_drawn_text;
bool g_recording = false;

void AddUtf8(ImFontGlyphRangesBuilder& b, std::string_view s) {
  for (char32_t c : DecodeUtf8(s))
    if (c < 0x10000) b.AddChar(static_cast<ImWchar>(c));
}

void AddAppTexts(ImFontGlyphRangesBuilder& b) {
  for (const Text& t : AllTexts()) {
    AddUtf8(b, t.zh);
    AddUtf8(b, t.en);
  }
  for (CaseState s : {CaseState::kFiled, CaseState::kRegistered, CaseState::kRejected,
                      CaseState::kDispatched, CaseState::kInProgress, CaseState::kReported,
                      CaseState::kClosed, CaseState::kSuspended, CaseState::kMerged}) {
    AddUtf8(b, StateWords(s).zh);
    AddUtf8(b, StateWords(s).en);
  }
  // Digits, Latin, and the punctuation the screens use.
  b.AddRanges(ImGui::GetIO().Fonts->GetGlyphRangesDefault());
  AddUtf8(b, "，。：；！？（）“”…—·、《》0123456789年月日时分秒待定");
}

constexpr ImWchar kProbeIdeograph = 0x56FD;  // 国: a full-height, boxed ideograph

}  // namespace

float FontLibrary::IdeographInkPerPx(const char* file) {
  static std::mutex mu;
  static std::map<std::string, float> cache;
  std::lock_guard lock(mu);
  auto it = cache.find(file);
  if (it != cache.end()) return it->second;
  float ratio = 0;
  if (std::filesystem::exists(file)) {
    constexpr float kProbePx = 200;
    static const ImWchar kRange[] = {kProbeIdeograph, kProbeIdeograph, 0};
    ImFontAtlas probe;
    ImFontConfig cfg;
    cfg.FontNo = 2;
    ImFont* f = probe.AddFontFromFileTTF(file, kProbePx, &cfg, kRange);
    if (f && probe.Build()) {
      const ImFontGlyph* g = f->FindGlyphNoFallback(kProbeIdeograph);
      if (g) ratio = (g->Y1 - g->Y0) / kProbePx;
    }
  }
  cache[file] = ratio;
  return ratio;
}

bool FontLibrary::AddText(std::string_view utf8) {
  bool added = false;
  for (char32_t c : DecodeUtf8(utf8)) {
    if (c >= 0x10000 || c < 0x20) continue;
    if (extra_.insert(static_cast<ImWchar>(c)).second) {
      // Already in the built body font (e.g. from the common set)?
      if (fonts_.body && fonts_.body->FindGlyphNoFallback(static_cast<ImWchar>(c)) &&
          fonts_.heading && fonts_.heading->FindGlyphNoFallback(static_cast<ImWchar>(c)))
        continue;
      added = true;
    }
  }
  if (added) rebuild_needed_ = true;
  return added;
}

bool FontLibrary::Build(ImFontAtlas* atlas, const Metrics& m) {
  atlas->Clear();
  fonts_ = FontSet{};
  rebuild_needed_ = false;
  bool have_files = std::filesystem::exists(kRegular);
  if (!have_files) {
    fonts_.body = fonts_.heading = fonts_.huge = atlas->AddFontDefault();
    atlas->Build();
    return false;
  }
  const char* bold = std::filesystem::exists(kBold) ? kBold : kRegular;

  ImFontGlyphRangesBuilder body, heading, huge;
  // (no common set: only what the kiosk shows, fed on demand)
  AddAppTexts(body);
  AddAppTexts(heading);
  for (ImWchar c : extra_) {
    body.AddChar(c);
    heading.AddChar(c);
  }
  huge.AddRanges(atlas->GetGlyphRangesDefault());
  body_ranges_.clear();
  heading_ranges_.clear();
  huge_ranges_.clear();
  body.BuildRanges(&body_ranges_);
  heading.BuildRanges(&heading_ranges_);
  huge.BuildRanges(&huge_ranges_);

  ImFontConfig cfg;
  cfg.FontNo = 2;  // Simplified Chinese glyph shapes in the Noto CJK collection
  cfg.OversampleH = 1;
  cfg.OversampleV = 1;
  cfg.PixelSnapH = true;
  atlas->Flags |= ImFontAtlasFlags_NoPowerOfTwoHeight;
  atlas->TexDesiredWidth = 4096;
  // Font size from the wanted ink height (Noto Sans CJK: ~0.69 ink per px).
  auto size_for_ink = [](const char* file, float ink_px) {
    float ratio = IdeographInkPerPx(file);
    return ratio > 0.1f ? ink_px / ratio : ink_px / 0.69f;
  };
  fonts_.body = atlas->AddFontFromFileTTF(kRegular, size_for_ink(kRegular, m.BodyInkPx()), &cfg,
                                          body_ranges_.Data);
  fonts_.heading = atlas->AddFontFromFileTTF(bold, size_for_ink(bold, m.HeadingInkPx()), &cfg,
                                             heading_ranges_.Data);
  fonts_.huge = atlas->AddFontFromFileTTF(bold, m.HugePx(), &cfg, huge_ranges_.Data);
  bool built = fonts_.body && fonts_.heading && fonts_.huge && atlas->Build();
  // The atlas keeps a copy of the font file per font (the collections are
  // ~20 MB each: ~60 MB) for as long as it lives; the baked glyphs need
  // none of it, and the next Build() loads the files again. Free it, and
  // leave no pointer to it (a stray rebuild stops at a null pointer instead
  // of reading freed memory).
  for (ImFontConfig& c : atlas->ConfigData) {
    if (c.FontDataOwnedByAtlas) ImGui::MemFree(c.FontData);
    c.FontData = nullptr;
    c.FontDataSize = 0;
  }
  if (!built) {
    atlas->Clear();
    fonts_.body = fonts_.heading = fonts_.huge = atlas->AddFontDefault();
    atlas->Build();
    return false;
  }
  return true;
}

bool FontLibrary::CanRender(const ImFont* font, std::string_view utf8) {
  if (!font) return false;
  for (char32_t c : DecodeUtf8(utf8)) {
    if (c < 0x20) continue;
    if (c >= 0x10000 || !font->FindGlyphNoFallback(static_cast<ImWchar>(c))) return false;
  }
  return true;
}

int FontLibrary::missing_glyphs() { return g_missing.load(); }
void FontLibrary::ResetMissingGlyphs() {
  g_missing = 0;
  std::lock_guard lock(g_missing_mu);
  g_missing_text.clear();
}

std::string FontLibrary::missing_text() {
  std::lock_guard lock(g_missing_mu);
  return g_missing_text;
}

std::string FontLibrary::DrawnText() {
  std::lock_guard lock(g_missing_mu);
  return g_drawn_text;
}

void FontLibrary::StartRecordingDrawnText() {
  std::lock_guard lock(g_missing_mu);
  g_drawn_text.clear();
  g_recording = true;
}

void FontLibrary::StopRecordingDrawnText() {
  std::lock_guard lock(g_missing_mu);
  g_drawn_text.clear();
  g_recording = false;
}

void FontLibrary::AuditText(const ImFont* font, std::string_view text) {
  {
    std::lock_guard lock(g_missing_mu);
    if (g_recording && g_drawn_text.size() < 65536) {
      g_drawn_text.append(text);
      g_drawn_text += '\n';
    }
  }
  for (char32_t c : DecodeUtf8(text)) {
    if (c < 0x20) continue;
    if (c >= 0x10000 || !font->FindGlyphNoFallback(static_cast<ImWchar>(c))) {
      ++g_missing;
      std::lock_guard lock(g_missing_mu);
      if (g_missing_text.size() < 256) AppendUtf8(g_missing_text, c);
    }
  }
}

}  // namespace gridledger::kiosk
