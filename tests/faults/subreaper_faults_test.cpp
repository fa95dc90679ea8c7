// lucid-init as a child subreaper (not PID 1: `docker run --init`, or under another init): the
// leftovers it must find itself, in /proc. A pid the kernel reuses for a newly re-parented
// leftover still gets its SIGTERM; without a readable /proc the grace deadline still ends the wait.
#include <gtest/gtest.h>

#include "init_process.hpp"

namespace lucid_test {
namespace {

// lucid-init in a PID namespace of the test's own, under a stand-in PID 1, so the test child can
// steer pid numbers (ns_last_pid) without racing the rest of the machine.
TEST(SubreaperFaults, LeftoverWithAReusedPidGetsItsOwnSigterm) {
  LUCID_SKIP_WITHOUT_SUBREAPER(Mode::kSubreaper);
  TempDir dir;
  Launch launch(Mode::kSubreaper, with_child({"--grace", "5s"}, {"reuse-pid", dir.path()}));
  launch.wrapper = {"/usr/bin/unshare", "--pid",        "--fork",
                    "--mount-proc",     child_binary(), "spawn-and-wait"};
  const Exit exit = run_init(launch);
  ASSERT_TRUE(file_exists(dir / "third")) << exit.err;
  ASSERT_EQ(read_file(dir / "third").find("reused=1"), read_file(dir / "third").find("reused="))
      << "the kernel did not reuse the pid, so this run proves nothing: "
      << read_file(dir / "third");
  EXPECT_TRUE(file_exists(dir / "third-term"))
      << "the leftover with a reused pid never got a SIGTERM\n"
      << exit.err;
  EXPECT_EQ(exit.code, 0) << exit.err;
  EXPECT_EQ(exit.err.find("sending SIGKILL"), std::string::npos) << exit.err;
}

TEST(SubreaperFaults, WithoutProcTheDeadlineStillEndsTheWait) {
  LUCID_SKIP_WITHOUT_SUBREAPER(Mode::kSubreaper);
#ifdef LUCID_TEST_SANITIZED
  GTEST_SKIP() << "the sanitizer runtime reads its options and runs its leak check through /proc";
#endif
  TempDir dir;
  Launch launch(Mode::kSubreaper,
                with_child({"--grace", "1s"}, {"family", dir.path(), "record:0", "exit:0"}));
  launch.wrapper = {child_binary(), "no-proc"};
  InitProcess init(launch);
  const Exit exit = init.wait(15s);
  EXPECT_FALSE(exit.timed_out) << "lucid-init waited for leftovers it cannot find";
  EXPECT_EQ(exit.code, 0) << exit.err;
  EXPECT_NE(exit.err.find("/proc is not readable"), std::string::npos) << exit.err;
}

}  // namespace
}  // namespace lucid_test
