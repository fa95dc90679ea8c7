// Every signal number from 1 to 64 sent to lucid-init: none ends it, each is forwarded, except
// those that cannot be: SIGKILL and SIGSTOP (the kernel acts on them itself), SIGCHLD (lucid-init's
// own business). 32 and 33 are the two glibc keeps for itself and quietly leaves unblocked.
#include <gtest/gtest.h>

#include <csignal>

#include "init_process.hpp"

namespace lucid_test {
namespace {

class SignalNumbers : public ::testing::TestWithParam<Mode> {};

TEST_P(SignalNumbers, NoSignalEndsLucidInitAndEachIsForwarded) {
  TempDir dir;
  InitProcess init({GetParam(), with_child({}, {"record", dir.path(), "15"})});
  ASSERT_TRUE(init.wait_for([&] { return file_exists(dir / "ready"); })) << init.wait().err;
  for (int signo = 1; signo <= 64; ++signo) {
    // TERM and INT start a shutdown (shutdown tests); the emulator keeps a few for itself.
    if (signo == SIGKILL || signo == SIGSTOP || signo == SIGTERM || signo == SIGINT ||
        signal_unreliable_here(signo)) {
      continue;
    }
    init.send(signo);
    if (signo == SIGCHLD) continue;
    EXPECT_TRUE(init.wait_for([&] { return has_received(dir.path(), signo); }, 10s))
        << "signal " << signo << " never reached the child";
  }
  init.send(SIGTERM);
  const Exit exit = init.wait();
  EXPECT_EQ(exit.signal, 0) << "lucid-init was killed by signal " << exit.signal;
  EXPECT_EQ(exit.code, 0) << exit.err;
}

INSTANTIATE_TEST_SUITE_P(Modes, SignalNumbers, ::testing::ValuesIn(kAllModes), ModeName());

}  // namespace
}  // namespace lucid_test
