// RowCache: the read models' writer-side cache of committed rows stays
// within its budget, keeps what is in use and answers absent rows too.
#include "projections/row_cache.h"

#include <gtest/gtest.h>

#include <string>

namespace gridledger {
namespace {

TEST(RowCache, AnswersValuesAndKnownAbsences) {
  RowCache cache(1u << 20);
  EXPECT_EQ(cache.Find("s-1"), nullptr);
  cache.Put("s-1", std::string("bucket"));
  cache.Put("c-2", std::nullopt);
  const auto* hit = cache.Find("s-1");
  ASSERT_NE(hit, nullptr);
  ASSERT_TRUE(hit->has_value());
  EXPECT_EQ(**hit, "bucket");
  const auto* absent = cache.Find("c-2");
  ASSERT_NE(absent, nullptr);
  EXPECT_FALSE(absent->has_value());
  cache.Put("s-1", std::string("bucket, later"));  // a committed overwrite
  EXPECT_EQ(**cache.Find("s-1"), "bucket, later");
  cache.Clear();
  EXPECT_EQ(cache.Find("s-1"), nullptr);
  EXPECT_EQ(cache.bytes(), 0u);
}

TEST(RowCache, StaysWithinItsBudgetAndKeepsTheRowsInUse) {
  constexpr size_t kBudget = 64u << 10;
  RowCache cache(kBudget);
  const std::string value(200, 'x');
  for (int i = 0; i < 20000; ++i) {
    cache.Put("case-" + std::to_string(i), value);
    // Today's bucket is read for every event: it must never age out.
    const auto* hot = cache.Find("s-today");
    if (i > 0) ASSERT_NE(hot, nullptr) << "after " << i << " cold rows";
    if (hot == nullptr) cache.Put("s-today", std::string("counts"));
    ASSERT_LE(cache.bytes(), kBudget + 1024) << "after " << i << " rows";
  }
  EXPECT_GT(cache.entries(), 50u);               // it does hold rows
  EXPECT_EQ(cache.Find("case-0"), nullptr);      // the cold ones went
  EXPECT_NE(cache.Find("case-19999"), nullptr);  // the latest stayed
}

TEST(RowCache, ABudgetOfZeroHoldsNothing) {
  RowCache cache(0);
  cache.Put("k", std::string("v"));
  EXPECT_EQ(cache.Find("k"), nullptr);
  EXPECT_EQ(cache.bytes(), 0u);
}

}  // namespace
}  // namespace gridledger
