// Starting PROGRAM: PATH lookup like execvp, 126 when it cannot be executed, 127 when it is not
// found, each with one clear error line; arguments and working directory passed unchanged.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include "init_process.hpp"

namespace lucid_test {
namespace {

class Launching : public ::testing::TestWithParam<Mode> {};

std::string directory_of(const std::string& path) { return path.substr(0, path.rfind('/')); }

void expect_cannot_execute(const Exit& exit, const std::string& program, const std::string& why) {
  const auto errors =
      exit.err_lines_starting("lucid-init: error: cannot execute '" + program + "'");
  ASSERT_EQ(errors.size(), 1u) << exit.err;
  EXPECT_NE(errors[0].find(why), std::string::npos) << errors[0];
}

TEST_P(Launching, MissingProgramGives127) {
  for (const std::string program :
       {"/nonexistent/lucid-test-program", "lucid-test-no-such-program"}) {
    // A PATH of directories everyone may search: as uid 65532 an unreadable entry (such as one
    // under /root) would rightly turn the answer into EACCES, like execvp.
    const Exit exit = run_init({GetParam(), {program, "arg"}, {{"PATH", "/usr/bin:/bin"}}});
    EXPECT_EQ(exit.code, 127) << exit.err;
    expect_cannot_execute(exit, program, "No such file or directory");
  }
}

TEST_P(Launching, NonExecutableProgramGives126) {
  TempDir dir;
  write_file(dir / "not-executable", "#!/bin/sh\nexit 0\n", 0644);
  const Exit exit = run_init({GetParam(), {dir / "not-executable"}});
  EXPECT_EQ(exit.code, 126) << exit.err;
  expect_cannot_execute(exit, dir / "not-executable", "Permission denied");

  const Exit directory = run_init({GetParam(), {dir.path()}});
  EXPECT_EQ(directory.code, 126) << directory.err;
  expect_cannot_execute(directory, dir.path(), "Permission denied");
}

TEST_P(Launching, ProgramIsFoundOnPath) {
  const std::string name = child_binary().substr(child_binary().rfind('/') + 1);
  const Exit exit = run_init({GetParam(),
                              {name, "exit", "42"},
                              {{"PATH", "/nonexistent:" + directory_of(child_binary())}}});
  EXPECT_EQ(exit.code, 42) << exit.err;
}

TEST_P(Launching, ArgumentsEnvironmentAndDirectoryPassUnchanged) {
  const std::vector<std::string> args = {"", "two words", "--grace", "-x", "{not-a-token}", "ü"};
  std::vector<std::string> child = {"info"};
  child.insert(child.end(), args.begin(), args.end());
  TempDir dir;
  Launch launch{GetParam(), with_child({}, child), {{"LUCID_TEST_MARK", "a=b c"}}};
  launch.cwd = dir.path();
  const Exit exit = run_init(launch);
  ASSERT_EQ(exit.code, 0) << exit.err;
  std::vector<std::string> seen;
  bool has_mark = false;
  std::string cwd;
  for (const auto& line : split_lines(exit.out)) {
    if (line.rfind("arg=", 0) == 0) seen.push_back(line.substr(4));
    if (line == "env=LUCID_TEST_MARK=a=b c") has_mark = true;
    if (line.rfind("cwd=", 0) == 0) cwd = line.substr(4);
  }
  EXPECT_EQ(seen, args);
  EXPECT_TRUE(has_mark) << exit.out;
  EXPECT_EQ(cwd, dir.path());
}

TEST_P(Launching, ChildIsTheOnlyDirectChild) {
  TempDir dir;
  InitProcess init({GetParam(), with_child({}, {"record", dir.path(), "15"})});
  ASSERT_TRUE(init.wait_for([&] { return file_exists(dir / "ready"); })) << init.wait().err;
  EXPECT_EQ(children_of(init.init_pid()).size(), 1u);
  init.send(SIGTERM);
  EXPECT_EQ(init.wait().code, 0);
}

INSTANTIATE_TEST_SUITE_P(Modes, Launching, ::testing::ValuesIn(kAllModes), ModeName());

}  // namespace
}  // namespace lucid_test
