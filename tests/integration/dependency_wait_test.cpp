// --wait-for: the service starts only once every dependency answers, on the probe's own checks;
// a timeout is exit 124 with one line naming what was missing, a signal ends the wait at once
// (128+N), and neither a stalled stderr nor the backoff costs the wait its deadline or the CPU.
#include <gtest/gtest.h>

#include <csignal>
#include <cstdlib>
#include <thread>

#include "init_process.hpp"
#include "test_listeners.hpp"

namespace lucid_test {
namespace {

using lucid::probe::test::bind_tcp;
using lucid::probe::test::bind_unix;
using lucid::probe::test::connect_nonblocking;
using lucid::probe::test::Fd;
using lucid::probe::test::http_status;
using lucid::probe::test::Listener;
using lucid::probe::test::ScriptedServer;
using lucid::probe::test::start_listening;

std::string tcp_target(const Listener& listener) {
  return "127.0.0.1:" + std::to_string(listener.port);
}

bool has_line(const std::string& err, const std::string& part) {
  return err.find(part) != std::string::npos;
}

class DependencyWait : public ::testing::TestWithParam<Mode> {};

TEST_P(DependencyWait, ServiceStartsOnlyOnceTheDependencyListens) {
  TempDir dir;
  const Listener listener = bind_tcp("127.0.0.1", 0, false);  // reserved, refusing
  InitProcess init(
      {GetParam(), with_child({"--wait-for", tcp_target(listener)}, {"touch", dir / "started"})});
  ASSERT_TRUE(init.wait_for([&] { return has_line(init.err(), "waiting up to 60s for"); }));
  std::this_thread::sleep_for(500ms);
  EXPECT_FALSE(file_exists(dir / "started")) << "the service started before its dependency";
  start_listening(listener);
  const Exit exit = init.wait();
  EXPECT_EQ(exit.code, 0) << exit.err;
  EXPECT_TRUE(file_exists(dir / "started"));
  EXPECT_TRUE(has_line(exit.err, "lucid-init: " + tcp_target(listener) + " is up after "))
      << exit.err;
}

TEST_P(DependencyWait, SigtermEndsTheWaitAtOnce) {
  TempDir dir;
  const Listener listener = bind_tcp("127.0.0.1", 0, false);
  InitProcess init(
      {GetParam(), with_child({"--wait-for", tcp_target(listener)}, {"touch", dir / "started"})});
  ASSERT_TRUE(init.wait_for([&] { return has_line(init.err(), "waiting up to"); }));
  init.send(SIGTERM);
  const Exit exit = init.wait(10s);
  EXPECT_EQ(exit.code, 128 + SIGTERM) << exit.err;
  EXPECT_FALSE(file_exists(dir / "started"));
  EXPECT_TRUE(has_line(exit.err, "SIGTERM while waiting for " + tcp_target(listener) +
                                     ": exit 143 without starting the service"))
      << exit.err;
}

INSTANTIATE_TEST_SUITE_P(Modes, DependencyWait, ::testing::ValuesIn(kAllModes), ModeName());

constexpr Mode kMode = Mode::kPid1;

TEST(DependencyWaitPid1, TimeoutIsExit124NamingWhatWasMissing) {
  TempDir dir;
  const Listener refusing = bind_tcp("127.0.0.1", 0, false);
  const Listener up = bind_tcp("127.0.0.1");
  const Exit exit = run_init({kMode, with_child({"--wait-for", tcp_target(refusing), "--wait-for",
                                                 tcp_target(up), "--wait-timeout", "1500ms"},
                                                {"touch", dir / "started"})});
  EXPECT_EQ(exit.code, 124) << exit.err;
  EXPECT_FALSE(file_exists(dir / "started"));
  const auto errors = exit.err_lines_starting("lucid-init: error: ");
  ASSERT_EQ(errors.size(), 1u) << exit.err;
  EXPECT_EQ(errors[0],
            "lucid-init: error: dependencies still missing after 1.5s: " + tcp_target(refusing) +
                " (connection refused); exit 124 without starting the service");
}

TEST(DependencyWaitPid1, HttpNeeds200To399) {
  TempDir dir;
  ScriptedServer unavailable(bind_tcp("127.0.0.1"), http_status(503));
  const std::string target = "http://127.0.0.1:" + std::to_string(unavailable.port()) + "/health";
  const Exit refused = run_init(
      {kMode, with_child({"--wait-for", target, "--wait-timeout", "1s"}, {"touch", dir / "a"})});
  EXPECT_EQ(refused.code, 124) << refused.err;
  EXPECT_TRUE(has_line(refused.err, target + " (status 503 in ")) << refused.err;
  EXPECT_FALSE(file_exists(dir / "a"));
  EXPECT_NE(unavailable.requests().at(0).find("GET /health HTTP/1.1\r\n"), std::string::npos);

  ScriptedServer ok(bind_tcp("127.0.0.1"), http_status(204));
  const Exit started =
      run_init({kMode, with_child({"--wait-for", "http://127.0.0.1:" + std::to_string(ok.port())},
                                  {"touch", dir / "b"})});
  EXPECT_EQ(started.code, 0) << started.err;
  EXPECT_TRUE(file_exists(dir / "b"));
}

// A connect that hangs (the accept queue is full, so SYNs are dropped, as a black-holed address
// drops them) ends with its try; the other dependency is not held up by it.
TEST(DependencyWaitPid1, EachTryHasItsOwnTimeout) {
  const Listener full = bind_tcp("127.0.0.1", 0, true, 0);
  std::vector<Fd> fillers;
  for (int i = 0; i < 3; ++i) fillers.push_back(connect_nonblocking("127.0.0.1", full.port));
  std::this_thread::sleep_for(100ms);
  const Listener up = bind_tcp("127.0.0.1");
  const Exit exit = run_init({kMode, with_child({"--wait-for", tcp_target(full), "--wait-for",
                                                 tcp_target(up), "--wait-timeout", "5s"},
                                                {"exit", "0"})});
  EXPECT_EQ(exit.code, 124) << exit.err;
  EXPECT_TRUE(has_line(exit.err, tcp_target(up) + " is up after ")) << exit.err;
  EXPECT_TRUE(has_line(exit.err, tcp_target(full) + " (connect timed out after ")) << exit.err;
}

TEST(DependencyWaitPid1, UnixSocketAndARegularFileInItsPlace) {
  TempDir dir;
  write_file(dir / "file.sock", "not a socket");
  const Exit refused = run_init(
      {kMode, with_child({"--wait-for", "unix:" + dir / "file.sock", "--wait-timeout", "1s"},
                         {"exit", "0"})});
  EXPECT_EQ(refused.code, 124) << refused.err;
  EXPECT_TRUE(has_line(refused.err, "unix:" + dir / "file.sock" + " (connection refused)"))
      << refused.err;

  const Listener socket = bind_unix(dir / "db.sock");
  const Exit started =
      run_init({kMode, with_child({"--wait-for", "unix:" + dir / "db.sock"}, {"exit", "0"})});
  EXPECT_EQ(started.code, 0) << started.err;
}

// Compose starts the dependency's container later: its name does not resolve yet. Every 5 s a
// line names it, with why.
TEST(DependencyWaitPid1, NameThatDoesNotResolveYetIsRetriedAndNamed) {
  const Listener up = bind_tcp("127.0.0.1");
  const Exit exit =
      run_init({kMode, with_child({"--wait-for", "no-such-service.invalid:5432", "--wait-for",
                                   tcp_target(up), "--wait-timeout", "5500ms"},
                                  {"exit", "0"})});
  EXPECT_EQ(exit.code, 124) << exit.err;
  const auto progress = exit.err_lines_starting("lucid-init: still waiting after 5 s for ");
  ASSERT_EQ(progress.size(), 1u) << exit.err;
  EXPECT_TRUE(has_line(progress[0], "for no-such-service.invalid:5432 (")) << progress[0];
  EXPECT_FALSE(has_line(progress[0], tcp_target(up))) << "what is up is not missing";
  EXPECT_TRUE(has_line(progress[0], "cannot resolve 'no-such-service.invalid'") ||
              has_line(progress[0], "resolving 'no-such-service.invalid' timed out"))
      << progress[0];
}

TEST(DependencyWaitPid1, OtherSignalsEndTheWaitOnlyWhenTheyWouldHaveEndedTheService) {
  TempDir dir;
  const Listener listener = bind_tcp("127.0.0.1", 0, false);
  InitProcess init({kMode, with_child({"-vvv", "--wait-for", tcp_target(listener)},
                                      {"touch", dir / "started"})});
  ASSERT_TRUE(init.wait_for([&] { return has_line(init.err(), "waiting up to"); }));
  init.send(SIGWINCH);
  ASSERT_TRUE(init.wait_for([&] { return has_line(init.err(), "SIGWINCH while waiting"); }));
  init.send(SIGHUP);
  const Exit exit = init.wait(10s);
  EXPECT_EQ(exit.code, 128 + SIGHUP) << exit.err;
  EXPECT_FALSE(file_exists(dir / "started"));
}

TEST(DependencyWaitPid1, TimeoutZeroWaitsWithoutLimit) {
  TempDir dir;
  const Listener listener = bind_tcp("127.0.0.1", 0, false);
  InitProcess init({kMode, with_child({"--wait-timeout", "0", "--wait-for", tcp_target(listener)},
                                      {"touch", dir / "started"})});
  ASSERT_TRUE(init.wait_for([&] { return has_line(init.err(), "waiting for "); }));
  std::this_thread::sleep_for(1500ms);
  EXPECT_FALSE(file_exists(dir / "started"));
  start_listening(listener);
  const Exit exit = init.wait();
  EXPECT_EQ(exit.code, 0) << exit.err;
  EXPECT_TRUE(file_exists(dir / "started"));
}

// A command started in the namespace from outside, as `docker exec` starts one, that leaves an
// orphan behind: PID 1 reaps it while it waits, not once the service runs, and counts it.
TEST(DependencyWaitPid1, OrphansAreReapedDuringTheWait) {
  TempDir dir;
  const Listener listener = bind_tcp("127.0.0.1", 0, false);
  InitProcess init({kMode, with_child({"-vvv", "--wait-for", tcp_target(listener)},
                                      {"touch", dir / "started"})});
  ASSERT_TRUE(init.wait_for([&] { return has_line(init.err(), "waiting up to 60s for"); }));
  // nsenter's child runs in the namespace; the shell exits at once, so its sleep is re-parented
  // to PID 1 and ends there 0.2 s later.
  const std::string command = "nsenter --pid=/proc/" + std::to_string(init.init_pid()) +
                              "/ns/pid -- /bin/sh -c 'sleep 0.2 & exit 0'";
  ASSERT_EQ(std::system(command.c_str()), 0);
  EXPECT_TRUE(init.wait_for([&] { return has_line(init.err(), "reaped orphan pid "); }, 10s))
      << "the orphan stayed a zombie during the wait: " << init.err();
  EXPECT_FALSE(file_exists(dir / "started"));
  start_listening(listener);
  const Exit exit = init.wait();
  EXPECT_EQ(exit.code, 0) << exit.err;
  EXPECT_TRUE(file_exists(dir / "started"));
  const auto summary = exit.err_lines_starting("lucid-init: exit 0:");
  ASSERT_EQ(summary.size(), 1U) << exit.err;
  EXPECT_TRUE(has_line(summary[0], "; 1 orphans reaped")) << summary[0];
}

TEST(DependencyWaitPid1, ExecModeWaitsBeforeItExecs) {
  TempDir dir;
  const Listener listener = bind_tcp("127.0.0.1", 0, false);
  InitProcess init({kMode, with_child({"--exec", "--wait-for", tcp_target(listener)},
                                      {"touch", dir / "started"})});
  ASSERT_TRUE(init.wait_for([&] { return has_line(init.err(), "waiting up to"); }));
  EXPECT_FALSE(file_exists(dir / "started"));
  start_listening(listener);
  const Exit exit = init.wait();
  EXPECT_EQ(exit.code, 0) << exit.err;
  EXPECT_TRUE(file_exists(dir / "started"));
}

TEST(DependencyWaitPid1, FlagsReplaceTheEnvironmentsList) {
  const Listener refusing = bind_tcp("127.0.0.1", 0, false);
  const Listener up = bind_tcp("127.0.0.1");
  const Exit exit = run_init({kMode,
                              with_child({"--wait-for", tcp_target(up)}, {"exit", "0"}),
                              {{"LUCID_INIT_WAIT_FOR", tcp_target(refusing)}}});
  EXPECT_EQ(exit.code, 0) << exit.err;
  const Exit from_env = run_init({kMode,
                                  with_child({}, {"exit", "0"}),
                                  {{"LUCID_INIT_WAIT_FOR", tcp_target(up) + "," + tcp_target(up)},
                                   {"LUCID_INIT_WAIT_TIMEOUT", "10s"}}});
  EXPECT_EQ(from_env.code, 0) << from_env.err;
  EXPECT_TRUE(has_line(from_env.err, "waiting up to 10s for ")) << from_env.err;
}

TEST(DependencyWaitPid1, BadTargetsAreExit2) {
  for (const auto& [env, args, named] :
       std::vector<std::tuple<Env, std::vector<std::string>, std::string>>{
           {{}, {"--wait-for", "db"}, "--wait-for='db': needs a port"},
           {{}, {"--wait-for=https://db/"}, "--wait-for='https://db/': https is not supported"},
           {{{"LUCID_INIT_WAIT_FOR", "db:5432,db:x"}}, {}, "LUCID_INIT_WAIT_FOR='db:x': the port"},
           {{{"LUCID_INIT_WAIT_TIMEOUT", "soon"}}, {}, "LUCID_INIT_WAIT_TIMEOUT='soon'"}}) {
    TempDir dir;
    const Exit exit = run_init({kMode, with_child(args, {"touch", dir / "started"}), env});
    EXPECT_EQ(exit.code, 2) << exit.err;
    EXPECT_FALSE(file_exists(dir / "started"));
    const auto lines = exit.err_lines();
    ASSERT_EQ(lines.size(), 1u) << exit.err;
    EXPECT_TRUE(has_line(lines[0], "lucid-init: error: " + named)) << lines[0];
  }
}

// Every progress line meets a full pipe: dropped, and the deadline still holds.
TEST(DependencyWaitPid1, StalledStderrDoesNotHoldTheWait) {
  const Listener refusing = bind_tcp("127.0.0.1", 0, false);
  Launch launch(kMode,
                with_child({"-vvv", "--wait-for", tcp_target(refusing), "--wait-timeout", "6s"},
                           {"exit", "0"}));
  launch.err_sink = ErrSink::kStalledPipe;
  InitProcess init(launch);
  const Exit exit = init.wait(20s);
  EXPECT_FALSE(exit.timed_out) << "the wait stalled on its stderr";
  EXPECT_EQ(exit.code, 124);
}

// Each line to a pipe without reader raises SIGPIPE against lucid-init itself: its own write's,
// not a signal that ends the wait.
TEST(DependencyWaitPid1, SigpipeOfItsOwnLogLinesDoesNotEndTheWait) {
  const Listener refusing = bind_tcp("127.0.0.1", 0, false);
  Launch launch(kMode,
                with_child({"-vvv", "--wait-for", tcp_target(refusing), "--wait-timeout", "1500ms"},
                           {"exit", "0"}));
  launch.err_sink = ErrSink::kReaderClosed;
  const Exit exit = run_init(launch);
  EXPECT_EQ(exit.code, 124);
}

// The backoff sleeps: a dependency refused at once for seconds costs next to no CPU.
TEST(DependencyWaitPid1, BackoffDoesNotSpin) {
  const Listener refusing = bind_tcp("127.0.0.1", 0, false);
  InitProcess init({kMode, with_child({"--wait-for", tcp_target(refusing), "--wait-for",
                                       "unix:/nonexistent/socket"},
                                      {"exit", "0"})});
  ASSERT_TRUE(init.wait_for([&] { return has_line(init.err(), "waiting up to"); }));
  const pid_t pid = init.init_pid();
  std::this_thread::sleep_for(3s);
  const long ticks = cpu_ticks(pid);
  init.send(SIGTERM);
  init.wait();
  // A busy loop would be ~300 ticks (3 s); tries refused at once every second at most use ~0.
  EXPECT_GE(ticks, 0);
  EXPECT_LT(ticks, 30) << "lucid-init used " << ticks << " clock ticks of CPU in 3 s of waiting";
}

}  // namespace
}  // namespace lucid_test
