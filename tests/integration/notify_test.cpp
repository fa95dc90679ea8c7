// sd_notify (NOTIFY_SOCKET): READY=1 with the readiness line as STATUS, once; STOPPING=1 when
// shutdown starts; the manager's variables kept from the child unless --notify-child hands the
// socket on, and then lucid-init sends nothing. The manager is a datagram socket of the test's.
#include <gtest/gtest.h>

#include <atomic>
#include <csignal>
#include <memory>
#include <regex>

#include "init_process.hpp"
#include "notify_listener.hpp"
#include "test_listeners.hpp"

namespace lucid_test {
namespace {

class Notify : public ::testing::TestWithParam<Mode> {};

// The child's environment as `lucid_test_child info` prints it.
std::vector<std::string> child_env(const Exit& exit) {
  std::vector<std::string> env;
  for (const std::string& line : split_lines(exit.out)) {
    if (line.rfind("env=", 0) == 0) env.push_back(line.substr(4));
  }
  return env;
}

bool names_variable(const std::vector<std::string>& env, const std::string& name) {
  for (const std::string& entry : env) {
    if (entry.rfind(name + "=", 0) == 0) return true;
  }
  return false;
}

TEST_P(Notify, ReadyOnceWhenStartedThenStoppingOnSigterm) {
  TempDir dir;
  NotifyListener manager(dir / "notify");
  InitProcess init({GetParam(), with_child({}, {"sleep"}), {{"NOTIFY_SOCKET", manager.address()}}});
  const std::string ready = manager.next(kWaitDeadline);
  const pid_t child = init.child_pid();
  // The started line's text, pid as lucid-init sees it (1's child in a namespace is 2).
  EXPECT_TRUE(std::regex_match(ready, std::regex("READY=1\nSTATUS=started \\S+lucid_test_child "
                                                 "as pid [0-9]+")))
      << ready;
  ASSERT_GT(child, 0);
  init.send(SIGTERM);
  const Exit exit = init.wait();
  EXPECT_EQ(exit.code, 143) << exit.err;
  EXPECT_EQ(manager.drain(), std::vector<std::string>{"STOPPING=1"}) << exit.err;
  EXPECT_EQ(exit.err.find("warning"), std::string::npos) << exit.err;
}

TEST_P(Notify, AbstractSocketGetsTheReadyLineOfTheService) {
  TempDir dir;
  NotifyListener manager(unique_abstract_name());
  const int port = free_tcp_port();
  InitProcess init({GetParam(),
                    with_child({"--service", "api"}, {"listen", "API_PORT", dir.path()}),
                    {{"NOTIFY_SOCKET", manager.address()}, {"API_PORT", std::to_string(port)}}});
  const std::string ready = manager.next(kWaitDeadline);
  EXPECT_TRUE(std::regex_match(
      ready, std::regex("READY=1\nSTATUS=api ready on 0\\.0\\.0\\.0:" + std::to_string(port) +
                        " after [0-9]+\\.[0-9]{2} s")))
      << ready;
  init.send(SIGTERM);
  const Exit exit = init.wait();
  EXPECT_EQ(manager.drain(), std::vector<std::string>{"STOPPING=1"}) << exit.err;
  // The STATUS text is the line on stderr.
  EXPECT_NE(exit.err.find("lucid-init: " + ready.substr(ready.find('=', 8) + 1) + "\n"),
            std::string::npos)
      << exit.err;
}

// A second SIGTERM escalates to SIGKILL; the shutdown started once, and so did STOPPING=1.
TEST_P(Notify, StoppingOnceThroughAnEscalation) {
  TempDir dir;
  NotifyListener manager(dir / "notify");
  InitProcess init({GetParam(),
                    with_child({}, {"ignore-term", dir.path()}),
                    {{"NOTIFY_SOCKET", manager.address()}}});
  ASSERT_TRUE(init.wait_for([&] { return file_exists(dir / "ready"); })) << init.err();
  init.send(SIGTERM);
  ASSERT_TRUE(init.wait_for([&] {
    return init.err().find("shutdown: forwarding") != std::string::npos;
  })) << init.err();
  init.send(SIGTERM);
  const Exit exit = init.wait();
  EXPECT_EQ(exit.code, 137) << exit.err;
  const auto sent = manager.drain();
  ASSERT_EQ(sent.size(), 2u) << exit.err;
  EXPECT_EQ(sent[0].rfind("READY=1\nSTATUS=started ", 0), 0u) << sent[0];
  EXPECT_EQ(sent[1], "STOPPING=1");
}

TEST_P(Notify, TheManagersVariablesAreKeptFromTheChild) {
  TempDir dir;
  NotifyListener manager(dir / "notify");
  const Exit exit = run_init({GetParam(),
                              with_child({}, {"info"}),
                              {{"NOTIFY_SOCKET", manager.address()},
                               {"WATCHDOG_USEC", "30000000"},
                               {"WATCHDOG_PID", "1"}}});
  EXPECT_EQ(exit.code, 0) << exit.err;
  const auto env = child_env(exit);
  ASSERT_FALSE(env.empty()) << exit.out;
  EXPECT_FALSE(names_variable(env, "NOTIFY_SOCKET")) << exit.out;
  EXPECT_FALSE(names_variable(env, "WATCHDOG_USEC")) << exit.out;
  EXPECT_FALSE(names_variable(env, "WATCHDOG_PID")) << exit.out;
  const auto sent = manager.drain();
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_EQ(sent[0].rfind("READY=1\nSTATUS=started ", 0), 0u) << sent[0];
}

TEST_P(Notify, NotifyChildHandsTheSocketOnAndSendsNothing) {
  for (const Env& how : {Env{}, Env{{"LUCID_INIT_NOTIFY_CHILD", "1"}}}) {
    TempDir dir;
    NotifyListener manager(dir / "notify");
    Env env = how;
    env.emplace_back("NOTIFY_SOCKET", manager.address());
    env.emplace_back("WATCHDOG_USEC", "30000000");
    const std::vector<std::string> options =
        how.empty() ? std::vector<std::string>{"--notify-child"} : std::vector<std::string>{};
    InitProcess init({GetParam(), with_child(options, {"info"}), env});
    const Exit exit = init.wait();
    EXPECT_EQ(exit.code, 0) << exit.err;
    const auto seen = child_env(exit);
    EXPECT_TRUE(std::find(seen.begin(), seen.end(), "NOTIFY_SOCKET=" + manager.address()) !=
                seen.end())
        << exit.out;
    EXPECT_TRUE(names_variable(seen, "WATCHDOG_USEC")) << exit.out;
    EXPECT_EQ(manager.drain(), std::vector<std::string>{});
  }
}

// 200 for the first `healthy` requests, 503 after.
lucid::probe::test::ScriptedServer::Script healthy_then_failing(int healthy) {
  auto served = std::make_shared<std::atomic<int>>(0);
  return [served, healthy](lucid::probe::test::Connection& connection) {
    lucid::probe::test::http_status(++*served <= healthy ? 200 : 503)(connection);
  };
}

// --health-check with WATCHDOG_USEC: WATCHDOG=1 after each healthy check and none after a failed
// one; the health stop after 3 failures is a shutdown like any other (STOPPING=1). Without
// WATCHDOG_USEC, or with a WATCHDOG_PID naming another process, no WATCHDOG=1 at all.
TEST_P(Notify, WatchdogAfterEachHealthyCheckOnly) {
  struct Case {
    Env watchdog;
    std::size_t pings;
  };
  for (const Case& c :
       {Case{{{"WATCHDOG_USEC", "30000000"}}, 2},
        Case{{{"WATCHDOG_USEC", "30000000"}, {"WATCHDOG_PID", "1"}}, 2}, Case{{}, 0},
        Case{{{"WATCHDOG_USEC", "30000000"}, {"WATCHDOG_PID", "4242"}}, 0}}) {
    TempDir dir;
    NotifyListener manager(dir / "notify");
    lucid::probe::test::ScriptedServer server(lucid::probe::test::bind_tcp("127.0.0.1"),
                                              healthy_then_failing(2));
    Env env = c.watchdog;
    env.emplace_back("NOTIFY_SOCKET", manager.address());
    const Exit exit = run_init(
        {GetParam(),
         with_child(
             {"--health-check", "http://127.0.0.1:" + std::to_string(server.port()) + "/health",
              "--health-interval", "50ms", "--health-retries", "3", "--health-on-failure", "stop"},
             {"sleep"}),
         env});
    EXPECT_EQ(exit.code, 3) << exit.err;
    std::vector<std::string> expected{"READY=1"};
    for (std::size_t i = 0; i < c.pings; ++i) expected.emplace_back("WATCHDOG=1");
    expected.emplace_back("STOPPING=1");
    std::vector<std::string> sent = manager.drain();
    if (!sent.empty()) sent[0] = sent[0].substr(0, sent[0].find('\n'));
    EXPECT_EQ(sent, expected) << exit.err;
  }
}

INSTANTIATE_TEST_SUITE_P(AsPid1, Notify, ::testing::Values(Mode::kPid1, Mode::kPid1Unprivileged),
                         ModeName());

}  // namespace
}  // namespace lucid_test
