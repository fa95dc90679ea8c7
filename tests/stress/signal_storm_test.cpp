// A storm of mixed signals at PID 1 while the child runs: lucid-init survives it, forwards what
// it can (the kernel merges pending standard signals, so not every one arrives), and a final
// SIGTERM still reaches the child and ends the run with the child's own status.
#include <gtest/gtest.h>

#include <csignal>
#include <vector>

#include "init_process.hpp"

namespace lucid_test {
namespace {

constexpr int kSignals = 10000;

// Every kind lucid-init handles except the shutdown pair: forwarded standard and real-time
// signals, SIGCHLD (its own: a reap with nothing to reap) and SIGPIPE.
std::vector<int> storm_signals() {
  std::vector<int> kinds;
  for (const int signo :
       {SIGHUP, SIGUSR1, SIGUSR2, SIGWINCH, SIGCONT, SIGALRM, SIGURG, SIGQUIT, SIGABRT, SIGSEGV,
        SIGTSTP, SIGTTIN, SIGCHLD, SIGPIPE, SIGRTMIN, SIGRTMIN + 5, SIGRTMAX - 2}) {
    if (!signal_unreliable_here(signo)) kinds.push_back(signo);
  }
  return kinds;
}

TEST(SignalStorm, Pid1SurvivesAndTheChildStillGetsTheFinalSigterm) {
  TempDir dir;
  InitProcess init({Mode::kPid1, with_child({}, {"record", dir.path(), "15"})});
  ASSERT_TRUE(init.wait_for([&] { return file_exists(dir / "ready"); })) << init.wait().err;
  const pid_t pid1 = init.init_pid();
  const auto kinds = storm_signals();
  int sent = 0;
  for (int i = 0; i < kSignals; ++i) {
    // EAGAIN when the real-time queue is full: that one is not sent, the storm goes on.
    if (kill(pid1, kinds[static_cast<std::size_t>(i) % kinds.size()]) == 0) ++sent;
  }
  EXPECT_GT(sent, kSignals / 2);
  ASSERT_TRUE(process_exists(pid1)) << "lucid-init did not survive the storm";

  init.send(SIGTERM);
  const Exit exit = init.wait(60s);
  ASSERT_FALSE(exit.timed_out);
  EXPECT_EQ(exit.code, 0) << exit.err.substr(0, 2000);  // the recorder exits 0 on its SIGTERM
  const auto received = received_signals(dir.path());
  ASSERT_FALSE(received.empty());
  EXPECT_EQ(received.back().signo, SIGTERM);
  EXPECT_EQ(exit.err_lines_starting("lucid-init: exit 0:").size(), 1u) << exit.err.substr(0, 2000);
}

}  // namespace
}  // namespace lucid_test
