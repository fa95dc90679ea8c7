#include "init/leftovers.hpp"

#include <gtest/gtest.h>

namespace lucid::init {
namespace {

TEST(ProcStat, ParentPidFollowsTheCommand) {
  EXPECT_EQ(parent_pid_from_stat("42 (python3.11) S 1 42 42 0 -1 4194560 1234"), 1);
  EXPECT_EQ(parent_pid_from_stat("7 (sleep) Z 31337 7 7"), 31337);
}

TEST(ProcStat, CommandsWithSpacesAndParenthesesDoNotConfuseIt) {
  EXPECT_EQ(parent_pid_from_stat("9 (a) b) S 55 9 9"), 55);
  EXPECT_EQ(parent_pid_from_stat("9 (x (y) 3 4) R 66 9 9"), 66);
}

TEST(ProcStat, MalformedTextIsRejected) {
  for (const char* bad : {"", "9 (a) S", "9 (a) S x", "9 a S 1", "9 (a)S 1", "9 (a) SS 1"}) {
    EXPECT_EQ(parent_pid_from_stat(bad), std::nullopt) << bad;
  }
}

}  // namespace
}  // namespace lucid::init
