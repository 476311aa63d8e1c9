#include "app/plain_words.h"

#include <chrono>
#include <cstdio>

#include "gridledger/china_time.h"

namespace gridledger::kiosk {

const Text& StateWords(CaseState s) {
  static const Text kFiled{"已受理，等待立案", "Received"};
  static const Text kRegistered{"已立案，等待派给网格员", "Registered"};
  static const Text kRejected{"未立案（请看办理经过）", "Not taken up (see below)"};
  static const Text kDispatched{"已派给网格员", "Sent to the grid worker"};
  static const Text kInProgress{"正在办理", "Being handled"};
  static const Text kReported{"已办完，等待核查", "Done, being checked"};
  static const Text kClosed{"已办结", "Closed"};
  static const Text kSuspended{"暂停办理", "On hold"};
  static const Text kMerged{"已并入另一事项", "Merged into another case"};
  switch (s) {
    case CaseState::kFiled:
      return kFiled;
    case CaseState::kRegistered:
      return kRegistered;
    case CaseState::kRejected:
      return kRejected;
    case CaseState::kDispatched:
      return kDispatched;
    case CaseState::kInProgress:
      return kInProgress;
    case CaseState::kReported:
      return kReported;
    case CaseState::kClosed:
      return kClosed;
    case CaseState::kSuspended:
      return kSuspended;
    case CaseState::kMerged:
      return kMerged;
  }
  return kFiled;
}

std::string FormatLocalTime(Timestamp t, Lang lang) {
  if (t.time_since_epoch().count() == 0) return lang == Lang::kZh ? "待定" : "to be set";
  auto local = std::chrono::floor<std::chrono::minutes>(ChinaWallClock(t));
  auto day = std::chrono::floor<std::chrono::days>(local);
  std::chrono::year_month_day ymd{day};
  std::chrono::hh_mm_ss hms{local - day};
  char buf[64];
  static const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                  "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  unsigned m = static_cast<unsigned>(ymd.month());
  if (lang == Lang::kZh) {
    std::snprintf(buf, sizeof buf, "%u月%u日 %02d:%02d", m, static_cast<unsigned>(ymd.day()),
                  static_cast<int>(hms.hours().count()), static_cast<int>(hms.minutes().count()));
  } else {
    std::snprintf(buf, sizeof buf, "%u %s %02d:%02d", static_cast<unsigned>(ymd.day()),
                  kMonths[(m + 11) % 12], static_cast<int>(hms.hours().count()),
                  static_cast<int>(hms.minutes().count()));
  }
  return buf;
}

std::string LanguagePart(const std::string& reason, Lang lang) {
  size_t cut = reason.find(" / ");
  if (cut == std::string::npos) return reason;
  return lang == Lang::kZh ? reason.substr(0, cut) : reason.substr(cut + 3);
}

}  // namespace gridledger::kiosk
