// What a resident may do after proving who they are at the kiosk: a phone
// and one case's code open every case of that phone, for reading and for
// rating; a refused rating never counts as a wrong code; and a lockout is
// one rule whichever way the resident asks.
#include <gtest/gtest.h>

#include "facade/engine_fixture.h"

namespace gridledger::testing {
namespace {

class ResidentProof : public EngineFixture {
 protected:
  // Files a case and takes it through the loop to closed.
  FiledReceipt FileAndClose(const std::string& phone) {
    auto r = FileSewer(phone);
    Exec("w1", cmd::Acknowledge{r.case_id});
    Exec("w1", cmd::ReportBack{r.case_id, "已疏通"});
    Exec("l1", cmd::VerifyOnSite{r.case_id, true, ""});
    Exec("l1", cmd::Close{r.case_id, ""});
    return r;
  }
};

TEST_F(ResidentProof, PhoneAndOneCodeRateAnotherCaseOfThatPhone) {
  auto first = FileAndClose("13812345678");
  auto second = FileAndClose("13812345678");
  auto rated = engine_->ResidentFeedbackByPhone("138 1234 5678", first.query_code, second.case_id,
                                                4, true, "");
  ASSERT_TRUE(rated.ok()) << rated.status().ToString();
  EXPECT_EQ(rated->case_id, second.case_id);
  EXPECT_EQ(rated->satisfaction, 4);
  auto tries = engine_->PhoneLookupTries("13812345678");
  ASSERT_TRUE(tries.ok());
  EXPECT_EQ(tries->remaining, 5u);
}

TEST_F(ResidentProof, PhoneProofDoesNotReachSomeoneElsesCase) {
  auto mine = FileAndClose("13812345678");
  auto theirs = FileAndClose("13999999999");
  auto r = engine_->ResidentFeedbackByPhone("13812345678", mine.query_code, theirs.case_id, 1,
                                            false, "");
  EXPECT_EQ(r.status().code(), StatusCode::kNotFound);
  auto v = engine_->GetCase(Actor::Worker("l1"), theirs.case_id);
  ASSERT_TRUE(v.ok());
  EXPECT_EQ(v->state, CaseState::kClosed);  // untouched
  // The proof was right: nothing counts towards a lockout.
  EXPECT_EQ(engine_->PhoneLookupTries("13812345678")->remaining, 5u);
}

TEST_F(ResidentProof, RefusedRatingsNeverCountAsWrongCodes) {
  auto open = FileSewer("13812345678");  // not closed: a rating is refused
  auto closed = FileAndClose("13812345678");
  for (int i = 0; i < 8; ++i) {
    auto by_phone = engine_->ResidentFeedbackByPhone("13812345678", closed.query_code, open.case_id,
                                                     5, true, "");
    EXPECT_EQ(by_phone.status().code(), StatusCode::kRejected) << by_phone.status().ToString();
    auto by_number = engine_->ResidentFeedback(open.case_id, open.query_code, 5, true, "");
    EXPECT_EQ(by_number.status().code(), StatusCode::kRejected);
  }
  EXPECT_EQ(engine_->PhoneLookupTries("13812345678")->remaining, 5u);
  EXPECT_EQ(engine_->CaseLookupTries(open.case_id)->remaining, 5u);
  EXPECT_TRUE(engine_->LookupByPhone("13812345678", closed.query_code).ok());
}

TEST_F(ResidentProof, WrongCodeByPhoneCountsAndTriesAreTold) {
  auto r = FileAndClose("13812345678");
  EXPECT_EQ(engine_->ResidentFeedbackByPhone("13812345678", "000000", r.case_id, 5, true, "")
                .status()
                .code(),
            StatusCode::kNotFound);
  EXPECT_EQ(engine_->PhoneLookupTries("13812345678")->remaining, 4u);
  for (int i = 0; i < 3; ++i) EXPECT_FALSE(engine_->LookupByPhone("13812345678", "000000").ok());
  EXPECT_EQ(engine_->PhoneLookupTries("13812345678")->remaining, 1u);
  EXPECT_FALSE(engine_->LookupByPhone("13812345678", "000000").ok());
  auto locked = engine_->PhoneLookupTries("13812345678");
  EXPECT_EQ(locked->remaining, 0u);
  EXPECT_TRUE(locked->locked());
  EXPECT_EQ(locked->locked_until, clock_.Now() + std::chrono::minutes(15));
  clock_.Advance(std::chrono::minutes(16));
  EXPECT_FALSE(engine_->PhoneLookupTries("13812345678")->locked());
  EXPECT_EQ(engine_->PhoneLookupTries("13812345678")->remaining, 5u);
}

TEST_F(ResidentProof, CaseLockedByNumberStaysLockedThroughThePhone) {
  auto r = FileSewer("13812345678");
  for (int i = 0; i < 5; ++i) EXPECT_FALSE(engine_->LookupCase(r.case_id, "000000").ok());
  EXPECT_TRUE(engine_->CaseLookupTries(r.case_id)->locked());
  EXPECT_EQ(engine_->LookupByPhone("13812345678", r.query_code).status().code(),
            StatusCode::kResourceExhausted);
}

TEST_F(ResidentProof, PhoneLockedLocksItsCasesByNumberToo) {
  auto r = FileSewer("13812345678");
  for (int i = 0; i < 5; ++i) EXPECT_FALSE(engine_->LookupByPhone("13812345678", "000000").ok());
  EXPECT_EQ(engine_->LookupCase(r.case_id, r.query_code).status().code(),
            StatusCode::kResourceExhausted);
  clock_.Advance(std::chrono::minutes(16));
  EXPECT_TRUE(engine_->LookupCase(r.case_id, r.query_code).ok());
}

TEST_F(ResidentProof, PhoneLookupShowsTheTypedCodesCaseFirst) {
  auto older = FileSewer("13812345678");
  clock_.Advance(std::chrono::hours(1));
  auto newer = FileSewer("13812345678");
  clock_.Advance(std::chrono::hours(1));
  auto newest = FileSewer("13812345678");
  auto found = engine_->LookupByPhone("13812345678", older.query_code);
  ASSERT_TRUE(found.ok());
  ASSERT_EQ(found->size(), 3u);
  EXPECT_EQ((*found)[0].case_id, older.case_id);
  EXPECT_EQ((*found)[1].case_id, newest.case_id);
  EXPECT_EQ((*found)[2].case_id, newer.case_id);
}

}  // namespace
}  // namespace gridledger::testing
