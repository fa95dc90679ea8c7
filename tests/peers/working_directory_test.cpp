// dumb-init's working-directory scenario: the child starts in the directory lucid-init was
// started in (a Dockerfile's WORKDIR), and a relative PROGRAM is found there. dumb-init moves
// itself to / after the fork; lucid-init stays where it was started, like tini and catatonit:
// the child holds that directory for as long as it runs anyway, and in a container nothing is
// unmounted under PID 1, so moving would free nothing. The test pins that decision down.
#include <gtest/gtest.h>
#include <unistd.h>

#include <csignal>
#include <filesystem>

#include "init_process.hpp"
#include "peers_support.hpp"

namespace lucid_test {
namespace {

class WorkingDirectory : public ::testing::TestWithParam<Mode> {};

TEST_P(WorkingDirectory, ChildStartsWhereLucidInitWasStarted) {
  TempDir workdir;
  // A relative PROGRAM, resolved against the working directory like execvp does.
  std::filesystem::create_symlink(child_binary(), workdir / "service");
  const ScopedWorkingDirectory here(workdir.path());
  const Exit exit = run_init({GetParam(), {"./service", "info"}});
  ASSERT_EQ(exit.code, 0) << exit.err;
  EXPECT_NE(exit.out.find("cwd=" + workdir.path() + "\n"), std::string::npos) << exit.out;
}

TEST_P(WorkingDirectory, LucidInitStaysWhereItWasStarted) {
  TempDir workdir;
  TempDir scratch;
  const ScopedWorkingDirectory here(workdir.path());
  InitProcess init({GetParam(), with_child({}, {"record", scratch.path(), "15"})});
  ASSERT_TRUE(init.wait_for([&] { return file_exists(scratch / "ready"); })) << init.wait().err;
  EXPECT_EQ(read_link("/proc/" + std::to_string(init.init_pid()) + "/cwd"), workdir.path());
  init.send(SIGTERM);
  EXPECT_EQ(init.wait().code, 0);
}

INSTANTIATE_TEST_SUITE_P(Modes, WorkingDirectory, ::testing::ValuesIn(kAllModes), ModeName());

}  // namespace
}  // namespace lucid_test
