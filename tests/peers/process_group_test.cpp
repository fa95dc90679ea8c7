// tini's and dumb-init's process-group scenario, for every forwardable signal: with --pgroup, a
// signal sent to lucid-init reaches the grandchild through the group even though the child
// ignores it. The child (lucid_peers_child watch-group) reports what happened to the grandchild,
// which keeps the default dispositions; it exits 0 once the grandchild is gone.
#include <gtest/gtest.h>

#include <csignal>

#include "init_process.hpp"
#include "peers_support.hpp"

namespace lucid_test {
namespace {

class ProcessGroup : public ::testing::TestWithParam<int> {};

std::vector<std::string> grandchild_events(const TempDir& dir) {
  return split_lines(read_file(dir / "grandchild"));
}

bool has_event(const TempDir& dir, const std::string& prefix) {
  for (const auto& event : grandchild_events(dir)) {
    if (event.rfind(prefix, 0) == 0) return true;
  }
  return false;
}

TEST_P(ProcessGroup, SignalReachesTheGrandchildWhenTheChildIgnoresIt) {
  const int signo = GetParam();
  if (signal_unreliable_here(signo)) GTEST_SKIP() << "qemu-user cannot be sent this signal";
  TempDir dir;
  InitProcess init({Mode::kPid1, with_peers_child({"--pgroup"}, "watch-group", dir.path())});
  ASSERT_TRUE(init.wait_for([&] { return file_exists(dir / "ready"); })) << init.wait().err;

  init.send(signo);
  std::vector<std::string> expected;
  switch (default_action(signo)) {
    case DefaultAction::kTerminate:
      expected = {"killed " + std::to_string(signo)};
      break;
    case DefaultAction::kStop:
      ASSERT_TRUE(init.wait_for([&] { return has_event(dir, "stopped"); }))
          << "the grandchild did not stop";
      init.send(SIGCONT);
      ASSERT_TRUE(init.wait_for([&] { return has_event(dir, "continued"); }))
          << "SIGCONT did not reach the grandchild";
      // Stopped by whichever stop signal: qemu-user stops itself with SIGSTOP.
      expected = {grandchild_events(dir).front(), "continued", "killed 10"};
      init.send(SIGUSR1);
      break;
    case DefaultAction::kIgnore:
      // Nothing happens to it; SIGUSR1 then ends it, and must be all it saw.
      expected = {"killed 10"};
      init.send(SIGUSR1);
      break;
  }
  const Exit exit = init.wait();
  EXPECT_EQ(exit.code, 0) << "the child did not survive the signal it ignores\n" << exit.err;
  EXPECT_EQ(grandchild_events(dir), expected);
}

INSTANTIATE_TEST_SUITE_P(Signals, ProcessGroup, ::testing::ValuesIn(forwardable_signals()),
                         SignalName());

}  // namespace
}  // namespace lucid_test
