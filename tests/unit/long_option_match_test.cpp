#include "common/long_option_match.hpp"

#include <gtest/gtest.h>

namespace lucid {
namespace {

const option kTable[] = {
    {"verbose", no_argument, nullptr, 'v'},
    {"version", no_argument, nullptr, 'V'},
    {"port", required_argument, nullptr, 1},
    {"port-env", required_argument, nullptr, 2},
    {"colour", no_argument, nullptr, 'c'},
    {"color", no_argument, nullptr, 'c'},
    {nullptr, 0, nullptr, 0},
};

std::string names(std::string_view name) {
  return long_option_list(matching_long_options(name, kTable));
}

TEST(LongOptionMatch, ExactNameWinsOverLongerOnes) {
  EXPECT_EQ(names("port"), "--port");
  EXPECT_EQ(names("version"), "--version");
}

TEST(LongOptionMatch, UniqueAbbreviation) {
  EXPECT_EQ(names("verb"), "--verbose");
  EXPECT_EQ(names("port-"), "--port-env");
}

TEST(LongOptionMatch, AmbiguousAbbreviationListsEveryCandidate) {
  EXPECT_EQ(names("ver"), "--verbose, --version");
  EXPECT_EQ(names("po"), "--port, --port-env");
  EXPECT_EQ(names("v"), "--verbose, --version");
}

// Like getopt_long: names for the very same option are one option, not a choice.
TEST(LongOptionMatch, AliasesAreOneOption) { EXPECT_EQ(names("col"), "--colour"); }

TEST(LongOptionMatch, UnknownMatchesNothing) {
  EXPECT_EQ(names("frobnicate"), "");
  EXPECT_EQ(names("verbosely"), "");
  EXPECT_EQ(names(""), "");
}

TEST(LongOptionMatch, NameOfAWord) {
  EXPECT_EQ(long_option_name("--ver=1"), "ver");
  EXPECT_EQ(long_option_name("--grace"), "grace");
  EXPECT_EQ(long_option_name("--=x"), "");
}

}  // namespace
}  // namespace lucid
