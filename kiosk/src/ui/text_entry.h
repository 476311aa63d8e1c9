// Free-text entry without a system keyboard: a display of the text being
// written, and either the on-screen pinyin keyboard (librime) or the
// handwriting pad (zinnia). A candidate is offered only once the font it is
// drawn in has its glyphs: a missing one is fed to the FontLibrary and shows
// after the next atlas rebuild, so everything a resident can enter renders.
//
// Ids: "<prefix>/mode/pinyin", "<prefix>/mode/hand", "<prefix>/key/a".."z",
// "<prefix>/key/back", "<prefix>/key/space", "<prefix>/cand/N",
// "<prefix>/key/symbols" and "<prefix>/key/letters" (switch the keyboard to
// digits and punctuation and back), "<prefix>/sym/N" (N-th symbol key),
// "<prefix>/page/prev", "<prefix>/page/next", "<prefix>/canvas",
// "<prefix>/rewrite", "<prefix>/del".
#pragma once

#include <string>
#include <vector>

#include "input/handwriting.h"
#include "input/pinyin_ime.h"
#include "ui/widgets.h"

namespace gridledger::kiosk {

enum class EntryMode { kNone, kPinyin, kHandwriting };

// Per-session state of the entry widgets (wiped with the session).
struct TextEntryState {
  EntryMode mode = EntryMode::kNone;
  std::vector<Stroke> strokes;  // handwriting, canvas coordinates
  std::vector<std::string> hw_candidates;
  bool drawing = false;
  bool symbols = false;  // the pinyin keyboard shows digits and punctuation
  void Reset();
};

struct TextEntryDeps {
  PinyinIme* ime = nullptr;                   // may be null / not ready
  const HandwritingRecognizer* hw = nullptr;  // may be null
  FontLibrary* fonts = nullptr;               // checked and fed per drawing font
};

// Draws the text box at `box` and the chosen pad in `pad`. Edits `text`
// (limit in code points). Returns true when `text` changed.
bool DrawTextEntry(Ui& ui, const char* prefix, Rect box, Rect pad, std::string& text,
                   size_t max_chars, TextEntryState& state, const TextEntryDeps& deps);

}  // namespace gridledger::kiosk
