#include "common/duration.hpp"

#include <gtest/gtest.h>

#include "common/config_error.hpp"

namespace lucid {
namespace {

using std::chrono::milliseconds;

TEST(Duration, AcceptsUnitsFractionsAndBareSeconds) {
  EXPECT_EQ(parse_duration("9s"), milliseconds(9000));
  EXPECT_EQ(parse_duration("500ms"), milliseconds(500));
  EXPECT_EQ(parse_duration("1.5s"), milliseconds(1500));
  EXPECT_EQ(parse_duration("2m"), milliseconds(120000));
  EXPECT_EQ(parse_duration("1h"), milliseconds(3600000));
  EXPECT_EQ(parse_duration("3"), milliseconds(3000));
  EXPECT_EQ(parse_duration(".25s"), milliseconds(250));
  EXPECT_EQ(parse_duration("0"), milliseconds(0));
  EXPECT_EQ(parse_duration("24h"), milliseconds(24LL * 3600 * 1000));
}

TEST(Duration, RejectsEverythingElse) {
  for (const char* bad : {"", "abc", "-1s", "+1s", "1.s", ".", "s", "1 s", " 1s", "1s ", "1d",
                          "1sec", "99999999999s", "25h", "1e3", "1.0000000001s", "0x10"}) {
    EXPECT_EQ(parse_duration(bad), std::nullopt) << bad;
  }
}

TEST(Duration, ErrorNamesTheSourceTheValueAndTheRule) {
  try {
    parse_duration_or_throw("--grace", "abc", true);
    FAIL() << "no error";
  } catch (const ConfigError& error) {
    EXPECT_EQ(std::string(error.what()),
              std::string("--grace='abc': ") + std::string(kDurationRule));
  }
  EXPECT_THROW(parse_duration_or_throw("--timeout", "0", false), ConfigError);
  EXPECT_EQ(parse_duration_or_throw("--grace", "0", true), milliseconds(0));
}

TEST(Duration, FormatsTheWayUsersWriteThem) {
  EXPECT_EQ(format_duration(milliseconds(9000)), "9s");
  EXPECT_EQ(format_duration(milliseconds(500)), "500ms");
  EXPECT_EQ(format_duration(milliseconds(1500)), "1.5s");
  EXPECT_EQ(format_duration(milliseconds(0)), "0s");
}

// Found by the duration fuzz target: the message showed a value other than the one in effect.
TEST(DurationFormat, KeepsEveryMillisecond) {
  EXPECT_EQ(format_duration(milliseconds(2121662)), "2121.662s");
  EXPECT_EQ(format_duration(milliseconds(86399999)), "86399.999s");
  EXPECT_EQ(format_duration(milliseconds(1050)), "1.05s");
  EXPECT_EQ(parse_duration(format_duration(milliseconds(2121662))), milliseconds(2121662));
}

TEST(ConfigErrorMessage, EscapesControlCharactersToStayOneLine) {
  EXPECT_EQ(describe_bad_value("X", "a\nb'c", "rule"), "X='a\\x0ab\\x27c': rule");
  EXPECT_EQ(describe_bad_value("X", "٨٠", "rule"), "X='٨٠': rule");
}

}  // namespace
}  // namespace lucid
