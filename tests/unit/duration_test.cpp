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

// Millisecond resolution: finer fractions are dropped, but a value that is not zero never becomes
// 0 ms (`--grace 0.0001` used to mean "kill at once").
TEST(Duration, BelowOneMillisecondIsRefusedNotRoundedToZero) {
  for (const char* tiny : {"0.0001", "0.5ms", "0.999ms", ".0009s", "0.000001m", "0.0000001h"}) {
    EXPECT_EQ(parse_duration(tiny), std::nullopt) << tiny;
  }
  for (const char* zero : {"0", "0.0", "0ms", "0.000s", "00m"}) {
    EXPECT_EQ(parse_duration(zero), milliseconds(0)) << zero;
  }
  EXPECT_EQ(parse_duration("1.5ms"), milliseconds(1));
  EXPECT_EQ(parse_duration("0.0015"), milliseconds(1));
  EXPECT_EQ(parse_duration("0.00002h"), milliseconds(72));
}

std::string error_of(std::string_view name, std::string_view text, bool allow_zero) {
  try {
    parse_duration_or_throw(name, text, allow_zero);
  } catch (const ConfigError& error) {
    return error.what();
  }
  return "(accepted)";
}

TEST(Duration, BelowOneMillisecondErrorSaysTheRule) {
  EXPECT_EQ(error_of("--grace", "0.0001", true),
            "--grace='0.0001': must be 0 or at least 1ms (durations have millisecond resolution)");
  EXPECT_EQ(error_of("--timeout", "0.5ms", false),
            "--timeout='0.5ms': must be at least 1ms (durations have millisecond resolution)");
  EXPECT_EQ(error_of("--timeout", "0", false),
            "--timeout='0': must be at least 1ms (durations have millisecond resolution)");
  EXPECT_EQ(error_of("--timeout", "1ms", false), "(accepted)");
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

}  // namespace
}  // namespace lucid
