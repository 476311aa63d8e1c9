// My cases: case number (or mobile number) and the 6-digit query code on
// a keypad; tap a field to fill it. Wrong codes and lockouts are said in
// plain words, never shown by colour alone.
#include <algorithm>

#include "app/case_number.h"
#include "app/kiosk_controller.h"
#include "app/phone_number.h"
#include "ui/numeric_pad.h"
#include "ui/screens/chrome.h"
#include "ui/screens/screen_ui.h"
#include "ui/screens/screens.h"
#include "ui/widgets.h"

namespace gridledger::kiosk {

void DrawLookup(ScreenUi& screen, KioskController& k) {
  Ui& ui = screen.ui;
  const Metrics& m = ui.metrics;
  Session& s = k.session();
  Rect c = ContentArea(ui);
  float y = DrawTitle(ui, txt::kLookupTitle);
  float gap = m.Gap();
  float pad_w = m.Mm(150);
  float left_w = c.W() - pad_w - m.Mm(12);
  float tab_w = (left_w - gap) / 2;
  float tab_h = m.MinTarget() + m.Mm(2);
  ButtonOptions by_case, by_phone;
  by_case.selected = !s.lookup_by_phone;
  by_phone.selected = s.lookup_by_phone;
  if (Button(ui, "lookup/by_case", ui.Words(txt::kByCaseNumber),
             Rect::XYWH(c.min.x, y, tab_w, tab_h), by_case)) {
    s.lookup_by_phone = false;
    s.lookup_field = 0;
    s.lookup_error = Session::LookupError::kNone;
  }
  if (Button(ui, "lookup/by_phone", ui.Words(txt::kByPhone),
             Rect::XYWH(c.min.x + tab_w + gap, y, tab_w, tab_h), by_phone)) {
    s.lookup_by_phone = true;
    s.lookup_field = 0;
    s.lookup_error = Session::LookupError::kNone;
  }
  y += tab_h + m.Mm(6);
  // Two fields; the active one has a thick frame and a tick.
  std::string first = s.lookup_by_phone ? GroupPhoneDigits(s.lookup_phone) : s.lookup_case;
  std::string code_shown(s.lookup_code.size(), '*');  // codes are masked like PINs
  struct Field {
    const char* id;
    const Text& label;
    std::string value;
  } fields[] = {
      {"lookup/field/first", s.lookup_by_phone ? txt::kEnterPhone : txt::kEnterCaseNumber, first},
      {"lookup/field/code", txt::kEnterCode, code_shown},
  };
  for (int i = 0; i < 2; ++i) {
    DrawText(ui, ui.fonts.body, ImVec2(c.min.x, y), ui.palette.muted, ui.Words(fields[i].label));
    y += ui.fonts.body->FontSize * 1.3f;
    ButtonOptions o;
    o.selected = s.lookup_field == i;
    o.font = ui.fonts.heading;
    if (Button(ui, fields[i].id, fields[i].value, Rect::XYWH(c.min.x, y, left_w, m.Mm(26)), o))
      s.lookup_field = i;
    y += m.Mm(26) + m.Mm(4);
  }
  using LE = Session::LookupError;
  if (!k.service_error().empty()) {
    DrawErrorBox(ui, Rect::XYWH(c.min.x, y, left_w, 0), ui.Words(txt::kServiceDown));
  } else if (s.looking_up) {
    DrawText(ui, ui.fonts.body, ImVec2(c.min.x, y), ui.palette.text, ui.Words(txt::kSearching));
  } else if (s.lookup_error != LE::kNone) {
    std::string words = k.LookupErrorWords();
    DrawErrorBox(ui, Rect::XYWH(c.min.x, y, left_w, 0), words);
  }
  std::string& target = s.lookup_field == 1 ? s.lookup_code
                        : s.lookup_by_phone ? s.lookup_phone
                                            : s.lookup_case;
  size_t max_len = s.lookup_field == 1 ? 6 : s.lookup_by_phone ? kPhoneDigits : 24;
  float pad_h = std::min(c.max.y - c.min.y, m.Mm(4 * 25 + 3 * 4));
  if (DrawNumericPad(ui, "lookup", Rect::XYWH(c.max.x - pad_w, c.min.y, pad_w, pad_h), target,
                     max_len, s.lookup_field == 0 && !s.lookup_by_phone)) {
    if (s.lookup_error != LE::kLocked) s.lookup_error = LE::kNone;
    if (s.lookup_field == 0 && !s.lookup_by_phone)
      s.lookup_case = NormalizeTypedCaseNumber(s.lookup_case);
    // Move on to the code once the first field is complete.
    if (s.lookup_field == 0 && s.lookup_by_phone && s.lookup_phone.size() == kPhoneDigits)
      s.lookup_field = 1;
  }
  int nav = DrawNavBar(ui, true, ui.Words(txt::kSearch), !s.looking_up);
  if (nav < 0) k.StartOver();
  if (nav > 0) k.StartLookup();
}

}  // namespace gridledger::kiosk
