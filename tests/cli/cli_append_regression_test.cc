// Regressions in `gridledger append` input handling.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "cli_test_util.h"

namespace gridledger::testing {
namespace {

using ::testing::HasSubstr;

// The JSON parser throws out_of_range (not parse_error) for a number that
// overflows a double; it must be reported like any malformed line.
TEST(CliAppendRegression, NumberOverflowNamesTheLineAndAppendsNothing) {
  Cli cli;
  ASSERT_EQ(cli.RunRaw("init " + ShellQuote(cli.data())).code, 0);
  CliResult r = cli.Run("append -s s1",
                        "{\"type\":\"opaque\",\"data\":{\"typeName\":\"x\",\"n\":1e999999}}\n");
  EXPECT_EQ(r.code, 1);
  EXPECT_THAT(r.err, HasSubstr("line 1"));
  EXPECT_EQ(cli.Json("info")["events"].get<size_t>(), 0u);
}

}  // namespace
}  // namespace gridledger::testing
