// Shutdown signals at awkward moments: during the --stop-delay hold, to a stopped child or a
// stopped leftover, and while leftovers are draining after the child has exited. Each must end
// in the service's own clean exit, not in a SIGKILL it never had a chance to avoid.
// lucid-init's stderr goes to a file the test reads while it runs: the next signal is sent only
// once the log shows the previous one was taken (two pending SIGTERMs would merge into one).
#include <gtest/gtest.h>

#include <csignal>

#include "init_process.hpp"

namespace lucid_test {
namespace {

class ShutdownFaults : public ::testing::TestWithParam<Mode> {};

struct Run {
  TempDir dir;
  std::unique_ptr<InitProcess> init;
  std::string log() const { return read_file(dir / "stderr.log"); }
  bool logged(const std::string& text) const { return log().find(text) != std::string::npos; }
  // Waits until lucid-init has logged `text`.
  bool wait_for_log(const std::string& text) {
    return init->wait_for([&] { return logged(text); });
  }
  std::string summary() const {
    for (const auto& line : split_lines(log())) {
      if (line.rfind("lucid-init: exit ", 0) == 0) return line;
    }
    return "";
  }
};

// Starts lucid-init with the child ("DIR" in child_args is the run's directory) and waits until
// the child is ready.
std::unique_ptr<Run> start(Mode mode, const std::vector<std::string>& options,
                           std::vector<std::string> child_args) {
  auto run = std::make_unique<Run>();
  for (auto& arg : child_args) {
    if (arg == "DIR") arg = run->dir.path();
  }
  Launch launch(mode, with_child(options, child_args));
  launch.err_sink = ErrSink::kFile;
  launch.err_file = run->dir / "stderr.log";
  run->init = std::make_unique<InitProcess>(launch);
  EXPECT_TRUE(run->init->wait_for([&] { return file_exists(run->dir / "ready"); }))
      << "the child never got ready: " << run->log();
  return run;
}

// State letter of /proc/PID/stat: 'T' when stopped.
char state_of(pid_t pid) {
  const std::string stat = read_file("/proc/" + std::to_string(pid) + "/stat");
  const std::size_t close = stat.rfind(')');
  return close == std::string::npos || close + 2 >= stat.size() ? '?' : stat[close + 2];
}

void stop(pid_t pid) {
  ASSERT_GT(pid, 0);
  ASSERT_EQ(kill(pid, SIGSTOP), 0);
  ASSERT_TRUE(wait_until([&] { return state_of(pid) == 'T'; })) << "pid " << pid << " not stopped";
}

// --stop-delay: a second shutdown signal during the hold forwards the one that arrived, now.
TEST_P(ShutdownFaults, ShutdownSignalDuringTheHoldIsForwardedAtOnce) {
  for (const int second : {SIGINT, SIGTERM}) {
    SCOPED_TRACE(second == SIGINT ? "SIGINT during the hold" : "second SIGTERM during the hold");
    // The recorder exits 0 on the second signal, and only on it.
    auto run = start(GetParam(), {"--stop-delay", "60s", "--grace", "30s"},
                     {"record", "DIR", std::to_string(second)});
    const auto sent = Clock::now();
    run->init->send(SIGTERM);
    ASSERT_TRUE(run->wait_for_log("holding SIGTERM")) << run->log();
    run->init->send(second);
    const Exit exit = run->init->wait(90s);
    EXPECT_EQ(exit.code, 0) << "the child must end on the forwarded signal: " << run->log();
    EXPECT_TRUE(has_received(run->dir.path(), second)) << run->log();
    if (second == SIGINT) {
      EXPECT_FALSE(has_received(run->dir.path(), SIGTERM)) << "the held SIGTERM went on as well";
    }
    const std::string name = second == SIGINT ? "SIGINT" : "SIGTERM";
    EXPECT_TRUE(run->logged("shutdown: " + name + " ends the SIGTERM hold early, forwarding " +
                            name + " to pid "))
        << run->log();
    EXPECT_LT(seconds_between(sent, exit.ended), 30.0) << "waited for the 60 s hold";
  }
}

TEST_P(ShutdownFaults, SignalAfterTheEarlyForwardEscalates) {
  // The recorder survives every signal but SIGKILL.
  auto run = start(GetParam(), {"--stop-delay", "60s", "--grace", "60s"}, {"record", "DIR", "0"});
  run->init->send(SIGTERM);
  ASSERT_TRUE(run->wait_for_log("holding SIGTERM")) << run->log();
  run->init->send(SIGINT);
  ASSERT_TRUE(run->init->wait_for([&] { return has_received(run->dir.path(), SIGINT); }))
      << "SIGINT during the hold never reached the child: " << run->log();
  run->init->send(SIGTERM);
  const Exit exit = run->init->wait(90s);
  EXPECT_EQ(exit.code, 128 + SIGKILL) << run->log();
  EXPECT_TRUE(run->logged("shutdown: second shutdown signal, sending SIGKILL to pid"))
      << run->log();
  EXPECT_LT(seconds_between(run->init->started(), exit.ended), 45.0) << "waited for the deadline";
}

std::vector<std::string> with_group(bool group, std::vector<std::string> options) {
  if (group) options.emplace_back("-p");
  return options;
}

// A stopped process cannot act on SIGTERM: it stays pending until SIGCONT. Also with -p.
TEST_P(ShutdownFaults, StoppedChildGetsSigcontAndEndsOnItsSigterm) {
  for (const bool group : {false, true}) {
    SCOPED_TRACE(group ? "-p" : "without -p");
    auto run =
        start(GetParam(), with_group(group, {"-v", "--grace", "10s"}), {"record", "DIR", "15"});
    stop(run->init->child_pid());
    run->init->send(SIGTERM);
    const Exit exit = run->init->wait(60s);
    EXPECT_EQ(exit.code, 0) << "the stopped child was never continued: " << run->log();
    EXPECT_TRUE(has_received(run->dir.path(), SIGTERM));
    EXPECT_TRUE(run->logged("lucid-init: forwarding SIGCONT to pid ")) << run->log();
  }
}

// A running child gets the shutdown signal and no SIGCONT, which it may handle (issue 18): not in
// its record (SIGWINCH ends it, after any SIGCONT: lower signals are taken first), not in the log.
TEST_P(ShutdownFaults, RunningChildGetsNoSigcont) {
  for (const bool group : {false, true}) {
    SCOPED_TRACE(group ? "-p" : "without -p");
    auto run = start(GetParam(), with_group(group, {"-v", "--grace", "10s"}),
                     {"record", "DIR", std::to_string(SIGWINCH)});
    run->init->send(SIGTERM);
    ASSERT_TRUE(run->init->wait_for([&] { return has_received(run->dir.path(), SIGTERM); }))
        << run->log();
    run->init->send(SIGWINCH);
    const Exit exit = run->init->wait(60s);
    EXPECT_EQ(exit.code, 0) << run->log();
    EXPECT_FALSE(has_received(run->dir.path(), SIGCONT)) << read_file(run->dir / "signals");
    EXPECT_FALSE(run->logged("SIGCONT")) << run->log();
  }
}

// docker kill -s TSTP: forwarded, and the child (SIGTSTP at its default) stops.
TEST_P(ShutdownFaults, ChildStoppedByAForwardedSigtstpEndsOnItsSigterm) {
  auto run = start(GetParam(), {"--grace", "10s"}, {"stoppable", "DIR"});
  const pid_t child = run->init->child_pid();
  run->init->send(SIGTSTP);
  ASSERT_TRUE(wait_until([&] { return state_of(child) == 'T'; })) << "SIGTSTP did not stop it";
  run->init->send(SIGTERM);
  const Exit exit = run->init->wait(60s);
  EXPECT_EQ(exit.code, 0) << "the stopped child was never continued: " << run->log();
}

TEST_P(ShutdownFaults, StoppedLeftoverGetsSigcontAndFinishesItsCleanup) {
  LUCID_SKIP_WITHOUT_SUBREAPER(GetParam());
  // The child dies of SIGTERM; the grandchild needs a second of cleanup after its SIGTERM.
  auto run = start(GetParam(), {"--grace", "10s"}, {"family", "DIR", "cleanup", "sleep"});
  const auto grandchildren = children_of(run->init->child_pid());
  ASSERT_EQ(grandchildren.size(), 1u);
  stop(grandchildren.front());
  run->init->send(SIGTERM);
  const Exit exit = run->init->wait(60s);
  EXPECT_EQ(exit.code, 128 + SIGTERM) << run->log();
  EXPECT_TRUE(file_exists(run->dir / "gc-cleaned")) << "the stopped leftover was never continued";
  EXPECT_NE(run->summary().find("leftovers: 1 ended after SIGTERM, 0 killed"), std::string::npos)
      << run->log();
}

// The child has exited 3 and the leftover is in its 3 s of cleanup when `docker stop` comes.
TEST_P(ShutdownFaults, ShutdownSignalDuringTheDrainLetsLeftoversFinish) {
  LUCID_SKIP_WITHOUT_SUBREAPER(GetParam());
  auto run = start(GetParam(), {"--grace", "30s"}, {"leftover", "DIR", "3000", "3"});
  ASSERT_TRUE(run->init->wait_for([&] { return file_exists(run->dir / "gc-term"); }))
      << "the leftover never got SIGTERM: " << run->log();
  run->init->send(SIGTERM);
  const Exit exit = run->init->wait(60s);
  EXPECT_EQ(exit.code, 3) << "the status must be the child's: " << run->log();
  EXPECT_TRUE(file_exists(run->dir / "gc-cleaned")) << "the leftover's cleanup was cut off";
  EXPECT_TRUE(run->logged("shutdown: SIGTERM while leftover processes end")) << run->log();
  const std::string summary = run->summary();
  EXPECT_NE(summary.find("shutdown on SIGTERM"), std::string::npos) << summary;
  EXPECT_NE(summary.find("leftovers: 1 ended after SIGTERM, 0 killed"), std::string::npos)
      << summary;
}

TEST_P(ShutdownFaults, SecondShutdownSignalDuringTheDrainKillsTheLeftovers) {
  LUCID_SKIP_WITHOUT_SUBREAPER(GetParam());
  // The grandchild records SIGTERM and survives it; the child exits 3 at once.
  auto run = start(GetParam(), {"--grace", "60s"}, {"family", "DIR", "record:0", "exit:3"});
  ASSERT_TRUE(run->init->wait_for([&] { return has_received(run->dir / "gc", SIGTERM); }))
      << "the leftover never got SIGTERM: " << run->log();
  run->init->send(SIGTERM);
  ASSERT_TRUE(run->wait_for_log("shutdown: SIGTERM while leftover processes end")) << run->log();
  run->init->send(SIGTERM);
  const Exit exit = run->init->wait(90s);
  EXPECT_EQ(exit.code, 3) << "the status must be the child's: " << run->log();
  EXPECT_TRUE(run->logged("warning: second shutdown signal, sending SIGKILL to leftover processes"))
      << run->log();
  EXPECT_NE(run->summary().find("leftovers: 0 ended after SIGTERM, 1 killed"), std::string::npos)
      << run->log();
  EXPECT_LT(seconds_between(run->init->started(), exit.ended), 45.0) << "waited for the deadline";
}

INSTANTIATE_TEST_SUITE_P(Modes, ShutdownFaults, ::testing::ValuesIn(kAllModes), ModeName());

}  // namespace
}  // namespace lucid_test
