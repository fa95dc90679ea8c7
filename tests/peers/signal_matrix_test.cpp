// The peers' signal matrix: every forwardable signal sent to lucid-init as PID 1, reaching a
// child that keeps the default dispositions, alone or (--pgroup) as its process group. The
// outcome must be what the signal would do to the child if it were sent to it directly: die
// (status 128+N), stop (and resume on SIGCONT), or nothing. tini and catatonit drop some of
// these as PID 1 (docs/init-benchmarks.md). That each signal arrives, and only once, is the
// integration suite's SignalForwarding test; here it is what the signal then does.
#include <gtest/gtest.h>

#include <csignal>

#include "init_process.hpp"
#include "peers_support.hpp"

namespace lucid_test {
namespace {

class SignalMatrix : public ::testing::TestWithParam<int> {};

void expect_outcome(int signo, bool pgroup) {
  SCOPED_TRACE(pgroup ? "--pgroup" : "plain");
  std::vector<std::string> options = {"--grace", "30s"};
  if (pgroup) options.push_back("--pgroup");
  TempDir dir;
  // The child resets every disposition to the default itself, so a sanitizer runtime's handlers
  // (asan preset) do not count; once it is ready, what follows is what the program does.
  InitProcess init({Mode::kPid1, with_peers_child(options, "default-sleep", dir.path())});
  ASSERT_TRUE(init.wait_for([&] { return file_exists(dir / "ready"); })) << init.wait().err;
  const pid_t child = init.child_pid();
  ASSERT_GT(child, 0);

  init.send(signo);
  switch (default_action(signo)) {
    case DefaultAction::kTerminate:
      break;
    case DefaultAction::kStop:
      EXPECT_TRUE(init.wait_for([&] { return process_state(child) == 'T'; }))
          << "the child did not stop";
      EXPECT_NE(process_state(init.init_pid()), 'T') << "lucid-init stopped itself";
      // SIGCONT sent to lucid-init is forwarded too and resumes it.
      init.send(SIGCONT);
      EXPECT_TRUE(init.wait_for([&] { return process_state(child) != 'T'; }))
          << "SIGCONT did not resume the child";
      [[fallthrough]];
    case DefaultAction::kIgnore:
      // A stopped or dead child could not die of this SIGTERM: 143 proves it carried on.
      init.send(SIGTERM);
      signo = SIGTERM;
      break;
  }
  const Exit exit = init.wait();
  EXPECT_EQ(exit.code, 128 + signo) << exit.err;
}

TEST_P(SignalMatrix, DefaultChildReactsAsIfSignalledDirectly) {
  if (signal_unreliable_here(GetParam())) GTEST_SKIP() << "qemu-user cannot be sent this signal";
  expect_outcome(GetParam(), false);
  expect_outcome(GetParam(), true);
}

INSTANTIATE_TEST_SUITE_P(Signals, SignalMatrix, ::testing::ValuesIn(forwardable_signals()),
                         SignalName());

}  // namespace
}  // namespace lucid_test
