// The command line and the environment variables: --help, --version, option parsing, and one
// clear error line with exit 2 for every bad value, with nothing started.
#include <gtest/gtest.h>

#include <regex>

#include "init_process.hpp"

namespace lucid_test {
namespace {

// Runs lucid-init with a child that would leave a marker file, expecting a configuration error.
Exit expect_config_error(Mode mode, const std::vector<std::string>& options, const Env& env = {}) {
  TempDir dir;
  const Exit exit = run_init({mode, with_child(options, {"touch", dir / "started"}), env});
  EXPECT_EQ(exit.code, 2) << testing::PrintToString(options) << " " << exit.err;
  EXPECT_FALSE(file_exists(dir / "started")) << "the child was started despite the error";
  const auto lines = exit.err_lines();
  EXPECT_EQ(lines.size(), 1u) << "expected exactly one line:\n" << exit.err;
  if (!lines.empty()) {
    EXPECT_EQ(lines[0].rfind("lucid-init: error: ", 0), 0u) << lines[0];
  }
  return exit;
}

void expect_bad_value(const Exit& exit, const std::string& name, const std::string& value) {
  EXPECT_NE(exit.err.find(name + "='" + value + "': "), std::string::npos)
      << "want " << name << "='" << value << "': <rule> in: " << exit.err;
}

class CommandLine : public ::testing::TestWithParam<Mode> {};

TEST_P(CommandLine, HelpPrintsUsageAndExits0) {
  for (const std::string flag : {"--help", "-h"}) {
    TempDir dir;
    const Exit exit = run_init({GetParam(), with_child({flag}, {"touch", dir / "started"})});
    EXPECT_EQ(exit.code, 0) << exit.err;
    EXPECT_NE(exit.out.find("sage"), std::string::npos) << exit.out;  // Usage / usage
    EXPECT_NE(exit.out.find("--grace"), std::string::npos) << exit.out;
    EXPECT_FALSE(file_exists(dir / "started"));
  }
}

TEST_P(CommandLine, VersionPrintsVersionRevisionAndDate) {
  for (const std::string flag : {"--version", "-V"}) {
    const Exit exit = run_init({GetParam(), {flag}});
    EXPECT_EQ(exit.code, 0) << exit.err;
    EXPECT_TRUE(
        std::regex_match(exit.out, std::regex(R"(lucid-init \S+ \(rev \S+, built \S+\)\n)")))
        << exit.out;
  }
}

TEST_P(CommandLine, UnknownOptionIsNamed) {
  const Exit exit = expect_config_error(GetParam(), {"--no-such-option"});
  EXPECT_NE(exit.err.find("no-such-option"), std::string::npos) << exit.err;
  const Exit short_option = expect_config_error(GetParam(), {"-Z"});
  EXPECT_NE(short_option.err.find("Z"), std::string::npos) << short_option.err;
}

TEST_P(CommandLine, MissingProgramIsAnError) {
  const Exit exit = run_init({GetParam(), {"--grace", "1s"}});
  EXPECT_EQ(exit.code, 2) << exit.err;
  EXPECT_EQ(exit.err_lines_starting("lucid-init: error: ").size(), 1u) << exit.err;
}

TEST_P(CommandLine, OptionsStopAtTheProgramAndAfterDoubleDash) {
  const Exit first =
      run_init({GetParam(), with_child({"-g", "2s"}, {"info", "-x", "--grace", "abc", "-V"})});
  EXPECT_EQ(first.code, 0) << first.err;
  EXPECT_NE(first.out.find("arg=-x\narg=--grace\narg=abc\narg=-V\n"), std::string::npos)
      << first.out;

  std::vector<std::string> args = {"-g", "2s", "--", child_binary(), "info", "--version"};
  const Exit second = run_init({GetParam(), args});
  EXPECT_EQ(second.code, 0) << second.err;
  EXPECT_NE(second.out.find("arg=--version\n"), std::string::npos) << second.out;
}

INSTANTIATE_TEST_SUITE_P(Modes, CommandLine, ::testing::ValuesIn(kAllModes), ModeName());

// Value checks do not depend on how lucid-init runs: the cheapest mode suffices.
constexpr Mode kMode = Mode::kSubreaper;

TEST(Durations, ValidForms) {
  for (const std::string value : {"500ms", "9s", "1.5s", "2m", "1h", "24h", "0", "7"}) {
    for (const auto& launch :
         {Launch{kMode, with_child({"--grace", value}, {"exit", "0"})},
          Launch{kMode, with_child({"--stop-delay", value}, {"exit", "0"})},
          Launch{kMode, with_child({}, {"exit", "0"}), {{"LUCID_INIT_GRACE", value}}}}) {
      const Exit exit = run_init(launch);
      EXPECT_EQ(exit.code, 0) << value << ": " << exit.err;
    }
  }
}

TEST(Durations, InvalidFormsNameTheFlagOrVariable) {
  expect_bad_value(expect_config_error(kMode, {"--grace", ""}), "grace", "");
  for (const std::string value : {"abc", "-1s", "99999999999s", "25h", "1x", "s"}) {
    expect_bad_value(expect_config_error(kMode, {"--grace", value}), "grace", value);
    expect_bad_value(expect_config_error(kMode, {"-g", value}), "", value);
    expect_bad_value(expect_config_error(kMode, {"--stop-delay", value}), "stop-delay", value);
    expect_bad_value(expect_config_error(kMode, {}, {{"LUCID_INIT_GRACE", value}}),
                     "LUCID_INIT_GRACE", value);
    expect_bad_value(expect_config_error(kMode, {}, {{"LUCID_INIT_STOP_DELAY", value}}),
                     "LUCID_INIT_STOP_DELAY", value);
  }
}

TEST(OtherOptions, InvalidValuesNameTheFlagOrVariable) {
  const std::pair<std::string, std::string> bad_env[] = {
      {"LUCID_INIT_PGROUP", "maybe"},     {"LUCID_INIT_PGROUP", "2"},
      {"LUCID_INIT_VERBOSITY", "4"},      {"LUCID_INIT_VERBOSITY", "loud"},
      {"LUCID_INIT_REMAP_EXIT", "256:0"}, {"LUCID_INIT_REMAP_EXIT", "1:2,x"},
      {"LUCID_INIT_EXEC", "yes please"},  {"LUCID_INIT_DEFAULT_PORT", "0"},
  };
  for (const auto& [name, value] : bad_env) {
    expect_bad_value(expect_config_error(kMode, {}, {{name, value}}), name, value);
  }
  for (const std::string value : {"256:0", "1:-1", "a:b", "143", "143:", ":0"}) {
    expect_bad_value(expect_config_error(kMode, {"--remap-exit", value}), "remap-exit", value);
  }
  expect_bad_value(expect_config_error(kMode, {"--default-port", "65536"}), "default-port",
                   "65536");
}

TEST(OtherOptions, BooleanVariablesAcceptTheirForms) {
  for (const std::string value : {"0", "1", "true", "false"}) {
    const Exit exit =
        run_init({kMode, with_child({}, {"exit", "0"}), {{"LUCID_INIT_PGROUP", value}}});
    EXPECT_EQ(exit.code, 0) << value << ": " << exit.err;
  }
}

TEST(OtherOptions, VerbosityLevels) {
  // Level 2 (default) and above print the summary, 0 and 1 do not; -v and -q move it.
  const std::pair<std::vector<std::string>, bool> cases[] = {
      {{}, true}, {{"-v"}, true}, {{"-q"}, false}, {{"-q", "-v"}, true}, {{"-q", "-q"}, false},
  };
  for (const auto& [options, summary] : cases) {
    const Exit exit = run_init({kMode, with_child(options, {"exit", "0"})});
    EXPECT_EQ(exit.code, 0) << exit.err;
    EXPECT_EQ(exit.err_lines_starting("lucid-init: exit 0:").size(), summary ? 1u : 0u)
        << testing::PrintToString(options) << "\n"
        << exit.err;
  }
  for (const std::string level : {"0", "1", "2", "3"}) {
    const Exit exit =
        run_init({kMode, with_child({}, {"exit", "0"}), {{"LUCID_INIT_VERBOSITY", level}}});
    EXPECT_EQ(exit.err_lines_starting("lucid-init: exit 0:").size(), level >= "2" ? 1u : 0u)
        << level << "\n"
        << exit.err;
  }
}

TEST(OtherOptions, ErrorsAreShownEvenWhenQuiet) {
  const Exit exit = run_init({kMode, {"-q", "-q", "/nonexistent/program"}});
  EXPECT_EQ(exit.code, 127);
  EXPECT_EQ(exit.err_lines_starting("lucid-init: error: ").size(), 1u) << exit.err;
}

}  // namespace
}  // namespace lucid_test
