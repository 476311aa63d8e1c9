// The phone rules every part of GridLedger shares (gridledger/phone.h).
#include "gridledger/phone.h"

#include <gtest/gtest.h>

namespace gridledger {
namespace {

TEST(Phone, NormalisingDropsSeparatorsAndTheChinaCountryCode) {
  EXPECT_EQ(NormalizePhone("138 1234-5678"), "13812345678");
  EXPECT_EQ(NormalizePhone("+86 138-1234-5678"), "13812345678");
  EXPECT_EQ(NormalizePhone("0086 13812345678"), "13812345678");
  EXPECT_EQ(NormalizePhone("(0375) 1234567"), "03751234567");
  // 86 without '+' at the front is not a country code.
  EXPECT_EQ(NormalizePhone("8613812345678"), "8613812345678");
}

TEST(Phone, OnlyElevenDigitMobilesAreValid) {
  EXPECT_TRUE(IsValidMobile("13812345678"));
  EXPECT_FALSE(IsValidMobile("23812345678"));
  EXPECT_FALSE(IsValidMobile("1381234567"));
  EXPECT_FALSE(IsValidMobile("1381234567x"));
  EXPECT_FALSE(IsValidMobile(NormalizePhone("8613812345678")));
  EXPECT_TRUE(IsValidMobile(NormalizePhone("+86 138 1234 5678")));
}

TEST(Phone, MaskingKeepsThreeAndFourDigits) {
  EXPECT_EQ(MaskPhone("13812345678"), "138****5678");
  EXPECT_EQ(MaskPhone("+86 138 1234 5678"), "138****5678");
  EXPECT_EQ(MaskPhone("12345"), "*****");
}

}  // namespace
}  // namespace gridledger
