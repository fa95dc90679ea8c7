// Job control on a terminal (`docker run -it`), after dumb-init's and tini's tty scenarios: the
// child owns the terminal's foreground, so it can read from it, Ctrl-Z stops it (not lucid-init),
// a SIGCONT sent to lucid-init resumes it, and Ctrl-backslash ends it with 131. Ctrl-C is the
// integration suite's Terminal test.
//
// The child must own the terminal from its first instruction (a program that reads at once would
// otherwise be stopped by SIGTTIN), so lucid-init hands it over from both sides of the fork.
// ChildOwnsTheTerminalFromItsFirstInstruction caught the child's side calling tcsetpgrp(fd, 0),
// which fails (ESRCH) and left only the parent's call, racing the child's exec.
#include <gtest/gtest.h>

#include <csignal>

#include "init_process.hpp"
#include "peers_support.hpp"

namespace lucid_test {
namespace {

class JobControl : public ::testing::TestWithParam<Mode> {};

TEST_P(JobControl, ForegroundChildReadsIsSuspendedAndResumed) {
  TempDir dir;
  Launch launch{GetParam(), with_peers_child({}, "terminal", dir.path())};
  launch.pty = true;
  InitProcess init(launch);
  ASSERT_TRUE(init.wait_for([&] { return file_exists(dir / "ready"); })) << init.wait().out;
  ASSERT_NE(read_file(dir / "ready").find("fg=1"), std::string::npos)
      << "the child is not the terminal's foreground group: " << read_file(dir / "ready");
  const pid_t child = static_cast<pid_t>(field(read_file(dir / "ready"), "pid"));
  const pid_t host_child = init.child_pid();

  init.write_terminal("hello\n");
  ASSERT_TRUE(init.wait_for([&] { return file_exists(dir / "line"); }))
      << "a foreground read did not complete";
  EXPECT_EQ(read_file(dir / "line"), "hello\n");

  init.write_terminal("\x1a");  // Ctrl-Z
  EXPECT_TRUE(init.wait_for([&] { return process_state(host_child) == 'T'; }))
      << "Ctrl-Z did not stop the child (pid " << child << ")";
  EXPECT_NE(process_state(init.init_pid()), 'T') << "lucid-init was stopped too";

  init.send(SIGCONT);
  EXPECT_TRUE(init.wait_for([&] { return file_exists(dir / "continued"); }))
      << "SIGCONT sent to lucid-init did not reach the child";
  EXPECT_TRUE(init.wait_for([&] { return process_state(host_child) != 'T'; }));

  init.write_terminal("\x1c");  // Ctrl-backslash: SIGQUIT from the terminal
  const Exit exit = init.wait();
  EXPECT_EQ(exit.code, 128 + SIGQUIT) << exit.out;
}

TEST_P(JobControl, ChildOwnsTheTerminalFromItsFirstInstruction) {
  for (int run = 0; run < 20; ++run) {
    TempDir dir;
    Launch launch{GetParam(), with_peers_child({}, "terminal-start", dir.path())};
    launch.pty = true;
    const Exit exit = run_init(launch);
    ASSERT_EQ(exit.code, 0) << exit.out;
    EXPECT_NE(read_file(dir / "ready").find("at-start=1"), std::string::npos)
        << "run " << run
        << ": the child ran before it owned the terminal: " << read_file(dir / "ready");
  }
}

INSTANTIATE_TEST_SUITE_P(Modes, JobControl, ::testing::ValuesIn(kAllModes), ModeName());

}  // namespace
}  // namespace lucid_test
