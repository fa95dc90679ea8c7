// lucid-init searches PATH itself (so that no shell is ever involved, see exec_format_test.cpp):
// the search and its exit statuses must answer as execvp's did. A file that is found but not
// executable is remembered and the search goes on; only when nothing later runs is the answer
// "Permission denied", 126.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include "init_process.hpp"

namespace lucid_test {
namespace {

class ExecPath : public ::testing::TestWithParam<Mode> {};

const std::string kName = "lucid-path-test-program";

TEST_P(ExecPath, NotExecutableEarlierOnPathIsPassedOver) {
  TempDir dir;
  mkdir((dir / "a").c_str(), 0755);
  mkdir((dir / "b").c_str(), 0755);
  write_file(dir / "a/" + kName, "#!/bin/sh\nexit 3\n", 0644);
  write_file(dir / "b/" + kName, read_file(child_binary()), 0755);
  const Exit exit =
      run_init({GetParam(), {kName, "exit", "42"}, {{"PATH", dir / "a:" + dir / "b"}}});
  EXPECT_EQ(exit.code, 42) << exit.err;
}

TEST_P(ExecPath, OnlyNotExecutableOnPathGives126PermissionDenied) {
  TempDir dir;
  write_file(dir / kName, "#!/bin/sh\nexit 3\n", 0644);
  for (const bool exec : {false, true}) {
    Launch launch(GetParam(), {kName}, {{"PATH", "/nonexistent:" + dir.path() + ":/usr/bin"}});
    if (exec) launch.args.insert(launch.args.begin(), "--exec");
    const Exit exit = run_init(launch);
    EXPECT_EQ(exit.code, 126) << exit.err;
    EXPECT_EQ(exit.err_lines_starting("lucid-init: error: cannot execute '" + kName +
                                      "': Permission denied")
                  .size(),
              1u)
        << exit.err;
  }
}

// An empty PATH entry means the working directory, as in execvp.
TEST_P(ExecPath, EmptyPathEntryIsTheWorkingDirectory) {
  TempDir dir;
  write_file(dir / kName, read_file(child_binary()), 0755);
  Launch launch(GetParam(), {kName, "exit", "42"}, {{"PATH", "/nonexistent::/usr/bin"}});
  launch.cwd = dir.path();
  const Exit exit = run_init(launch);
  EXPECT_EQ(exit.code, 42) << exit.err;
}

// E2BIG stops the search like any error but a miss: an argument that fits lucid-init's own exec
// but not, once {host} has become 0.0.0.0 (one byte longer), the child's.
TEST_P(ExecPath, ArgumentTooLongForTheChildGives126) {
  constexpr std::size_t kMaxArgument = 32 * 4096;  // MAX_ARG_STRLEN, the NUL included
  const std::string arg = "{host}" + std::string(kMaxArgument - 1 - 6, 'x');
  for (const bool exec : {false, true}) {
    Launch launch(GetParam(),
                  with_child({"--service", "api", "--default-port", "8000"}, {"exit", "0", arg}));
    if (exec) launch.args.insert(launch.args.begin(), "--exec");
    const Exit exit = run_init(launch);
    EXPECT_EQ(exit.code, 126) << exit.err;
    EXPECT_EQ(exit.err_lines_starting("lucid-init: error: cannot execute '" + child_binary() +
                                      "': Argument list too long")
                  .size(),
              1u)
        << exit.err;
  }
}

INSTANTIATE_TEST_SUITE_P(Modes, ExecPath, ::testing::ValuesIn(kAllModes), ModeName());

}  // namespace
}  // namespace lucid_test
