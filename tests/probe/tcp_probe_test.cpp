// `lucid-init probe` in its default mode: a TCP connect, like the seed's Python one-liner.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <thread>
#include <vector>

#include "each_user.hpp"
#include "test_listeners.hpp"

namespace lucid::probe::test {
namespace {

using ::testing::HasSubstr;
using ::testing::MatchesRegex;

std::string port_text(const Listener& listener) { return std::to_string(listener.port); }

class TcpProbe : public EachUser {};

TEST_P(TcpProbe, HealthyWhenTheListenerIsThere) {
  const Listener listener = bind_tcp("127.0.0.1");
  const ProbeRun run = probe({"--port", port_text(listener)});
  EXPECT_EQ(run.exit_code, 0);
  EXPECT_THAT(run.out, MatchesRegex("healthy: tcp 127\\.0\\.0\\.1:" + port_text(listener) +
                                    " connected in [0-9.]+ ms\n"));
  EXPECT_EQ(run.err, "");
}

TEST_P(TcpProbe, UnhealthyWhenNothingListens) {
  // Bound but not listening: refused, and nothing else can take the port meanwhile.
  const Listener closed = bind_tcp("127.0.0.1", 0, false);
  const ProbeRun run = probe({"--port", port_text(closed)});
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_EQ(run.out, "unhealthy: tcp 127.0.0.1:" + port_text(closed) + ": connection refused\n");
}

TEST_P(TcpProbe, FullBacklogEndsAtTheDeadlineWithAMessage) {
  const Listener listener = bind_tcp("127.0.0.1", 0, true, 0);
  // Linux drops SYNs once the accept queue (backlog + 1) is full; these fill it.
  std::vector<Fd> fillers;
  for (int i = 0; i < 3; ++i) fillers.push_back(connect_nonblocking("127.0.0.1", listener.port));
  std::this_thread::sleep_for(std::chrono::milliseconds(100));

  const ProbeRun run = probe({"--port", port_text(listener), "--timeout", "300ms"});
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_THAT(run.out, MatchesRegex("unhealthy: tcp 127\\.0\\.0\\.1:[0-9]+: connect timed out "
                                    "after [0-9]+ ms\n"));
}

TEST_P(TcpProbe, ListenAddressZeroMeansLoopback) {
  const Listener listener = bind_tcp("127.0.0.1");
  const ProbeRun run = probe({"--host", "0.0.0.0", "--port", port_text(listener)});
  EXPECT_EQ(run.exit_code, 0);
  EXPECT_THAT(run.out, HasSubstr("tcp 127.0.0.1:" + port_text(listener) + " connected"));
}

class Ipv6Probe : public EachUser {
 protected:
  void SetUp() override {
    EachUser::SetUp();
    if (!IsSkipped() && !ipv6_loopback_available()) GTEST_SKIP() << "no IPv6 loopback here";
  }
};

TEST_P(Ipv6Probe, LoopbackWithAndWithoutBrackets) {
  const Listener listener = bind_tcp("::1");
  for (const char* host : {"::1", "[::1]", "::", "[::]"}) {
    const ProbeRun run = probe({"--host", host, "--port", port_text(listener)});
    EXPECT_EQ(run.exit_code, 0) << host;
    EXPECT_THAT(run.out, MatchesRegex("healthy: tcp \\[::1\\]:" + port_text(listener) +
                                      " connected in [0-9.]+ ms\n"))
        << host;
  }
}

TEST_P(Ipv6Probe, RefusedOnIpv6) {
  const Listener closed = bind_tcp("::1", 0, false);
  const ProbeRun run = probe({"--host", "::1", "--port", port_text(closed)});
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_EQ(run.out, "unhealthy: tcp [::1]:" + port_text(closed) + ": connection refused\n");
}

TEST_P(Ipv6Probe, LocalhostWithOnlyAnIpv4Listener) {
  const Listener listener = bind_tcp("127.0.0.1");
  const Listener refusing = bind_tcp("::1", listener.port, false);
  const ProbeRun run = probe({"--host", "localhost", "--port", port_text(listener)});
  EXPECT_EQ(run.exit_code, 0);
  EXPECT_THAT(run.out, MatchesRegex("healthy: tcp localhost:[0-9]+ connected to 127\\.0\\.0\\.1:" +
                                    port_text(listener) + " in [0-9.]+ ms\n"));
}

TEST_P(Ipv6Probe, LocalhostWithOnlyAnIpv6Listener) {
  const Listener listener = bind_tcp("::1");
  const Listener refusing = bind_tcp("127.0.0.1", listener.port, false);
  const ProbeRun run = probe({"--host", "localhost", "--port", port_text(listener)});
  EXPECT_EQ(run.exit_code, 0);
  EXPECT_THAT(run.out, MatchesRegex("healthy: tcp localhost:[0-9]+ connected to \\[::1\\]:" +
                                    port_text(listener) + " in [0-9.]+ ms\n"));
}

TEST_P(Ipv6Probe, LocalhostWithNoListenerNamesEveryAddress) {
  const Listener refusing4 = bind_tcp("127.0.0.1", 0, false);
  const Listener refusing6 = bind_tcp("::1", refusing4.port, false);
  const std::string port = port_text(refusing4);
  const ProbeRun run = probe({"--host", "localhost", "--port", port});
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_EQ(run.out, "unhealthy: tcp localhost:" + port + ": 127.0.0.1:" + port +
                         ": connection refused; [::1]:" + port + ": connection refused\n");
}

class WaitingProbe : public EachUser {};

TEST_P(WaitingProbe, WaitsForAListenerThatComesLater) {
  const Listener listener = bind_tcp("127.0.0.1", 0, false);
  ProbeProcess probe({"--port", port_text(listener), "--wait", "10s"}, GetParam(), {});
  probe.await_retry_pause();
  start_listening(listener);
  const ProbeRun run = probe.finish();
  EXPECT_EQ(run.exit_code, 0);
  EXPECT_THAT(run.out, MatchesRegex("healthy: tcp 127\\.0\\.0\\.1:[0-9]+ connected in [0-9.]+ ms "
                                    "\\([0-9]+ tries\\)\n"));
}

TEST_P(WaitingProbe, GivesUpWhenTheWaitIsOver) {
  const Listener closed = bind_tcp("127.0.0.1", 0, false);
  const ProbeRun run = probe({"--port", port_text(closed), "--wait", "500ms"});
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_THAT(run.out, MatchesRegex("unhealthy: tcp 127\\.0\\.0\\.1:[0-9]+: connection refused "
                                    "\\([2-9] tries\\)\n"));
}

INSTANTIATE_TEST_SUITE_P(, TcpProbe, kEachUser, user_name);
INSTANTIATE_TEST_SUITE_P(, Ipv6Probe, kEachUser, user_name);
INSTANTIATE_TEST_SUITE_P(, WaitingProbe, kEachUser, user_name);

}  // namespace
}  // namespace lucid::probe::test
