// Plausible data for showing any screen on its own (--screen NAME, docs,
// the touch-target size test). Uses the first catalogue entry and place.
#include <chrono>

#include "app/case_number.h"
#include "app/kiosk_controller.h"

namespace gridledger::kiosk {

void KioskController::FillSampleSession() {
  Session& s = session_;
  s.journey = Journey::kRequest;
  auto cats = JourneyCategories();
  if (!cats.empty()) s.category = cats[0]->code;
  if (!places_->empty()) {
    const PlaceChoice& p = places_->all()[0];
    s.place_id = p.place_id;
    s.place_grid = p.grid_code;
    s.place_name = p.name;
  } else {
    s.place_unsure = true;
  }
  s.phrases = {0};
  s.phone = "13800138000";
  s.name = "王阿姨";
  WillShow(s.name);
  FiledReceipt r;
  r.case_id = "case-411302-20261123-0042";
  r.query_code = "246810";
  r.deadline = std::chrono::time_point_cast<std::chrono::microseconds>(
      std::chrono::sys_days{std::chrono::year{2026} / 11 / 24} + std::chrono::hours(9));
  s.receipt = r;
  CaseView v;
  v.case_id = r.case_id;
  v.category = s.category;
  v.description = "下水道堵了";
  v.state = CaseState::kClosed;
  v.deadline = r.deadline;
  v.masked_phone = "138****8000";
  const char* steps[][2] = {
      {"您的诉求已受理", "Your request was received"},
      {"已立案，派给网格员张敏", "Registered and sent to grid worker Zhang Min"},
      {"网格员张敏已接单", "Grid worker Zhang Min accepted the case"},
      {"已处理：已疏通下水道", "Handled: the sewer was cleared"},
      {"现场核查通过，已办结", "Checked on site and closed"},
  };
  int i = 0;
  for (auto& st : steps) {
    TimelineEntry t;
    t.at = r.deadline - std::chrono::hours(20 - 4 * i++);
    t.text_zh = st[0];
    t.text_en = st[1];
    WillShow(t.text_zh + t.text_en);
    v.timeline.push_back(t);
  }
  WillShow(v.description);
  s.found = {v};
  s.found_code = r.query_code;
  s.lookup_case = DisplayCaseNumber(r.case_id);
}

}  // namespace gridledger::kiosk
