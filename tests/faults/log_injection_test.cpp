// Values from outside in lucid-init's log lines: a program name with a newline and an escape
// sequence cannot end the line or forge another one (docker logs shows each line as an event).
#include <gtest/gtest.h>
#include <unistd.h>

#include "init_process.hpp"

namespace lucid_test {
namespace {

class LogInjection : public ::testing::TestWithParam<Mode> {};

const std::string kForged = "\n\x1b[31mFAKE\x1b[0m lucid-init: exit 0: forged";

void expect_no_forged_line(const Exit& exit) {
  for (const auto& line : exit.err_lines()) {
    EXPECT_EQ(line.rfind("lucid-init: ", 0), 0U) << "a line lucid-init did not write: " << line;
    EXPECT_EQ(line.find('\x1b'), std::string::npos) << "a raw escape sequence: " << line;
  }
  EXPECT_NE(exit.err.find("\\x0a\\x1b[31mFAKE"), std::string::npos) << exit.err;
}

TEST_P(LogInjection, ProgramNameThatCannotBeExecuted) {
  const Exit exit = run_init({GetParam(), {"--", "/nonexistent" + kForged}});
  EXPECT_EQ(exit.code, 127);
  expect_no_forged_line(exit);
}

TEST_P(LogInjection, ProgramNameThatCannotBeExecutedInPlace) {
  const Exit exit = run_init({GetParam(), {"--exec", "--", "/nonexistent" + kForged}});
  EXPECT_EQ(exit.code, 127);
  expect_no_forged_line(exit);
}

TEST_P(LogInjection, ProgramNameThatStarts) {
  TempDir dir;
  const std::string program = dir / ("service" + kForged);
  ASSERT_EQ(symlink(child_binary().c_str(), program.c_str()), 0);
  const Exit exit = run_init({GetParam(), {"--", program, "exit", "0"}});
  EXPECT_EQ(exit.code, 0);
  expect_no_forged_line(exit);
}

INSTANTIATE_TEST_SUITE_P(Modes, LogInjection, ::testing::ValuesIn(kAllModes), ModeName());

}  // namespace
}  // namespace lucid_test
