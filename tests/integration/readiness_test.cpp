// --service: one line when the service first accepts connections on its port, with the time it
// took; the checks end there (or when the child exits), and nothing wakes lucid-init afterwards.
#include <gtest/gtest.h>

#include <csignal>
#include <regex>
#include <thread>

#include "init_process.hpp"
#include "test_listeners.hpp"

namespace lucid_test {
namespace {

constexpr Mode kMode = Mode::kPid1;

// The ready line's seconds, or -1.
double ready_seconds(const std::string& err, const std::string& where) {
  const std::regex line("lucid-init: api ready on " + where + " after ([0-9]+\\.[0-9]{2}) s\n");
  std::smatch match;
  if (!std::regex_search(err, match, line)) return -1;
  return std::stod(match[1]);
}

std::string listen_later(const TempDir& dir, const std::string& delay) {
  return "sleep " + delay + " && exec " + child_binary() + " listen API_PORT " + dir.path();
}

TEST(Readiness, OneLineWhenThePortFirstAccepts) {
  TempDir dir;
  const int port = free_tcp_port();
  InitProcess init({kMode,
                    {"--service", "api", "--", "/bin/sh", "-c", listen_later(dir, "1")},
                    {{"API_PORT", std::to_string(port)}}});
  const std::string where = "0.0.0.0:" + std::to_string(port);
  ASSERT_TRUE(init.wait_for([&] { return ready_seconds(init.err(), where) >= 0; })) << init.err();
  // It measured the start: the service slept a second before it listened.
  EXPECT_GE(ready_seconds(init.err(), where), 1.0) << init.err();
  init.send(SIGTERM);
  const Exit exit = init.wait();
  EXPECT_EQ(exit.code, 143) << exit.err;
  EXPECT_EQ(exit.err_lines_starting("lucid-init: api ready on ").size(), 1u) << exit.err;
}

// After the wait for dependencies and after the ready line, lucid-init sleeps in epoll_wait
// without a timeout: no timer of either is left.
TEST(Readiness, NoWakeUpsAfterTheWaitAndTheReadyLine) {
  TempDir dir;
  const int port = free_tcp_port();
  const lucid::probe::test::Listener dependency = lucid::probe::test::bind_tcp("127.0.0.1");
  InitProcess init(
      {kMode,
       {"--service", "api", "--wait-for", "127.0.0.1:" + std::to_string(dependency.port), "--",
        child_binary(), "listen", "API_PORT", dir.path()},
       {{"API_PORT", std::to_string(port)}}});
  const std::string where = "0.0.0.0:" + std::to_string(port);
  ASSERT_TRUE(init.wait_for([&] { return ready_seconds(init.err(), where) >= 0; })) << init.err();
  const pid_t pid = init.init_pid();
  std::this_thread::sleep_for(200ms);  // the ready line's write and its return to epoll_wait
  const long before = context_switches(pid);
  std::this_thread::sleep_for(2s);
  const long after = context_switches(pid);
  init.send(SIGTERM);
  const Exit exit = init.wait();
  EXPECT_EQ(exit.code, 143) << exit.err;
  EXPECT_GT(before, 0);
  EXPECT_EQ(after, before) << "lucid-init woke up " << after - before << " times while idle";
}

TEST(Readiness, ServiceExitingBeforeReadyEndsTheChecks) {
  const int port = free_tcp_port();
  const Exit exit = run_init({kMode,
                              with_child({"-vvv", "--service", "api"}, {"exit", "3"}),
                              {{"API_PORT", std::to_string(port)}}});
  EXPECT_EQ(exit.code, 3) << exit.err;
  EXPECT_EQ(exit.err_lines_starting("lucid-init: api ready").size(), 0u) << exit.err;
  EXPECT_NE(exit.err.find("lucid-init: api exited before accepting connections on 0.0.0.0:" +
                          std::to_string(port) + "\n"),
            std::string::npos)
      << exit.err;
}

// Without --service there is no port to watch, and no line.
TEST(Readiness, NoLineWithoutService) {
  const Exit exit = run_init({kMode, with_child({"-vvv"}, {"exit", "0"})});
  EXPECT_EQ(exit.code, 0) << exit.err;
  EXPECT_EQ(exit.err.find("ready on"), std::string::npos) << exit.err;
  EXPECT_EQ(exit.err.find("accepting connections"), std::string::npos) << exit.err;
}

}  // namespace
}  // namespace lucid_test
