// Every catchable signal sent to lucid-init reaches the child, sent by lucid-init itself; with
// --pgroup it reaches the child's whole process group.
#include <gtest/gtest.h>

#include <csignal>
#include <cstring>

#include "init_process.hpp"

namespace lucid_test {
namespace {

class SignalForwarding : public ::testing::TestWithParam<Mode> {};

// The standard signals a supervisor can catch. KILL and STOP cannot be caught; CHLD is
// lucid-init's own business. TERM and INT start a shutdown and are covered in shutdown_test.
std::vector<int> forwardable_signals() {
  std::vector<int> out;
  for (int sig = 1; sig < 32; ++sig) {
    if (sig == SIGKILL || sig == SIGSTOP || sig == SIGCHLD || sig == SIGTERM || sig == SIGINT ||
        signal_unreliable_here(sig)) {
      continue;
    }
    out.push_back(sig);
  }
  // Real-time signals too, at both ends of the range.
  for (const int rt : {SIGRTMIN, SIGRTMIN + 1, SIGRTMAX - 2, SIGRTMAX - 1, SIGRTMAX}) {
    if (!signal_unreliable_here(rt)) out.push_back(rt);
  }
  return out;
}

// The pid the child sees for lucid-init: 1 as PID 1, its host pid otherwise.
pid_t init_pid_seen_by_child(Mode mode, InitProcess& init) {
  return is_pid1(mode) ? 1 : init.init_pid();
}

TEST_P(SignalForwarding, EveryCatchableSignalReachesTheChild) {
  TempDir dir;
  InitProcess init({GetParam(), with_child({}, {"record", dir.path(), "15"})});
  ASSERT_TRUE(init.wait_for([&] { return file_exists(dir / "ready"); })) << init.wait().err;

  // One at a time, each confirmed before the next: two pending instances of a standard signal
  // merge into one, and this test is about delivery, not queueing.
  // After a first loss, shorter waits: the point is then the list of losses, quickly.
  auto patience = std::chrono::milliseconds(10s);
  for (const int sig : forwardable_signals()) {
    init.send(sig);
    const bool arrived = wait_until([&] { return has_received(dir.path(), sig); }, patience);
    EXPECT_TRUE(arrived) << "signal " << sig << " (" << strsignal(sig)
                         << ") never reached the child";
    if (!arrived) patience = 1s;
  }
  init.send(SIGTERM);
  const Exit exit = init.wait();
  EXPECT_EQ(exit.code, 0) << exit.err;

  // Forwarded by lucid-init (not generated elsewhere), each exactly once.
  const pid_t sender = init_pid_seen_by_child(GetParam(), init);
  for (const auto& r : received_signals(dir.path())) {
    EXPECT_EQ(r.sender, sender) << "signal " << r.signo;
    EXPECT_EQ(r.code, SI_USER) << "signal " << r.signo;
  }
  EXPECT_EQ(received_signals(dir.path()).size(), forwardable_signals().size() + 1);
}

TEST_P(SignalForwarding, PgroupSendsToTheChildsWholeGroup) {
  TempDir dir;
  // The child ignores SIGUSR1; only a signal sent to the group reaches the grandchild.
  InitProcess init(
      {GetParam(), with_child({"--pgroup"}, {"family", dir.path(), "record:15", "ignore-usr1"})});
  ASSERT_TRUE(init.wait_for([&] { return file_exists(dir / "ready"); })) << init.wait().err;
  const std::string child = read_file(dir / "ready");
  EXPECT_EQ(field(child, "pgid"), field(child, "pid"))
      << "the child does not lead its own process group: " << child;

  init.send(SIGUSR1);
  EXPECT_TRUE(wait_until([&] { return has_received(dir / "gc", SIGUSR1); }, 10s))
      << "SIGUSR1 did not reach the grandchild in the child's group";
  init.send(SIGTERM);
  const Exit exit = init.wait();
  EXPECT_EQ(exit.code, 128 + SIGTERM) << exit.err;
  EXPECT_TRUE(has_received(dir / "gc", SIGTERM));
}

TEST_P(SignalForwarding, PgroupFromEnvironment) {
  TempDir dir;
  InitProcess init({GetParam(),
                    with_child({}, {"family", dir.path(), "record:15", "ignore-usr1"}),
                    {{"LUCID_INIT_PGROUP", "1"}}});
  ASSERT_TRUE(init.wait_for([&] { return file_exists(dir / "ready"); })) << init.wait().err;
  init.send(SIGUSR1);
  EXPECT_TRUE(wait_until([&] { return has_received(dir / "gc", SIGUSR1); }, 10s));
  init.send(SIGTERM);
  EXPECT_EQ(init.wait().code, 128 + SIGTERM);
}

TEST_P(SignalForwarding, WithoutPgroupOnlyTheChildIsSignalled) {
  LUCID_SKIP_WITHOUT_SUBREAPER(GetParam());
  TempDir dir;
  InitProcess init(
      {GetParam(), with_child({}, {"family", dir.path(), "record:15", "ignore-usr1"})});
  ASSERT_TRUE(init.wait_for([&] { return file_exists(dir / "ready"); })) << init.wait().err;
  init.send(SIGUSR1);
  // The child dies of SIGTERM; the grandchild then gets SIGTERM as a leftover and exits on it.
  init.send(SIGTERM);
  const Exit exit = init.wait();
  EXPECT_EQ(exit.code, 128 + SIGTERM) << exit.err;
  EXPECT_TRUE(has_received(dir / "gc", SIGTERM));
  EXPECT_FALSE(has_received(dir / "gc", SIGUSR1)) << "SIGUSR1 went to the group without --pgroup";
}

INSTANTIATE_TEST_SUITE_P(Modes, SignalForwarding, ::testing::ValuesIn(kAllModes), ModeName());

}  // namespace
}  // namespace lucid_test
