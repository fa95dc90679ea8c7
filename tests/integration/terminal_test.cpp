// On a terminal the child gets the foreground process group, so Ctrl-C is delivered to it by
// the kernel (not relayed), and lucid-init reports 130.
#include <gtest/gtest.h>

#include <csignal>

#include "init_process.hpp"

namespace lucid_test {
namespace {

class Terminal : public ::testing::TestWithParam<Mode> {};

constexpr int kSiKernel = 0x80;  // si_code of signals the kernel generates (e.g. from a tty)

TEST_P(Terminal, CtrlCReachesTheChildInTheForeground) {
  TempDir dir;
  Launch launch{GetParam(), with_child({}, {"record", dir.path(), "2", "die"})};
  launch.pty = true;
  InitProcess init(launch);
  ASSERT_TRUE(init.wait_for([&] { return file_exists(dir / "ready"); })) << init.wait().out;
  EXPECT_EQ(field(read_file(dir / "ready"), "fg"), 1) << "the child is not the foreground group";

  init.write_terminal("\x03");
  const Exit exit = init.wait();
  EXPECT_EQ(exit.code, 128 + SIGINT) << exit.out;
  const auto got = received_signals(dir.path());
  ASSERT_FALSE(got.empty());
  EXPECT_EQ(got.front().signo, SIGINT);
  EXPECT_EQ(got.front().code, kSiKernel) << "SIGINT came from a process, not from the terminal";
}

INSTANTIATE_TEST_SUITE_P(Modes, Terminal, ::testing::ValuesIn(kAllModes), ModeName());

}  // namespace
}  // namespace lucid_test
