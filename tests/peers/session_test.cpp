// Children that call setsid() themselves (dumb-init's setsid scenarios). Without --pgroup the
// child shares lucid-init's group, so it may start a session of its own and keeps getting every
// forwarded signal. With --pgroup it already leads a group, so setsid() fails with EPERM (as under
// tini, which always gives the child its own group, and dumb-init, which makes it a session
// leader itself). A daemon-style grandchild that leaves for its own session is out of reach of
// group signals, but still gets SIGTERM as a leftover when the child is gone, and lucid-init
// waits for it.
#include <gtest/gtest.h>

#include <csignal>

#include "init_process.hpp"
#include "peers_support.hpp"

namespace lucid_test {
namespace {

class Session : public ::testing::TestWithParam<Mode> {};

std::vector<int> signals_in(const std::string& path) {
  std::vector<int> out;
  for (const auto& line : split_lines(read_file(path))) out.push_back(std::atoi(line.c_str()));
  return out;
}

// Sends each signal and waits until the child has logged it, so none can merge with the next.
void send_and_confirm(InitProcess& init, const TempDir& dir, const std::vector<int>& signos) {
  for (const int signo : signos) {
    const std::size_t before = signals_in(dir / "signals").size();
    init.send(signo);
    EXPECT_TRUE(wait_until([&] { return signals_in(dir / "signals").size() > before; }, 10s))
        << signal_label(signo) << " did not reach the child";
  }
}

TEST_P(Session, ChildStartingItsOwnSessionStillGetsEverySignal) {
  TempDir dir;
  InitProcess init({GetParam(), with_peers_child({}, "setsid", dir.path())});
  ASSERT_TRUE(init.wait_for([&] { return file_exists(dir / "ready"); })) << init.wait().err;
  const std::string ready = read_file(dir / "ready");
  ASSERT_NE(ready.find("setsid=ok"), std::string::npos) << ready;
  EXPECT_EQ(field(ready, "sid"), field(ready, "pid")) << ready;

  send_and_confirm(init, dir, {SIGUSR1, SIGHUP, SIGWINCH, SIGTERM});
  const Exit exit = init.wait();
  EXPECT_EQ(exit.code, 0) << exit.err;
  EXPECT_EQ(signals_in(dir / "signals"), (std::vector<int>{SIGUSR1, SIGHUP, SIGWINCH, SIGTERM}));
}

TEST_P(Session, WithPgroupTheChildLeadsAGroupAndCannotStartASession) {
  TempDir dir;
  InitProcess init({GetParam(), with_peers_child({"--pgroup"}, "setsid", dir.path())});
  ASSERT_TRUE(init.wait_for([&] { return file_exists(dir / "ready"); })) << init.wait().err;
  const std::string ready = read_file(dir / "ready");
  EXPECT_NE(ready.find("setsid=Operation not permitted"), std::string::npos) << ready;
  EXPECT_EQ(field(ready, "pgid"), field(ready, "pid")) << ready;

  send_and_confirm(init, dir, {SIGUSR1, SIGTERM});
  EXPECT_EQ(init.wait().code, 0);
}

TEST_P(Session, DaemonizedGrandchildIsOutOfTheGroupButGetsLeftoverSigterm) {
  LUCID_SKIP_WITHOUT_SUBREAPER(GetParam());
  TempDir dir;
  InitProcess init(
      {GetParam(), with_peers_child({"--pgroup", "--grace", "30s"}, "setsid-escape", dir.path())});
  ASSERT_TRUE(init.wait_for([&] { return file_exists(dir / "ready"); })) << init.wait().err;
  const std::string child = read_file(dir / "ready");
  const std::string grandchild = read_file(dir / "gc-ready");
  ASSERT_NE(grandchild.find("setsid=ok"), std::string::npos) << grandchild;
  EXPECT_NE(field(grandchild, "sid"), field(child, "sid"));
  EXPECT_NE(field(grandchild, "pgid"), field(child, "pgid"));

  // The group signal reaches the child only.
  send_and_confirm(init, dir, {SIGUSR1});
  // The child ends on SIGTERM; the grandchild then gets SIGTERM as a leftover and ends too.
  init.send(SIGTERM);
  const Exit exit = init.wait(60s);
  EXPECT_EQ(exit.code, 0) << exit.err;
  EXPECT_EQ(signals_in(dir / "gc-signals"), (std::vector<int>{SIGTERM}))
      << "the escaped grandchild got a group signal, or never got the leftover SIGTERM";
  EXPECT_LT(seconds_between(init.started(), exit.ended), 20.0) << "waited for the grace deadline";
}

INSTANTIATE_TEST_SUITE_P(Modes, Session, ::testing::ValuesIn(kAllModes), ModeName());

}  // namespace
}  // namespace lucid_test
