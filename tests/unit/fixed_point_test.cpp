#include "common/fixed_point.hpp"

#include <gtest/gtest.h>

namespace lucid {
namespace {

TEST(FixedPoint, RoundsToTheDecimalsAsked) {
  EXPECT_EQ(format_fixed(9.004, 2), "9.00");
  EXPECT_EQ(format_fixed(0.213, 2), "0.21");
  EXPECT_EQ(format_fixed(3.412, 1), "3.4");
  EXPECT_EQ(format_fixed(269.6, 0), "270");
  EXPECT_EQ(format_fixed(1.23456, 3), "1.235");
  EXPECT_EQ(format_fixed(0.9996, 3), "1.000");
}

TEST(FixedPoint, KeepsLeadingZerosOfTheFraction) {
  EXPECT_EQ(format_fixed(2.05, 2), "2.05");
  EXPECT_EQ(format_fixed(0.001, 3), "0.001");
  EXPECT_EQ(format_fixed(0, 2), "0.00");
}

TEST(FixedPoint, HalvesRoundAwayFromZero) {
  EXPECT_EQ(format_fixed(2.5, 0), "3");
  EXPECT_EQ(format_fixed(0.125, 2), "0.13");
}

TEST(FixedPoint, NegativeValuesAndNegativeZero) {
  EXPECT_EQ(format_fixed(-1.25, 1), "-1.3");
  EXPECT_EQ(format_fixed(-0.0001, 2), "0.00");
}

}  // namespace
}  // namespace lucid
