#include "probe/supervisor_choice.hpp"

#include <gtest/gtest.h>

namespace lucid::probe {
namespace {

constexpr bool kByName = true;

TEST(SupervisorChoice, TheOnlyOne) { EXPECT_EQ(choose_supervisor({{7, 1}}, {}).pid, 7); }

TEST(SupervisorChoice, Pid1ThenTheNearestAncestor) {
  EXPECT_EQ(choose_supervisor({{1, 0}, {9, 1}, {20, 9}}, {20, 9}).pid, 1);
  EXPECT_EQ(choose_supervisor({{9, 1}, {20, 9}, {30, 1}}, {21, 20, 9}).pid, 20);
}

// docker run --init: PID 1 is docker-init; lucid-init (7) has just forked its child (8), which
// runs lucid-init's code until its exec.
TEST(SupervisorChoice, ItsForkBeforeExecIsNotASecondSupervisor) {
  EXPECT_EQ(choose_supervisor({{8, 7}, {7, 1}}, {}).pid, 7);
}

TEST(SupervisorChoice, SeveralAreNotGuessed) {
  const Choice two = choose_supervisor({{30, 1}, {12, 1}, {13, 12}}, {});
  EXPECT_FALSE(two.pid);
  EXPECT_EQ(two.why_not,
            "2 lucid-init supervisors found (pids 12, 30), none of them PID 1 or an ancestor of "
            "the probe");
  std::vector<ProcessLink> many;
  for (int pid = 100; pid < 110; ++pid) many.push_back({pid, 1});
  EXPECT_EQ(choose_supervisor(many, {}).why_not,
            "10 lucid-init supervisors found (pids 100, 101, 102, 103, 104, 105, 106, 107, ...), "
            "none of them PID 1 or an ancestor of the probe");
}

// A shared PID namespace: the app's lucid-init is PID 1 under another uid (known by name), the
// sidecar's own (43) is the probe's file.
TEST(SupervisorChoice, TheProbesOwnFileWinsOverPid1ByName) {
  EXPECT_EQ(choose_supervisor({{1, 0, kByName}, {2, 1, kByName}, {43, 0}}, {}).pid, 43);
  // ... and over an ancestor known by name.
  EXPECT_EQ(choose_supervisor({{5, 0, kByName}, {43, 0}}, {6, 5}).pid, 43);
}

// docker run --init, and a same-uid process naming itself lucid-init, non-dumpable (5): it does
// not count against the real one (2).
TEST(SupervisorChoice, ANameDoesNotCountAgainstTheProbesOwnFile) {
  EXPECT_EQ(choose_supervisor({{2, 1}, {5, 0, kByName}, {6, 0, kByName}}, {}).pid, 2);
}

// Two of the probe's own file and a third by name: the name does not break the tie.
TEST(SupervisorChoice, ANameDoesNotDecide) {
  const Choice choice = choose_supervisor({{2, 1}, {3, 1}, {1, 0, kByName}}, {});
  EXPECT_FALSE(choice.pid);
  EXPECT_EQ(choice.why_not,
            "2 lucid-init supervisors found (pids 2, 3), none of them PID 1 or an ancestor of the "
            "probe");
}

// Only names: a root PID 1 seen from uid 65532 (the distroless image) is still found.
TEST(SupervisorChoice, ByNameWhenNothingElse) {
  EXPECT_EQ(choose_supervisor({{1, 0, kByName}, {8, 1, kByName}}, {}).pid, 1);
  EXPECT_EQ(choose_supervisor({{2, 1, kByName}}, {}).pid, 2);
  EXPECT_FALSE(choose_supervisor({{2, 1, kByName}, {5, 0, kByName}}, {}).pid);
}

TEST(SupervisorChoice, NoneFound) {
  const Choice none = choose_supervisor({}, {});
  EXPECT_FALSE(none.pid);
  EXPECT_EQ(none.why_not,
            "no lucid-init supervisor found (PID 1 is not one, nor is an ancestor of the probe or "
            "any other process in /proc)");
}

}  // namespace
}  // namespace lucid::probe
