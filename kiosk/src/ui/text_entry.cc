#include "ui/text_entry.h"

#include <algorithm>
#include <string>

#include "app/secure_string.h"
#include "app/text.h"
#include "input/utf8.h"

namespace gridledger::kiosk {

void TextEntryState::Reset() {
  mode = EntryMode::kNone;
  for (auto& s : strokes) {
    std::fill(s.begin(), s.end(), InkPoint{0, 0});
  }
  strokes.clear();
  Wipe(hw_candidates);
  drawing = false;
  symbols = false;
}

namespace {

bool Append(std::string& text, const std::string& add, size_t max_chars) {
  if (add.empty() || Utf8Length(text) + Utf8Length(add) > max_chars) return false;
  text += add;
  return true;
}

// True when `font` can draw `text` now; otherwise feeds the text to the
// library so that the next atlas build has it (and the caller skips it).
bool Showable(const TextEntryDeps& deps, const ImFont* font, const std::string& text) {
  if (!deps.fonts) return true;
  if (FontLibrary::CanRender(font, text)) return true;
  deps.fonts->AddText(text);
  return false;
}

std::string Id(const char* prefix, const std::string& rest) {
  return std::string(prefix) + "/" + rest;
}

// The symbol layer: what an address or a time needs ("3楼302", "晚上10点").
constexpr const char* kSymbolRows[3][10] = {
    {"1", "2", "3", "4", "5", "6", "7", "8", "9", "0"},
    {"-", "/", "#", "，", "。", "？", "！", "、", "：", nullptr},
    {"（", "）", nullptr}};

bool DrawPinyin(Ui& ui, const char* prefix, Rect pad, std::string& text, size_t max_chars,
                TextEntryState& st, const TextEntryDeps& deps) {
  PinyinIme* ime = deps.ime;
  float gap = ui.metrics.Gap();
  float row_h = ui.metrics.MinTarget() + ui.metrics.Mm(1);
  bool changed = false;
  if (!ime || !ime->Ready()) {
    DrawText(ui, ui.fonts.body, pad.min, ui.palette.muted, ui.Words(txt::kPreparing));
    return false;
  }
  // Candidate bar: [<] cand cand ... [>]
  Rect bar = Rect::XYWH(pad.min.x, pad.min.y, pad.W(), row_h);
  float nav_w = ui.metrics.MinTarget();
  if (ime->Composing()) {
    if (Button(ui, Id(prefix, "page/prev").c_str(), "<",
               Rect::XYWH(bar.min.x, bar.min.y, nav_w, row_h)))
      ime->PrevPage();
    if (Button(ui, Id(prefix, "page/next").c_str(), ">",
               Rect::XYWH(bar.max.x - nav_w, bar.min.y, nav_w, row_h)))
      ime->NextPage();
    float x = bar.min.x + nav_w + gap;
    float x_end = bar.max.x - nav_w - gap;
    const auto cands = ime->Candidates();  // copy: Select() changes them
    for (size_t i = 0; i < cands.size(); ++i) {
      if (!Showable(deps, ui.fonts.body, cands[i])) continue;
      float w = std::max(ui.metrics.MinTarget(),
                         MeasureText(ui.fonts.body, cands[i]).x + ui.metrics.Mm(6));
      if (x + w > x_end) break;
      if (Button(ui, Id(prefix, "cand/" + std::to_string(i)).c_str(), cands[i],
                 Rect::XYWH(x, bar.min.y, w, row_h))) {
        std::string committed = ime->Select(static_cast<int>(i));
        changed |= Append(text, committed, max_chars);
      }
      x += w + gap;
    }
  }
  float key_w = (pad.W() - 9 * gap) / 10;
  float y = bar.max.y + gap;
  // Switching layers waits until the pinyin being composed is picked.
  ButtonOptions toggle;
  toggle.enabled = !ime->Composing();
  if (st.symbols) {
    int n = 0;
    for (int r = 0; r < 3; ++r) {
      float x = pad.min.x;
      for (int k = 0; k < 10 && kSymbolRows[r][k]; ++k, ++n) {
        std::string sym = kSymbolRows[r][k];
        if (Button(ui, Id(prefix, "sym/" + std::to_string(n)).c_str(), sym,
                   Rect::XYWH(x, y, key_w, row_h)))
          changed |= Append(text, sym, max_chars);
        x += key_w + gap;
      }
      if (r == 1 && Button(ui, Id(prefix, "key/letters").c_str(), ui.Words(txt::kLetters),
                           Rect::XYWH(x, y, pad.max.x - x, row_h)))
        st.symbols = false;
      if (r == 2) {
        float space_w = 5 * key_w + 4 * gap;
        if (Button(ui, Id(prefix, "key/space").c_str(), ui.Words(txt::kSpace),
                   Rect::XYWH(x, y, space_w, row_h)))
          changed |= Append(text, " ", max_chars);
        x += space_w + gap;
        if (Button(ui, Id(prefix, "key/back").c_str(), ui.Words(txt::kDelete),
                   Rect::XYWH(x, y, pad.max.x - x, row_h)) &&
            !text.empty())
          PopUtf8(text), changed = true;
      }
      y += row_h + gap;
    }
    return changed;
  }
  // Letter rows; the middle row ends with the switch to digits and symbols.
  static const char* kRows[3] = {"qwertyuiop", "asdfghjkl", "zxcvbnm"};
  for (int r = 0; r < 3; ++r) {
    std::string row = kRows[r];
    float x = pad.min.x + (10 - static_cast<float>(row.size())) * (key_w + gap) / 2;
    if (r == 1) x = pad.min.x;
    if (r == 2) x = pad.min.x + (key_w + gap) * 0.5f;
    for (char c : row) {
      std::string letter(1, c);
      if (Button(ui, Id(prefix, "key/" + letter).c_str(), letter, Rect::XYWH(x, y, key_w, row_h)))
        ime->Key(c);
      x += key_w + gap;
    }
    if (r == 1 && Button(ui, Id(prefix, "key/symbols").c_str(), ui.Words(txt::kSymbols),
                         Rect::XYWH(x, y, pad.max.x - x, row_h), toggle))
      st.symbols = true;
    if (r == 2) {
      float w = pad.max.x - x;
      if (Button(ui, Id(prefix, "key/back").c_str(), ui.Words(txt::kDelete),
                 Rect::XYWH(x, y, w, row_h))) {
        if (ime->Composing())
          ime->Backspace();
        else if (!text.empty())
          PopUtf8(text), changed = true;
      }
    }
    y += row_h + gap;
  }
  return changed;
}

bool DrawHandwriting(Ui& ui, const char* prefix, Rect pad, std::string& text, size_t max_chars,
                     TextEntryState& st, const TextEntryDeps& deps) {
  float gap = ui.metrics.Gap();
  float side = pad.H();
  Rect canvas = Rect::XYWH(pad.min.x, pad.min.y, side, side);
  ImDrawList* dl = ImGui::GetWindowDrawList();
  bool changed = false;

  // The canvas: a press starts a stroke, moving extends it, release ends it.
  ImGui::SetCursorScreenPos(canvas.min);
  std::string canvas_id = Id(prefix, "canvas");
  ImGui::InvisibleButton(canvas_id.c_str(), ImVec2(side, side));
  if (ui.targets) ui.targets->Add(canvas_id, canvas.min, canvas.max, canvas.min, canvas.max);
  ImGuiIO& io = ImGui::GetIO();
  ImVec2 local(io.MousePos.x - canvas.min.x, io.MousePos.y - canvas.min.y);
  if (ImGui::IsItemActive()) {
    if (!st.drawing) {
      st.strokes.emplace_back();
      st.drawing = true;
    }
    Stroke& s = st.strokes.back();
    if (s.empty() || s.back().x != local.x || s.back().y != local.y)
      s.push_back({std::clamp(local.x, 0.0f, side), std::clamp(local.y, 0.0f, side)});
  } else if (st.drawing) {
    st.drawing = false;
    if (deps.hw) st.hw_candidates = deps.hw->Classify(st.strokes, side, side, 12);
  }
  dl->AddRectFilled(canvas.min, canvas.max, ui.palette.panel, ui.metrics.Mm(2));
  dl->AddRect(canvas.min, canvas.max, ui.palette.border, ui.metrics.Mm(2), 0, ui.metrics.Mm(0.6f));
  // A faint cross guide (米字格 style) helps place strokes.
  ImU32 guide = (ui.palette.muted & 0x00FFFFFF) | 0x40000000;
  ImVec2 c((canvas.min.x + canvas.max.x) / 2, (canvas.min.y + canvas.max.y) / 2);
  dl->AddLine(ImVec2(canvas.min.x, c.y), ImVec2(canvas.max.x, c.y), guide, 2);
  dl->AddLine(ImVec2(c.x, canvas.min.y), ImVec2(c.x, canvas.max.y), guide, 2);
  if (st.strokes.empty())
    DrawText(ui, ui.fonts.body,
             ImVec2(canvas.min.x + ui.metrics.Mm(3), canvas.min.y + ui.metrics.Mm(3)),
             ui.palette.muted, ui.Words(txt::kWriteHere), side - ui.metrics.Mm(6));
  for (const Stroke& s : st.strokes) {
    for (size_t i = 1; i < s.size(); ++i)
      dl->AddLine(ImVec2(canvas.min.x + s[i - 1].x, canvas.min.y + s[i - 1].y),
                  ImVec2(canvas.min.x + s[i].x, canvas.min.y + s[i].y), ui.palette.text,
                  ui.metrics.Mm(1.5f));
    if (s.size() == 1)
      dl->AddCircleFilled(ImVec2(canvas.min.x + s[0].x, canvas.min.y + s[0].y), ui.metrics.Mm(0.8f),
                          ui.palette.text);
  }

  // Right of the canvas: candidates in a grid, then rewrite / delete.
  float x0 = canvas.max.x + gap;
  float area_w = pad.max.x - x0;
  float cell = ui.metrics.MinTarget() + ui.metrics.Mm(2);
  int cols = std::max(1, static_cast<int>((area_w + gap) / (cell + gap)));
  int shown = 0;
  float row_h = ui.metrics.MinTarget() + ui.metrics.Mm(1);
  int max_rows = std::max(1, static_cast<int>((pad.H() - row_h - gap) / (cell + gap)));
  std::string pick;
  for (size_t i = 0; i < st.hw_candidates.size() && shown < cols * max_rows; ++i) {
    const std::string& cand = st.hw_candidates[i];
    ButtonOptions o;
    o.font = ui.fonts.heading;  // large shapes to tell similar characters apart
    if (!Showable(deps, o.font, cand)) continue;
    float x = x0 + (shown % cols) * (cell + gap);
    float y = pad.min.y + (shown / cols) * (cell + gap);
    if (Button(ui, Id(prefix, "cand/" + std::to_string(i)).c_str(), cand,
               Rect::XYWH(x, y, cell, cell), o))
      pick = cand;
    ++shown;
  }
  if (!pick.empty()) {
    changed |= Append(text, pick, max_chars);
    st.strokes.clear();
    Wipe(st.hw_candidates);
  }
  float by = pad.max.y - row_h;
  float bw = (area_w - gap) / 2;
  if (Button(ui, Id(prefix, "rewrite").c_str(), ui.Words(txt::kRewrite),
             Rect::XYWH(x0, by, bw, row_h))) {
    st.strokes.clear();
    Wipe(st.hw_candidates);
  }
  if (Button(ui, Id(prefix, "del").c_str(), ui.Words(txt::kDelete),
             Rect::XYWH(x0 + bw + gap, by, bw, row_h)) &&
      !text.empty()) {
    PopUtf8(text);
    changed = true;
  }
  return changed;
}

}  // namespace

bool DrawTextEntry(Ui& ui, const char* prefix, Rect box, Rect pad, std::string& text,
                   size_t max_chars, TextEntryState& st, const TextEntryDeps& deps) {
  ImDrawList* dl = ImGui::GetWindowDrawList();
  // The text box, with the pinyin being composed after the text (underlined).
  dl->AddRectFilled(box.min, box.max, ui.palette.panel, ui.metrics.Mm(2));
  dl->AddRect(box.min, box.max, ui.palette.border, ui.metrics.Mm(2), 0, ui.metrics.Mm(0.6f));
  float pad_in = ui.metrics.Mm(3);
  float wrap = box.W() - 2 * pad_in;
  ImVec2 tp(box.min.x + pad_in, box.min.y + pad_in);
  DrawText(ui, ui.fonts.body, tp, ui.palette.text, text, wrap);
  // Caret after the text (drawn bar) and the composition.
  ImVec2 ts = MeasureText(ui.fonts.body, text, wrap);
  float line_h = ui.fonts.body->FontSize;
  float last_line_y = tp.y + std::max(0.0f, ts.y - line_h);
  float last_line_w = ts.y > line_h * 1.5f ? wrap * 0.0f : ts.x;  // approximate on wrap
  float cx = tp.x + last_line_w + 2;
  if (st.mode == EntryMode::kPinyin && deps.ime && deps.ime->Composing()) {
    const std::string& pre = deps.ime->Preedit();
    if (Showable(deps, ui.fonts.body, pre)) {
      DrawText(ui, ui.fonts.body, ImVec2(cx, last_line_y), ui.palette.selected_text, pre);
      float pw = MeasureText(ui.fonts.body, pre).x;
      dl->AddLine(ImVec2(cx, last_line_y + line_h + 2), ImVec2(cx + pw, last_line_y + line_h + 2),
                  ui.palette.selected_text, 3);
      cx += pw + 2;
    }
  }
  dl->AddRectFilled(ImVec2(cx, last_line_y), ImVec2(cx + 3, last_line_y + line_h), ui.palette.text);

  // Mode buttons.
  float gap = ui.metrics.Gap();
  float row_h = ui.metrics.MinTarget() + ui.metrics.Mm(1);
  float mw = (pad.W() - gap) / 2;
  ButtonOptions pin, hand;
  pin.selected = st.mode == EntryMode::kPinyin;
  hand.selected = st.mode == EntryMode::kHandwriting;
  if (Button(ui, Id(prefix, "mode/pinyin").c_str(), ui.Words(txt::kPinyin),
             Rect::XYWH(pad.min.x, pad.min.y, mw, row_h), pin))
    st.mode = st.mode == EntryMode::kPinyin ? EntryMode::kNone : EntryMode::kPinyin;
  if (Button(ui, Id(prefix, "mode/hand").c_str(), ui.Words(txt::kHandwriting),
             Rect::XYWH(pad.min.x + mw + gap, pad.min.y, mw, row_h), hand))
    st.mode = st.mode == EntryMode::kHandwriting ? EntryMode::kNone : EntryMode::kHandwriting;
  Rect rest{ImVec2(pad.min.x, pad.min.y + row_h + gap), pad.max};
  if (st.mode == EntryMode::kPinyin) return DrawPinyin(ui, prefix, rest, text, max_chars, st, deps);
  if (st.mode == EntryMode::kHandwriting)
    return DrawHandwriting(ui, prefix, rest, text, max_chars, st, deps);
  return false;
}

}  // namespace gridledger::kiosk
