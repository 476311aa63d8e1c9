#include "app/session.h"

#include "app/secure_string.h"

namespace gridledger::kiosk {
namespace {

void WipeCase(CaseView& c) {
  Wipe(c.case_id);
  Wipe(c.description);
  Wipe(c.masked_phone);
  Wipe(c.location.address);
  for (auto& t : c.timeline) {
    Wipe(t.text_zh);
    Wipe(t.text_en);
  }
  c = CaseView{};
}

}  // namespace

void Session::Reset() {
  Wipe(category);
  Wipe(place_id);
  Wipe(place_grid);
  Wipe(place_name);
  Wipe(free_text);
  Wipe(phone);
  Wipe(name);
  Wipe(submit_error);
  if (receipt) {
    Wipe(receipt->case_id);
    Wipe(receipt->query_code);
  }
  Wipe(lookup_case);
  Wipe(lookup_phone);
  Wipe(lookup_code);
  Wipe(lookup_message);
  Wipe(found_code);
  Wipe(found_phone);
  Wipe(feedback_message);
  for (auto& c : found) WipeCase(c);
  *this = Session{};
}

std::string Session::AllText() const {
  std::string all = category + "|" + place_id + "|" + place_name + "|" + free_text + "|" + phone +
                    "|" + name + "|" + submit_error + "|" + lookup_case + "|" + lookup_phone + "|" +
                    lookup_code + "|" + lookup_message + "|" + found_code + "|" + found_phone +
                    "|" + feedback_message;
  if (receipt) all += "|" + receipt->case_id + "|" + receipt->query_code;
  for (const auto& c : found) {
    all += "|" + c.case_id + "|" + c.description + "|" + c.masked_phone;
    for (const auto& t : c.timeline) all += "|" + t.text_zh;
  }
  return all;
}

std::string Session::Description(const std::vector<std::string>& phrases_zh) const {
  std::string out;
  for (int i : phrases) {
    if (i < 0 || static_cast<size_t>(i) >= phrases_zh.size()) continue;
    if (!out.empty()) out += "；";
    out += phrases_zh[i];
  }
  if (!free_text.empty()) {
    if (!out.empty()) out += "；";
    out += free_text;
  }
  return out;
}

}  // namespace gridledger::kiosk
