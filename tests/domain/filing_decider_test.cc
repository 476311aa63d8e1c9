// Filing, decided: validated, routed to a grid, authorised, and the first
// events chosen, before any case id, query code or sealing.
#include "given_when_then.h"

namespace gridledger::domain::spec {
namespace {

FileCase Sewer(const char* place = "p1") {
  FileCase f;
  f.category = "sewer";
  f.description = "下水道堵了";
  f.location.place_id = place;
  f.reporter_name = "王阿姨";
  f.reporter_phone = "13812345678";
  return f;
}

TEST(Filing, AResidentsRequestAtAPlaceLandsWithItsGridsWorker) {
  FilingSpec spec;
  auto filing = spec.When(Actor::Resident(), Sewer());
  ASSERT_TRUE(filing.ok()) << filing.status().ToString();
  const Timestamp deadline = spec.now() + std::chrono::hours(24);

  CaseFiled filed;
  filed.category = "sewer";
  filed.description = "下水道堵了";
  filed.location = {kGrid1, "p1", "文化小区", 0, 0};
  ExpectEvents(
      filing->events,
      {filed,
       CaseRegistered{Priority::kUrgent, deadline, WorkCalendar::WarnAt(spec.now(), deadline)},
       CaseDispatched{AssigneeLevel::kGrid, "w1", kGrid1, "按网格自动派发 / routed to the grid"}});
  EXPECT_EQ(filing->grid_code, kGrid1);
  EXPECT_EQ(filing->worker, "w1");
  EXPECT_EQ(filing->priority, Priority::kUrgent);
  EXPECT_EQ(filing->deadline, deadline);
}

TEST(Filing, TheReporterIsSealedUnderTheirPhonesPerson) {
  FilingSpec spec;
  FileCase f = Sewer();
  f.reporter_phone = "+86 138-1234-5678";
  auto filing = spec.When(Actor::Resident(), f);
  ASSERT_TRUE(filing.ok()) << filing.status().ToString();
  ASSERT_TRUE(filing->reporter.has_value());
  EXPECT_EQ(filing->reporter->phone, "13812345678");
  EXPECT_EQ(filing->reporter->texts, std::vector<std::string>{"王阿姨\n13812345678"});
  filing->reporter->place(filing->events.front(), "person-1", {SealedField{"person-1", "n", "c"}});
  EXPECT_EQ(filing->filed().resident_key, "person-1");
  EXPECT_EQ(filing->filed().reporter.cipher, "c");
}

TEST(Filing, AMicroGridsCaseLandsWithItsParentGridsWorker) {
  FilingSpec spec;
  FileCase f = Sewer("");
  f.location.grid_code = kMicro;
  auto filing = spec.When(Actor::Resident(), f);
  ASSERT_TRUE(filing.ok()) << filing.status().ToString();
  EXPECT_EQ(filing->worker, "w1");
  EXPECT_EQ(filing->grid_code, kMicro);
}

TEST(Filing, WithoutAPlaceOrGridTheCommunityTakesIt) {
  FilingSpec spec;
  auto filing = spec.When(Actor::Resident(), Sewer(""));
  ASSERT_TRUE(filing.ok()) << filing.status().ToString();
  EXPECT_EQ(filing->grid_code, kCommunity);
  EXPECT_EQ(filing->worker, "");
  EXPECT_EQ(std::get<CaseDispatched>(filing->events.back()),
            (CaseDispatched{AssigneeLevel::kCommunity, kCommunity, kCommunity,
                            "位置不明，由社区派发 / place unknown"}));
}

TEST(Filing, AMicroWishIsFiledAsOne) {
  FilingSpec spec;
  FileCase f = Sewer();
  f.category = "micro_wish";
  auto filing = spec.When(Actor::Resident(), f);
  ASSERT_TRUE(filing.ok()) << filing.status().ToString();
  EXPECT_EQ(filing->filed().kind, CaseKind::kMicroWish);
}

TEST(Filing, AnImportIsHistoryNotNewWork) {
  FilingSpec spec;
  FileCase f = Sewer();
  f.source = CaseSource::kImport;
  f.external_id = "311-42";
  auto filing = spec.When(Actor::System("import"), f);
  ASSERT_TRUE(filing.ok()) << filing.status().ToString();
  EXPECT_EQ(filing->events.size(), 1u);
  EXPECT_EQ(filing->filed().external_id, "311-42");
  EXPECT_EQ(filing->deadline, Timestamp{});
}

TEST(FilingRefused, WhatTheFilerGaveIsChecked) {
  FilingSpec spec;
  auto refused = [&](FileCase f) {
    ExpectRefused(spec.When(Actor::Resident(), f), StatusCode::kInvalidArgument);
  };
  FileCase f = Sewer();
  f.category = "weather";
  refused(f);
  f = Sewer();
  f.description = "";
  refused(f);
  f = Sewer();
  f.description = std::string(kMaxDescriptionBytes + 1, 'x');
  refused(f);
  f = Sewer();
  f.reporter_phone = "";  // a resident must give a phone
  refused(f);
  f = Sewer();
  f.reporter_phone = "12345";
  refused(f);
  f = Sewer();
  f.query_code = "12ab56";
  refused(f);
  f = Sewer("p9");
  refused(f);
  f = Sewer("");
  f.location.grid_code = "41130200100199";
  refused(f);
  f = Sewer();
  f.external_id = "\xff";
  refused(f);
}

TEST(FilingRefused, AWorkerWithoutAPhoneMayFileInTheirGrid) {
  FilingSpec spec;
  FileCase f = Sewer();
  f.reporter_phone = "";
  auto filing = spec.When(Worker("w1"), f);
  ASSERT_TRUE(filing.ok()) << filing.status().ToString();
  EXPECT_FALSE(filing->reporter.has_value());
}

TEST(FilingRefused, AWorkerMayNotFileInAnotherGrid) {
  FilingSpec spec;
  FileCase f = Sewer("p2");
  f.reporter_phone = "";
  ExpectRefused(spec.When(Worker("w1"), f), StatusCode::kPermissionDenied);
}

TEST(FilingRefused, WithNoGridsYetThereIsNowhereToFile) {
  Registry empty;
  WorkCalendar calendar;
  FileCase f = Sewer("");
  ExpectRefused(DecideFiling(f, DecideContext{Actor::Resident(), empty, calendar, Monday()}),
                StatusCode::kUnavailable);
}

}  // namespace
}  // namespace gridledger::domain::spec
