#include "check/expect_spec.hpp"

#include <gtest/gtest.h>

#include "common/config_error.hpp"

namespace lucid::check {
namespace {

TEST(ExpectSpec, DefaultIsTwoHundredToThreeNinetyNine) {
  const ExpectSpec spec;
  EXPECT_FALSE(spec.accepts(199));
  EXPECT_TRUE(spec.accepts(200));
  EXPECT_TRUE(spec.accepts(302));
  EXPECT_TRUE(spec.accepts(399));
  EXPECT_FALSE(spec.accepts(400));
  EXPECT_FALSE(spec.accepts(503));
}

TEST(ExpectSpec, CodesAndRanges) {
  const ExpectSpec spec = ExpectSpec::parse_or_throw("204,500-503");
  EXPECT_FALSE(spec.accepts(200));
  EXPECT_TRUE(spec.accepts(204));
  EXPECT_FALSE(spec.accepts(499));
  EXPECT_TRUE(spec.accepts(500));
  EXPECT_TRUE(spec.accepts(503));
  EXPECT_FALSE(spec.accepts(504));
}

TEST(ExpectSpec, SingleCodeAndOneWideRange) {
  EXPECT_TRUE(ExpectSpec::parse_or_throw("200").accepts(200));
  EXPECT_FALSE(ExpectSpec::parse_or_throw("200").accepts(201));
  EXPECT_TRUE(ExpectSpec::parse_or_throw("404-404").accepts(404));
}

// Interim (1xx) heads are skipped while reading, so they can never be the verdict.
TEST(ExpectSpec, InterimStatusesAreRefusedWithTheReason) {
  EXPECT_EQ(kExpectRule,
            "must be status codes or ranges like 200,204 or 200-299 (each 200-599: 1xx responses "
            "are interim, never the verdict)");
  EXPECT_TRUE(ExpectSpec::parse_or_throw("200-599").accepts(200));
}

TEST(ExpectSpec, RejectsWithTheFlagValueAndRule) {
  for (const char* bad : {"",     ",",       "200,",        ",200",    "20",   "2000", "099",
                          "100",  "199",     "100-299",     "200,101", "600",  "abc",  "200-",
                          "-299", "299-200", "200-299-300", " 200",    "200 ", "2xx",  "+200"}) {
    try {
      ExpectSpec::parse_or_throw(bad);
      ADD_FAILURE() << "accepted '" << bad << "'";
    } catch (const ConfigError& error) {
      EXPECT_EQ(std::string(error.what()),
                std::string("--expect='") + bad + "': " + std::string(kExpectRule));
    }
  }
}

}  // namespace
}  // namespace lucid::check
