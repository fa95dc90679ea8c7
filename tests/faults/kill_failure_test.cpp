// A kill() the kernel refuses: lucid-init runs as uid 65532, its child is a setuid-root program
// that made root its real uid too (EPERM for every signal). The log never claims a signal was
// sent that was not, and the grace deadline still ends the container: as PID 1, lucid-init exits
// when its SIGKILL cannot be delivered, and the kernel ends every process of the namespace.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <csignal>
#include <filesystem>

#include "init_process.hpp"

namespace lucid_test {
namespace {

bool contains(const Exit& exit, const std::string& text) {
  return exit.err.find(text) != std::string::npos;
}

// A setuid-root copy of the test child in `dir`.
std::string setuid_child(const TempDir& dir) {
  const std::string suid = dir / "suid-child";
  std::filesystem::copy_file(child_binary(), suid);
  EXPECT_EQ(chown(suid.c_str(), 0, 0), 0);
  EXPECT_EQ(chmod(suid.c_str(), 04755), 0);
  return suid;
}

TEST(KillFailure, UndeliverableSignalsAreWarningsAndTheDeadlineEndsTheNamespace) {
  TempDir dir;
  const std::string suid = setuid_child(dir);

  InitProcess init({Mode::kPid1Unprivileged, {"--grace", "1s", suid, "setuid-root", dir.path()}});
  ASSERT_TRUE(init.wait_for([&] {
    return file_exists(dir / "ready") || file_exists(dir / "not-setuid");
  })) << init.wait().err;
  if (file_exists(dir / "not-setuid")) {
    init.wait();
    GTEST_SKIP() << "the setuid bit has no effect here (qemu-user's binfmt entry runs the "
                    "emulator with the caller's credentials)";
  }
  init.send(SIGUSR1);
  init.send(SIGTERM);
  const Exit exit = init.wait(10s);
  EXPECT_FALSE(exit.timed_out) << "lucid-init waited for a child it cannot kill";
  EXPECT_EQ(exit.code, 137) << exit.err;
  EXPECT_TRUE(contains(exit,
                       "lucid-init: warning: cannot send SIGUSR1 to pid 2: Operation not "
                       "permitted"))
      << exit.err;
  EXPECT_TRUE(contains(exit,
                       "lucid-init: warning: cannot send SIGTERM to pid 2: Operation not "
                       "permitted"))
      << exit.err;
  EXPECT_FALSE(contains(exit, "forwarding SIGTERM")) << exit.err;
  EXPECT_FALSE(contains(exit, "sending SIGKILL")) << exit.err;
  EXPECT_TRUE(contains(exit, "SIGKILL cannot reach pid 2: exiting")) << exit.err;
  EXPECT_TRUE(contains(exit, "lucid-init: exit 137: SIGKILL could not reach pid 2")) << exit.err;
}

// The child exits and leaves two processes behind: one lucid-init can kill, and a setuid one it
// cannot. kill(-1, SIGKILL) succeeds (it reached one), so only time tells the second one apart.
TEST(KillFailure, LeftoverThatSurvivesSigkillDoesNotHoldPid1) {
  TempDir dir;
  const std::string suid = setuid_child(dir);
  InitProcess init({Mode::kPid1Unprivileged,
                    {"--grace", "1s", "/bin/sh", "-c",
                     child_binary() + " sleep & " + suid + " setuid-root " + dir.path() +
                         " & while [ ! -e " + dir.path() + "/ready ] && [ ! -e " + dir.path() +
                         "/not-setuid ]; do sleep 0.01; done"}});
  const Exit exit = init.wait(15s);
  if (file_exists(dir / "not-setuid")) {
    GTEST_SKIP() << "the setuid bit has no effect here (qemu-user's binfmt entry runs the "
                    "emulator with the caller's credentials)";
  }
  EXPECT_FALSE(exit.timed_out) << "lucid-init waited for a leftover it cannot kill";
  EXPECT_EQ(exit.code, 0) << "the child's own status: " << exit.err;
  EXPECT_TRUE(contains(exit, "processes still running 1s after SIGKILL: exiting")) << exit.err;
}

}  // namespace
}  // namespace lucid_test
