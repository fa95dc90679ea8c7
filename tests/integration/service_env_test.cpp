// Validated launch: --service NAME checks <PREFIX>_PORT and <PREFIX>_HOST before anything starts,
// hands the validated values to the child, and fills {host}/{port} in PROGRAM's arguments.
// --exec does the same and then becomes PROGRAM instead of supervising it.
#include <gtest/gtest.h>

#include "init_process.hpp"

namespace lucid_test {
namespace {

constexpr Mode kMode = Mode::kPid1;

// Expects exit 2, one error line naming the variable, the quoted value and the rule, and no
// child (it would have left a marker file).
void expect_rejected(const Env& env, const std::string& variable, const std::string& value,
                     const std::string& rule_part, std::vector<std::string> options = {}) {
  SCOPED_TRACE(variable + "='" + value + "'");
  TempDir dir;
  options.insert(options.begin(), {"--service", "api"});
  const Exit exit = run_init({kMode, with_child(options, {"touch", dir / "started"}), env});
  EXPECT_EQ(exit.code, 2) << exit.err;
  EXPECT_FALSE(file_exists(dir / "started")) << "the child started despite the bad value";
  const auto lines = exit.err_lines();
  ASSERT_EQ(lines.size(), 1u) << exit.err;
  EXPECT_EQ(lines[0].rfind("lucid-init: error: ", 0), 0u) << lines[0];
  EXPECT_NE(lines[0].find(variable + "='" + value + "'"), std::string::npos) << lines[0];
  EXPECT_NE(lines[0].find(rule_part), std::string::npos) << lines[0];
}

TEST(ServiceEnv, EveryBadPortIsRejected) {
  const std::string forty_digits(40, '8');
  for (const std::string value : {"abc", "0", "65536", "-1", " 80", "80 ", "8O", "+80", "",
                                  forty_digits.c_str(), "٨٠", "８０", "080a", "99999"}) {
    expect_rejected({{"API_PORT", value}}, "API_PORT", value, "digits");
  }
}

TEST(ServiceEnv, EveryBadHostIsRejected) {
  for (const std::string value : {"localhost", "127.0.0.1", "", "0.0.0.0 ", "::"}) {
    expect_rejected({{"API_HOST", value}, {"API_PORT", "8080"}}, "API_HOST", value, "0.0.0.0");
  }
}

TEST(ServiceEnv, UnsetPortWithoutDefaultIsAnError) {
  TempDir dir;
  const Exit exit = run_init({kMode, with_child({"--service", "api"}, {"touch", dir / "started"})});
  EXPECT_EQ(exit.code, 2) << exit.err;
  EXPECT_FALSE(file_exists(dir / "started"));
  ASSERT_EQ(exit.err_lines_starting("lucid-init: error: ").size(), 1u) << exit.err;
  EXPECT_NE(exit.err.find("API_PORT"), std::string::npos) << exit.err;
}

// The child's view: its arguments and its API_* environment.
struct Seen {
  std::vector<std::string> args;
  std::vector<std::string> api_env;
};
Seen seen_by_child(const Exit& exit) {
  Seen seen;
  for (const auto& line : split_lines(exit.out)) {
    if (line.rfind("arg=", 0) == 0) seen.args.push_back(line.substr(4));
    if (line.rfind("env=API", 0) == 0) seen.api_env.push_back(line.substr(4));
  }
  std::sort(seen.api_env.begin(), seen.api_env.end());
  return seen;
}

TEST(ServiceEnv, HostAndPortAreSubstitutedAndExported) {
  const Exit exit =
      run_init({kMode,
                with_child({"--service", "api", "--"},
                           {"info", "--host", "{host}", "--port", "{port}", "--bind={host}:{port}",
                            "{port}{port}", "{other}", "{PORT}"}),
                {{"API_PORT", "8080"}}});
  ASSERT_EQ(exit.code, 0) << exit.err;
  const Seen seen = seen_by_child(exit);
  EXPECT_EQ(seen.args,
            (std::vector<std::string>{"--host", "0.0.0.0", "--port", "8080", "--bind=0.0.0.0:8080",
                                      "80808080", "{other}", "{PORT}"}));
  EXPECT_EQ(seen.api_env, (std::vector<std::string>{"API_HOST=0.0.0.0", "API_PORT=8080"}));
}

TEST(ServiceEnv, DefaultPortAppliesOnlyWhenUnset) {
  const auto run = [](const std::vector<std::string>& options, const Env& env) {
    return seen_by_child(run_init({kMode, with_child(options, {"info", "{port}"}), env}));
  };
  EXPECT_EQ(run({"--service", "api", "--default-port", "8000"}, {}).args,
            std::vector<std::string>{"8000"});
  EXPECT_EQ(run({"--service", "api", "--default-port", "8000"}, {{"API_PORT", "9"}}).args,
            std::vector<std::string>{"9"});
  EXPECT_EQ(run({}, {{"LUCID_SERVICE", "api"}, {"LUCID_INIT_DEFAULT_PORT", "8001"}}).api_env,
            (std::vector<std::string>{"API_HOST=0.0.0.0", "API_PORT=8001"}));
}

TEST(ServiceEnv, HyphenatedServiceNameUsesAnUnderscorePrefix) {
  // API_PORT is bad on purpose: only API_GW_* may be consulted.
  const Exit exit = run_init({kMode,
                              with_child({"--service", "api-gw"}, {"info", "{host}:{port}"}),
                              {{"API_GW_PORT", "9000"}, {"API_PORT", "bad"}}});
  ASSERT_EQ(exit.code, 0) << exit.err;
  const Seen seen = seen_by_child(exit);
  EXPECT_EQ(seen.args, std::vector<std::string>{"0.0.0.0:9000"});
  EXPECT_NE(std::find(seen.api_env.begin(), seen.api_env.end(), "API_GW_HOST=0.0.0.0"),
            seen.api_env.end());
  expect_rejected({{"API_GW_PORT", "x"}}, "API_GW_PORT", "x", "digits", {"--service", "api-gw"});
}

class ExecInPlace : public ::testing::TestWithParam<Mode> {};

TEST_P(ExecInPlace, ValidatesSubstitutesAndBecomesTheProgram) {
  for (const Launch& launch :
       {Launch{GetParam(),
               with_child({"--exec", "--service", "api"}, {"info", "{port}"}),
               {{"API_PORT", "8080"}}},
        Launch{GetParam(),
               with_child({}, {"info", "{port}"}),
               {{"API_PORT", "8080"}, {"LUCID_INIT_EXEC", "1"}, {"LUCID_SERVICE", "api"}}}}) {
    InitProcess init(launch);
    const Exit exit = init.wait();
    ASSERT_EQ(exit.code, 0) << exit.err;
    // Same process: PID 1 in the namespace, lucid-init's own pid otherwise.
    EXPECT_EQ(field(exit.out, "pid"), is_pid1(GetParam()) ? 1 : init.init_pid()) << exit.out;
    EXPECT_EQ(seen_by_child(exit).args, std::vector<std::string>{"8080"});
    EXPECT_TRUE(exit.err_lines_starting("lucid-init: exit").empty()) << "a summary after exec?";
  }
  const Exit code = run_init({GetParam(), with_child({"--exec"}, {"exit", "7"})});
  EXPECT_EQ(code.code, 7) << code.err;
}

TEST_P(ExecInPlace, BadValueStopsBeforeExec) {
  TempDir dir;
  const Exit exit =
      run_init({GetParam(),
                with_child({"--exec", "--service", "api"}, {"touch", dir / "started"}),
                {{"API_PORT", "0"}}});
  EXPECT_EQ(exit.code, 2) << exit.err;
  EXPECT_FALSE(file_exists(dir / "started"));
}

INSTANTIATE_TEST_SUITE_P(Modes, ExecInPlace, ::testing::ValuesIn(kAllModes), ModeName());

}  // namespace
}  // namespace lucid_test
