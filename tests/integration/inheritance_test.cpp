// What the child inherits from lucid-init's own start: exactly the signal mask and ignored set
// lucid-init was given (never lucid-init's working mask), the descriptors lucid-init inherited,
// and none of lucid-init's own descriptors.
#include <gtest/gtest.h>

#include <csignal>

#include "init_process.hpp"

namespace lucid_test {
namespace {

class Inheritance : public ::testing::TestWithParam<Mode> {};

TEST_P(Inheritance, ChildGetsTheSignalMaskAndIgnoredSetLucidInitWasGiven) {
  Launch launch{GetParam(), with_child({}, {"sigstate"})};
  // Unusual on purpose: a supervisor that resets to empty sets, or leaks its own, fails.
  launch.blocked_signals = {SIGUSR2, SIGWINCH, 40};
  launch.ignored_signals = {SIGHUP, SIGPIPE, SIGTTOU};
  const Exit exit = run_init(launch);
  EXPECT_EQ(exit.code, 0) << exit.err;
  EXPECT_EQ(exit.out, "blocked=12,28,40\nignored=1,13,22\n");
}

TEST_P(Inheritance, ChildGetsEmptySetsWhenLucidInitHadNone) {
  const Exit exit = run_init({GetParam(), with_child({}, {"sigstate"})});
  EXPECT_EQ(exit.code, 0) << exit.err;
  EXPECT_EQ(exit.out, "blocked=\nignored=\n");
}

TEST_P(Inheritance, InheritedDescriptorsPassAndOwnOnesDoNot) {
  TempDir dir;
  Launch launch{GetParam(), with_child({}, {"fds"})};
  launch.inherited_files = {{5, dir / "inherited"}};
  const Exit exit = run_init(launch);
  ASSERT_EQ(exit.code, 0) << exit.err;

  // stdin is /dev/null, stdout and stderr the harness's pipes, fd 5 the file: nothing else.
  std::vector<int> fds;
  for (const auto& line : split_lines(exit.out)) {
    fds.push_back(static_cast<int>(field(line, "fd")));
    if (field(line, "fd") == 5) {
      EXPECT_NE(line.find(dir / "inherited"), std::string::npos) << line;
    }
  }
  EXPECT_EQ(fds, (std::vector<int>{0, 1, 2, 5})) << exit.out;
}

INSTANTIATE_TEST_SUITE_P(Modes, Inheritance, ::testing::ValuesIn(kAllModes), ModeName());

}  // namespace
}  // namespace lucid_test
