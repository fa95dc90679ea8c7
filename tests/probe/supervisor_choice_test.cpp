#include "probe/supervisor_choice.hpp"

#include <gtest/gtest.h>

namespace lucid::probe {
namespace {

TEST(SupervisorChoice, TheOnlyOne) { EXPECT_EQ(choose_outermost({{7, 1}}).pid, 7); }

// docker run --init: PID 1 is docker-init; lucid-init (7) has just forked its child (8), which
// runs lucid-init's code until its exec.
TEST(SupervisorChoice, ItsForkBeforeExecIsNotASecondSupervisor) {
  EXPECT_EQ(choose_outermost({{8, 7}, {7, 1}}).pid, 7);
}

TEST(SupervisorChoice, SeveralAreNotGuessed) {
  const Choice two = choose_outermost({{30, 1}, {12, 1}, {13, 12}});
  EXPECT_FALSE(two.pid);
  EXPECT_EQ(two.why_not,
            "2 lucid-init supervisors found (pids 12, 30), none of them PID 1 or an ancestor of "
            "the probe");
  std::vector<ProcessLink> many;
  for (int pid = 100; pid < 110; ++pid) many.push_back({pid, 1});
  EXPECT_EQ(choose_outermost(many).why_not,
            "10 lucid-init supervisors found (pids 100, 101, 102, 103, 104, 105, 106, 107, ...), "
            "none of them PID 1 or an ancestor of the probe");
}

TEST(SupervisorChoice, NoneFound) {
  const Choice none = choose_outermost({});
  EXPECT_FALSE(none.pid);
  EXPECT_EQ(none.why_not,
            "no lucid-init supervisor found (PID 1 is not one, nor is an ancestor of the probe or "
            "any other process in /proc)");
}

}  // namespace
}  // namespace lucid::probe
