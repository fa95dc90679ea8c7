// A child that ignores SIGTERM and keeps forking through the whole shutdown: the grace deadline
// still ends it, its leftovers are killed, and lucid-init exits right after the deadline instead
// of chasing new processes for ever.
#include <gtest/gtest.h>

#include <csignal>
#include <sstream>

#include "init_process.hpp"

namespace lucid_test {
namespace {

class ForkStorm : public ::testing::TestWithParam<Mode> {};

constexpr double kGraceSeconds = 2;

TEST_P(ForkStorm, EverythingEndsByTheGraceDeadline) {
  LUCID_SKIP_WITHOUT_SUBREAPER(GetParam());
  TempDir dir;
  InitProcess init(
      {GetParam(), {"--grace", "2s", "--", LUCID_STRESS_CHILD_PATH, "fork-storm", dir.path()}});
  ASSERT_TRUE(init.wait_for([&] { return file_exists(dir / "ready"); })) << init.wait().err;
  const auto sent = Clock::now();
  init.send(SIGTERM);
  const Exit exit = init.wait(60s);
  ASSERT_FALSE(exit.timed_out);
  EXPECT_EQ(exit.code, 128 + SIGKILL) << exit.err;
  // Well past the deadline would mean lucid-init kept waiting for a tree that kept growing; the
  // margin is for slow machines and emulation, not a performance goal.
  EXPECT_LT(seconds_between(sent, exit.ended), kGraceSeconds + 10) << exit.err;
  EXPECT_EQ(exit.err_lines_starting("lucid-init: exit 137:").size(), 1u) << exit.err;
  if (GetParam() == Mode::kSubreaper) {
    // Host pids (no PID namespace): none of the storm's processes may outlive lucid-init.
    std::istringstream pids(read_file(dir / "pids"));
    int alive = 0;
    for (pid_t pid; pids >> pid;) {
      if (process_exists(pid) && parent_of(pid) == 1) ++alive;
    }
    EXPECT_EQ(alive, 0);
  }
}

INSTANTIATE_TEST_SUITE_P(Modes, ForkStorm, ::testing::Values(Mode::kPid1, Mode::kSubreaper),
                         ModeName());

}  // namespace
}  // namespace lucid_test
