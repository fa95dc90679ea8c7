// --health-check: lucid-init checks its service on its own loop. A hung or failing service is
// reported once it has failed --health-retries checks in a row and, with --health-on-failure
// stop, shut down as on SIGTERM, after which lucid-init exits 3 saying why; a service that
// recovers inside the retries is left alone. Checks never hold up signals.
#include <gtest/gtest.h>

#include <atomic>
#include <csignal>
#include <thread>

#include "init_process.hpp"
#include "json_log_lines.hpp"
#include "test_listeners.hpp"

namespace lucid_test {
namespace {

using lucid::probe::test::bind_tcp;
using lucid::probe::test::Connection;
using lucid::probe::test::http_status;
using lucid::probe::test::ScriptedServer;

constexpr Mode kMode = Mode::kPid1;

bool has_line(const std::string& err, const std::string& part) {
  return err.find(part) != std::string::npos;
}

std::size_t count(const std::string& err, const std::string& part) {
  std::size_t n = 0;
  for (auto at = err.find(part); at != std::string::npos; at = err.find(part, at + 1)) ++n;
  return n;
}

// Accepts, reads the request and never answers.
ScriptedServer::Script hang() {
  return [](Connection& connection) { connection.pause(std::chrono::minutes(1)); };
}

// 503 for the first `failures` requests, 200 after.
ScriptedServer::Script fail_then_succeed(int failures) {
  auto served = std::make_shared<std::atomic<int>>(0);
  return [served, failures](Connection& connection) {
    http_status(++*served <= failures ? 503 : 200)(connection);
  };
}

std::string health_url(const ScriptedServer& server) {
  return "http://127.0.0.1:" + std::to_string(server.port()) + "/health";
}

// --service api names the service in the lines; nothing listens on its port, so the readiness
// watch's connects never reach the server.
Launch health_launch(const ScriptedServer& server, std::vector<std::string> options,
                     const std::vector<std::string>& command = {child_binary(), "sleep"}) {
  std::vector<std::string> args{"--service",         "api",  "--health-check", health_url(server),
                                "--health-interval", "100ms"};
  args.insert(args.end(), options.begin(), options.end());
  args.emplace_back("--");
  args.insert(args.end(), command.begin(), command.end());
  return {kMode, args, {{"API_PORT", std::to_string(free_tcp_port())}}};
}

TEST(HealthCheck, AHungServiceIsStoppedAsOnSigtermAndLucidInitExits3) {
  ScriptedServer server(bind_tcp("127.0.0.1"), hang());
  // {host} and {port} are the service's: 0.0.0.0 is checked at 127.0.0.1.
  const Exit exit =
      run_init({kMode,
                with_child({"--service", "api", "--health-check", "http://{host}:{port}/health",
                            "--health-interval", "100ms", "--health-timeout", "300ms",
                            "--health-retries", "2", "--health-on-failure", "stop"},
                           {"sleep"}),
                {{"API_PORT", std::to_string(server.port())}}});
  EXPECT_EQ(exit.code, 3) << exit.err;
  const std::string why =
      "api unhealthy 2 times: " + health_url(server) + ": connected, but no response within ";
  EXPECT_TRUE(has_line(exit.err, "lucid-init: warning: " + why)) << exit.err;
  EXPECT_TRUE(has_line(exit.err, "lucid-init: shutdown: forwarding SIGTERM to pid ")) << exit.err;
  const auto last = exit.err_lines().back();
  EXPECT_EQ(last.rfind("lucid-init: exit 3: stopped: " + why, 0), 0u) << exit.err;
  EXPECT_TRUE(has_line(last, "; child killed by SIGTERM; shutdown on SIGTERM took ")) << last;
}

TEST(HealthCheck, A503WithoutStopIsOneWarningAndTheServiceRuns) {
  ScriptedServer server(bind_tcp("127.0.0.1"), http_status(503));
  InitProcess init(health_launch(server, {"--health-retries", "2"}));
  const std::string warning =
      "lucid-init: warning: api unhealthy: 2 failed health checks in a row: " + health_url(server) +
      ": status 503";
  ASSERT_TRUE(init.wait_for([&] { return has_line(init.err(), warning); })) << init.err();
  // Checks go on (the service is still unhealthy) without another warning.
  const std::size_t seen = server.requests().size();
  ASSERT_TRUE(wait_until([&] { return server.requests().size() >= seen + 3; }));
  init.send(SIGTERM);
  const Exit exit = init.wait();
  EXPECT_EQ(exit.code, 128 + SIGTERM) << exit.err;
  EXPECT_EQ(count(exit.err, "lucid-init: warning: "), 1u) << exit.err;
  EXPECT_TRUE(has_line(exit.err, "lucid-init: api health check failed (1 of 2): " +
                                     health_url(server) + ": status 503"))
      << exit.err;
}

TEST(HealthCheck, RecoveryInsideTheRetriesIsNoStop) {
  ScriptedServer server(bind_tcp("127.0.0.1"), fail_then_succeed(2));
  InitProcess init(health_launch(server, {"--health-retries", "3", "--health-on-failure", "stop"}));
  const std::string back =
      "lucid-init: api healthy again after 2 failed checks: " + health_url(server) + ": status 200";
  ASSERT_TRUE(init.wait_for([&] { return has_line(init.err(), back); })) << init.err();
  init.send(SIGTERM);
  const Exit exit = init.wait();
  EXPECT_EQ(exit.code, 128 + SIGTERM) << exit.err;
  EXPECT_FALSE(has_line(exit.err, "stopped")) << exit.err;
  EXPECT_EQ(count(exit.err, "lucid-init: warning: "), 0u) << exit.err;
}

TEST(HealthCheck, SigtermDuringACheckIsForwardedAtOnce) {
  ScriptedServer server(bind_tcp("127.0.0.1"), hang());
  // A check that would hang for a minute: the exit must not wait for it.
  InitProcess init(health_launch(server, {"--health-timeout", "1m"}));
  ASSERT_TRUE(wait_until([&] { return !server.requests().empty(); })) << init.err();
  init.send(SIGTERM);
  const Exit exit = init.wait(10s);
  EXPECT_EQ(exit.code, 128 + SIGTERM) << exit.err;
  EXPECT_FALSE(has_line(exit.err, "health check failed")) << exit.err;
}

TEST(HealthCheck, StopEndsLeftoversAsAnyShutdownDoes) {
  TempDir dir;
  // Healthy until the leftover is in place.
  ScriptedServer server(bind_tcp("127.0.0.1"), [&dir](Connection& connection) {
    http_status(file_exists(dir / "ready") ? 500 : 200)(connection);
  });
  // A leftover of the service that takes a minute to clean up after SIGTERM.
  const std::string script =
      child_binary() + " leftover " + dir.path() + " 60000 0 && exec " + child_binary() + " sleep";
  const Exit exit = run_init(health_launch(
      server, {"--health-retries", "1", "--health-on-failure", "stop", "--grace", "500ms"},
      {"/bin/sh", "-c", script}));
  EXPECT_EQ(exit.code, 3) << exit.err;
  const auto last = exit.err_lines().back();
  EXPECT_EQ(last.rfind("lucid-init: exit 3: stopped: api unhealthy 1 time: ", 0), 0u) << last;
  EXPECT_TRUE(has_line(last, "child killed by SIGTERM; shutdown on SIGTERM took")) << last;
  EXPECT_TRUE(has_line(last, "; leftovers: 0 ended after SIGTERM, 1 killed")) << last;
  EXPECT_TRUE(file_exists(dir / "gc-term")) << "the leftover had no SIGTERM first";
  EXPECT_FALSE(file_exists(dir / "gc-cleaned"));
}

TEST(HealthCheck, ASigtermDuringTheStopEscalatesAsASecondOne) {
  TempDir dir;
  // Healthy until the child ignores SIGTERM.
  ScriptedServer server(bind_tcp("127.0.0.1"), [&dir](Connection& connection) {
    http_status(file_exists(dir / "ready") ? 500 : 200)(connection);
  });
  InitProcess init(health_launch(server, {"--health-retries", "1", "--health-on-failure", "stop"},
                                 {child_binary(), "ignore-term", dir.path()}));
  ASSERT_TRUE(init.wait_for([&] { return has_line(init.err(), "as on SIGTERM, then exit 3"); }))
      << init.err();
  // The container is stopped from outside meanwhile.
  init.send(SIGTERM);
  const Exit exit = init.wait();
  EXPECT_EQ(exit.code, 3) << exit.err;
  const auto last = exit.err_lines().back();
  EXPECT_EQ(last.rfind("lucid-init: exit 3: stopped: api unhealthy 1 time: ", 0), 0u) << last;
  EXPECT_TRUE(has_line(last, "child killed by SIGKILL; shutdown on SIGTERM took")) << last;
  EXPECT_TRUE(has_line(last, ", SIGKILL on a second signal")) << last;
}

TEST(HealthCheck, FailuresInsideTheStartPeriodDoNotCount) {
  ScriptedServer server(bind_tcp("127.0.0.1"), http_status(503));
  const Exit exit =
      run_init(health_launch(server, {"-v", "--health-retries", "1", "--health-start-period",
                                      "700ms", "--health-on-failure", "stop"}));
  EXPECT_EQ(exit.code, 3) << exit.err;
  const auto not_counted = exit.err.find("failed inside the start period (not counted)");
  const auto stop = exit.err.find("api unhealthy 1 time: ");
  ASSERT_NE(not_counted, std::string::npos) << exit.err;
  EXPECT_LT(not_counted, stop) << exit.err;
}

TEST(HealthCheck, JsonEventsCarryTheCounts) {
  ScriptedServer server(bind_tcp("127.0.0.1"), fail_then_succeed(1));
  InitProcess init(health_launch(server, {"--log-format", "json", "--health-retries", "1"}));
  ASSERT_TRUE(init.wait_for([&] { return has_line(init.err(), "\"health_recovered\""); }))
      << init.err();
  init.send(SIGTERM);
  const Exit exit = init.wait();
  const auto lines = json_lines(exit.err);
  const JsonObject failed = only(lines, "health_failed");
  EXPECT_EQ(text(failed, "level"), "warning");
  EXPECT_EQ(text(failed, "service"), "api");
  EXPECT_EQ(number(failed, "failures"), "1");
  EXPECT_EQ(number(failed, "retries"), "1");
  EXPECT_EQ(field(failed, "counted", JsonValue::Kind::kBool), "true");
  EXPECT_EQ(field(failed, "unhealthy", JsonValue::Kind::kBool), "true");
  EXPECT_EQ(text(failed, "target"), health_url(server));
  EXPECT_EQ(text(failed, "verdict").rfind(health_url(server) + ": status 503 in ", 0), 0u);
  const JsonObject recovered = only(lines, "health_recovered");
  EXPECT_EQ(text(recovered, "level"), "info");
  EXPECT_EQ(number(recovered, "failures"), "1");
  EXPECT_TRUE(is_null(only(lines, "exit"), "health_stop"));
}

TEST(HealthCheck, JsonHealthStopAndExit) {
  ScriptedServer server(bind_tcp("127.0.0.1"), http_status(503));
  const Exit exit = run_init(health_launch(
      server, {"--log-format", "json", "--health-retries", "1", "--health-on-failure", "stop"}));
  EXPECT_EQ(exit.code, 3) << exit.err;
  const auto lines = json_lines(exit.err);
  const JsonObject stop = only(lines, "health_stop");
  const std::string why = "api unhealthy 1 time: " + health_url(server) + ": status 503 in ";
  EXPECT_EQ(text(stop, "reason").rfind(why, 0), 0u) << text(stop, "reason");
  EXPECT_EQ(number(stop, "status"), "3");
  const JsonObject end = only(lines, "exit");
  EXPECT_EQ(number(end, "exit_code"), "3");
  EXPECT_EQ(number(end, "child_exit_code"), "143");
  EXPECT_EQ(text(end, "health_stop"), text(stop, "reason"));
}

// Between two checks nothing wakes lucid-init: not the check's deadline (an Asio timer, once
// cancelled, would still fire then), not a socket of the last check.
TEST(HealthCheck, NoWakeUpsBetweenChecks) {
  ScriptedServer server(bind_tcp("127.0.0.1"), http_status(200));
  const std::string url = health_url(server);
  InitProcess init({kMode, with_child({"-v", "--health-check", url, "--health-interval", "3s",
                                       "--health-timeout", "1500ms"},
                                      {"sleep"})});
  ASSERT_TRUE(init.wait_for([&] { return has_line(init.err(), " healthy: " + url); }))
      << init.err();
  const pid_t pid = init.init_pid();
  std::this_thread::sleep_for(200ms);  // the line's write and the return to epoll_wait
  const long before = context_switches(pid);
  std::this_thread::sleep_for(1500ms);  // past the first check's deadline, before the second
  const long after = context_switches(pid);
  const std::size_t checks = server.requests().size();
  init.send(SIGTERM);
  const Exit exit = init.wait();
  EXPECT_EQ(exit.code, 128 + SIGTERM) << exit.err;
  ASSERT_EQ(checks, 1u) << "the second check came early: the window measured nothing";
  EXPECT_EQ(after, before) << "lucid-init woke up " << after - before << " times between checks";
}

}  // namespace
}  // namespace lucid_test
