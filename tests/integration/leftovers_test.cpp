// What happens to the processes left when the main child is gone: they get SIGTERM, then
// SIGKILL at the grace deadline, and lucid-init exits the moment none is left. A grandchild that
// needs time for its own cleanup gets it (tini, dumb-init and catatonit cut it off).
#include <gtest/gtest.h>

#include <csignal>
#include <cstdlib>

#include "init_process.hpp"

namespace lucid_test {
namespace {

class Leftovers : public ::testing::TestWithParam<Mode> {};

std::vector<std::string> family(const TempDir& dir, const std::string& grandchild,
                                const std::string& child) {
  return {"family", dir.path(), grandchild, child};
}

TEST_P(Leftovers, GrandchildFinishesItsCleanupAndLucidInitExitsRightAfter) {
  LUCID_SKIP_WITHOUT_SUBREAPER(GetParam());
  TempDir dir;
  InitProcess init({GetParam(), with_child({"--grace", "30s"}, family(dir, "cleanup", "sleep"))});
  ASSERT_TRUE(init.wait_for([&] { return file_exists(dir / "ready"); })) << init.wait().err;
  const auto sent = Clock::now();
  // The child dies of SIGTERM at once; the grandchild gets SIGTERM as a leftover and needs 1 s.
  init.send(SIGTERM);
  const Exit exit = init.wait(60s);
  EXPECT_EQ(exit.code, 128 + SIGTERM) << exit.err;
  EXPECT_TRUE(file_exists(dir / "gc-cleaned")) << "the grandchild's cleanup was cut off";
  EXPECT_GE(seconds_between(sent, exit.ended), 0.9) << "did not wait for the grandchild";
  EXPECT_LT(seconds_between(sent, exit.ended), 10.0) << "waited for the 30 s grace deadline";
}

TEST_P(Leftovers, LeftoverIgnoringSigtermIsKilledAtTheDeadline) {
  LUCID_SKIP_WITHOUT_SUBREAPER(GetParam());
  TempDir dir;
  // The child exits 3 on its own; the grandchild records SIGTERM and survives it.
  InitProcess init({GetParam(), with_child({"--grace", "1s"}, family(dir, "record:0", "exit:3"))});
  ASSERT_TRUE(init.wait_for([&] { return file_exists(dir / "ready"); })) << init.wait().err;
  const auto child_gone = Clock::now();
  const Exit exit = init.wait();
  EXPECT_EQ(exit.code, 3) << "the status must be the child's, not the leftover's: " << exit.err;
  EXPECT_TRUE(has_received(dir / "gc", SIGTERM)) << "the leftover never got SIGTERM first";
  EXPECT_GE(seconds_between(child_gone, exit.ended), 0.8) << "SIGKILL before the grace deadline";
  if (!is_pid1(GetParam())) {
    // As PID 1 the namespace's end takes everything with it; as a subreaper it must kill.
    const pid_t grandchild = static_cast<pid_t>(std::atoi(read_file(dir / "gc.pid").c_str()));
    EXPECT_TRUE(wait_until([&] { return !process_exists(grandchild); }, 5s));
  }
}

TEST_P(Leftovers, LeftoversThatStopOnSigtermEndItQuickly) {
  LUCID_SKIP_WITHOUT_SUBREAPER(GetParam());
  TempDir dir;
  InitProcess init(
      {GetParam(), with_child({"--grace", "30s"}, family(dir, "record:15", "exit:4"))});
  const Exit exit = init.wait(60s);
  EXPECT_EQ(exit.code, 4) << exit.err;
  EXPECT_TRUE(has_received(dir / "gc", SIGTERM));
  EXPECT_LT(seconds_between(init.started(), exit.ended), 10.0) << "waited for the grace deadline";
}

TEST_P(Leftovers, ExitsAsSoonAsNothingIsLeftAfterShutdown) {
  LUCID_SKIP_WITHOUT_SUBREAPER(GetParam());
  TempDir dir;
  // Both the child and the grandchild die of SIGTERM at once.
  InitProcess init({GetParam(), with_child({"--grace", "30s"}, family(dir, "sleep", "sleep"))});
  ASSERT_TRUE(init.wait_for([&] { return file_exists(dir / "ready"); })) << init.wait().err;
  const auto sent = Clock::now();
  init.send(SIGTERM);
  const Exit exit = init.wait(60s);
  EXPECT_EQ(exit.code, 128 + SIGTERM) << exit.err;
  EXPECT_LT(seconds_between(sent, exit.ended), 10.0) << "waited for the grace deadline";
}

INSTANTIATE_TEST_SUITE_P(Modes, Leftovers, ::testing::ValuesIn(kAllModes), ModeName());

}  // namespace
}  // namespace lucid_test
