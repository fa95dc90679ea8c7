// --log-format json against the real binary: every line lucid-init writes in a whole run is one
// strictly valid JSON object with a time stamp, level, event and message, and the event's fields
// typed; errors before the format option is read use it too (options.hpp).
#include <gtest/gtest.h>
#include <unistd.h>

#include <csignal>

#include "init_process.hpp"
#include "json_log_lines.hpp"

namespace lucid_test {
namespace {

using Kind = JsonValue::Kind;

class JsonLog : public ::testing::TestWithParam<Mode> {};

// Start, a forwarded signal, the shutdown, the child's death, the leftover killed at the
// deadline, the summary; LUCID_INIT_LOG_FORMAT alone turns it on.
TEST_P(JsonLog, WholeShutdownRunIsOneObjectPerLine) {
  LUCID_SKIP_WITHOUT_SUBREAPER(GetParam());
  TempDir dir;
  InitProcess init(
      {GetParam(),
       with_child({"-vvv", "--grace", "1s"}, {"family", dir.path(), "record:0", "sleep"}),
       {{"LUCID_INIT_LOG_FORMAT", "json"}}});
  ASSERT_TRUE(init.wait_for([&] { return file_exists(dir / "ready"); })) << init.wait().err;
  init.send(SIGWINCH);
  ASSERT_TRUE(init.wait_for([&] {
    return init.err().find("\"signal_forwarded\"") != std::string::npos;
  })) << init.err();
  init.send(SIGTERM);
  const Exit exit = init.wait(60s);
  ASSERT_EQ(exit.code, 128 + SIGTERM) << exit.err;
  EXPECT_TRUE(has_received(dir / "gc", SIGTERM));
  const auto lines = json_lines(exit.err);

  const JsonObject started = only(lines, "child_started");
  EXPECT_EQ(text(started, "level"), "info");
  EXPECT_EQ(text(started, "program"), child_binary());
  EXPECT_NE(number(started, "pid").find_first_not_of("0123456789"), 0U);
  EXPECT_EQ(field(started, "process_group", Kind::kBool), "false");
  EXPECT_EQ(text(started, "msg").rfind("started " + child_binary() + " as pid ", 0), 0U);

  const auto received = events(lines, "signal_received");
  ASSERT_GE(received.size(), 2U);
  EXPECT_EQ(text(received[0], "signal"), "SIGWINCH");
  EXPECT_EQ(text(received[0], "level"), "debug");
  // From the test: outside the PID namespace of a PID 1, a process it sees otherwise.
  const bool outside = is_pid1(GetParam());
  const std::string sender = outside ? "0" : std::to_string(getpid());
  EXPECT_EQ(number(received[0], "from_pid"), sender);
  EXPECT_EQ(field(received[0], "from_outside", Kind::kBool), outside ? "true" : "false");
  EXPECT_EQ(text(received[0], "msg"),
            "received SIGWINCH from " + (outside ? "outside the container" : "pid " + sender));
  const auto forwarded = events(lines, "signal_forwarded");
  ASSERT_GE(forwarded.size(), 1U);
  EXPECT_EQ(text(forwarded[0], "signal"), "SIGWINCH");
  EXPECT_EQ(number(forwarded[0], "pid"), number(started, "pid"));

  const JsonObject shutdown = only(lines, "shutdown_forwarded");
  EXPECT_EQ(text(shutdown, "signal"), "SIGTERM");
  EXPECT_EQ(text(shutdown, "target"), "pid");
  EXPECT_EQ(number(shutdown, "grace_seconds"), "1.000");
  EXPECT_EQ(field(shutdown, "hold_ended_early", Kind::kBool), "false");

  const JsonObject child = only(lines, "child_exited");
  EXPECT_EQ(number(child, "pid"), number(started, "pid"));
  EXPECT_TRUE(is_null(child, "status"));
  EXPECT_EQ(text(child, "signal"), "SIGTERM");

  only(lines, "leftovers_terminated");
  EXPECT_EQ(text(only(lines, "leftovers_killed"), "reason"), "deadline");

  const JsonObject summary = only(lines, "exit");
  EXPECT_EQ(text(summary, "level"), "info");
  EXPECT_EQ(number(summary, "exit_code"), "143");
  EXPECT_EQ(number(summary, "child_exit_code"), "143");
  EXPECT_TRUE(is_null(summary, "child_status"));
  EXPECT_EQ(text(summary, "child_signal"), "SIGTERM");
  EXPECT_EQ(text(summary, "shutdown_signal"), "SIGTERM");
  EXPECT_EQ(field(summary, "shutdown_after_child_exit", Kind::kBool), "false");
  EXPECT_GE(summary.count("shutdown_seconds") ? summary.at("shutdown_seconds").number : -1, 0.8);
  EXPECT_EQ(number(summary, "grace_seconds"), "1.000");
  EXPECT_EQ(number(summary, "leftovers_ended"), "0");
  EXPECT_EQ(number(summary, "leftovers_killed"), "1");
  EXPECT_EQ(number(summary, "log_lines_dropped"), "0");
  EXPECT_EQ(field(summary, "child_unreachable", Kind::kBool), "false");
  EXPECT_EQ(lines.back().at("event").text, "exit") << "the summary comes last";
  EXPECT_TRUE(exit.out.empty()) << "nothing of lucid-init's on stdout: " << exit.out;
}

TEST_P(JsonLog, OrphansReapedAreEventsAndCounted) {
  LUCID_SKIP_WITHOUT_SUBREAPER(GetParam());
  const Exit exit =
      run_init({GetParam(), with_child({"--log-format", "json", "-v"}, {"orphans", "5"})});
  ASSERT_EQ(exit.code, 0) << exit.err;
  const auto lines = json_lines(exit.err);
  const auto orphans = events(lines, "orphan_reaped");
  ASSERT_EQ(orphans.size(), 5U) << exit.err;
  for (const JsonObject& orphan : orphans) {
    EXPECT_EQ(number(orphan, "status"), "0");
    EXPECT_TRUE(is_null(orphan, "signal"));
    EXPECT_EQ(number(orphan, "pid").empty(), false);
  }
  const JsonObject summary = only(lines, "exit");
  EXPECT_EQ(number(summary, "exit_code"), "0");
  EXPECT_EQ(number(summary, "child_status"), "0");
  EXPECT_TRUE(is_null(summary, "child_signal"));
  EXPECT_TRUE(is_null(summary, "shutdown_signal"));
  EXPECT_TRUE(is_null(summary, "shutdown_seconds"));
  EXPECT_EQ(text(summary, "escalation"), "none");
  EXPECT_EQ(number(summary, "orphans_reaped"), "5");
}

INSTANTIATE_TEST_SUITE_P(Modes, JsonLog, ::testing::ValuesIn(kAllModes), ModeName());

TEST(JsonLogAsPid1, SecondSignalKillsTheChild) {
  TempDir dir;
  InitProcess init({Mode::kPid1, with_child({"--log-format=json", "--grace", "60s"},
                                            {"ignore-term", dir.path()})});
  ASSERT_TRUE(init.wait_for([&] { return file_exists(dir / "ready"); })) << init.wait().err;
  init.send(SIGTERM);
  ASSERT_TRUE(init.wait_for(
      [&] { return init.err().find("\"shutdown_forwarded\"") != std::string::npos; }));
  init.send(SIGINT);
  const Exit exit = init.wait();
  ASSERT_EQ(exit.code, 137) << exit.err;
  const auto lines = json_lines(exit.err);
  const JsonObject killed = only(lines, "child_killed");
  EXPECT_EQ(text(killed, "level"), "warning");
  EXPECT_EQ(text(killed, "reason"), "second_signal");
  const JsonObject summary = only(lines, "exit");
  EXPECT_EQ(text(summary, "child_signal"), "SIGKILL");
  EXPECT_EQ(text(summary, "escalation"), "second_signal");
}

struct ConfigCase {
  const char* name;
  std::vector<std::string> args;
  Env env;
  bool json;             // the error comes as JSON
  const char* expected;  // the message (JSON) or the whole line (text)
};

class JsonLogConfig : public ::testing::TestWithParam<ConfigCase> {};

TEST_P(JsonLogConfig, ErrorInTheRequestedFormat) {
  const ConfigCase& c = GetParam();
  const Exit exit = run_init({Mode::kPid1, c.args, c.env});
  ASSERT_EQ(exit.code, 2) << exit.err;
  if (!c.json) {
    EXPECT_EQ(exit.err, std::string(c.expected) + "\n");
    return;
  }
  const auto lines = json_lines(exit.err);
  ASSERT_EQ(lines.size(), 1U) << exit.err;
  EXPECT_EQ(text(lines[0], "level"), "error");
  EXPECT_EQ(text(lines[0], "event"), "config_error");
  EXPECT_EQ(number(lines[0], "status"), "2");
  EXPECT_EQ(text(lines[0], "msg"), c.expected);
}

const Env kJsonEnv{{"LUCID_INIT_LOG_FORMAT", "json"}};
INSTANTIATE_TEST_SUITE_P(
    Cases, JsonLogConfig,
    ::testing::Values(
        ConfigCase{"FlagBefore",
                   {"--log-format", "json", "--grace", "x", "true"},
                   {},
                   true,
                   "--grace='x': must be a duration like 500ms, 9s, 1.5s or 2m (at most 24h)"},
        ConfigCase{"FlagAfter",
                   {"--grace", "x", "--log-format", "json", "true"},
                   {},
                   true,
                   "--grace='x': must be a duration like 500ms, 9s, 1.5s or 2m (at most 24h)"},
        ConfigCase{"InvalidFlagIsText",
                   {"--log-format", "yaml", "true"},
                   {},
                   false,
                   "lucid-init: error: --log-format='yaml': must be text or json"},
        ConfigCase{"InvalidFlagWithJsonVariable",
                   {"--log-format", "yaml", "true"},
                   kJsonEnv,
                   true,
                   "--log-format='yaml': must be text or json"},
        ConfigCase{"InvalidVariableWithJsonFlag",
                   {"--log-format", "json", "true"},
                   {{"LUCID_INIT_LOG_FORMAT", "yaml"}},
                   true,
                   "LUCID_INIT_LOG_FORMAT='yaml': must be text or json"},
        ConfigCase{"VariableForAFlagError",
                   {"--bogus", "true"},
                   kJsonEnv,
                   true,
                   "unknown option '--bogus' (see --help)"},
        ConfigCase{"TextFlagWinsOverVariable",
                   {"--log-format", "text", "--bogus", "true"},
                   kJsonEnv,
                   false,
                   "lucid-init: error: unknown option '--bogus' (see --help)"},
        ConfigCase{"NoProgram",
                   {"--log-format", "json"},
                   {},
                   true,
                   "no PROGRAM given: usage: lucid-init [OPTIONS] [--] PROGRAM [ARG...]"},
        ConfigCase{"ServiceVariable",
                   {"--log-format", "json", "--service", "api", "true"},
                   {{"API_PORT", "80\x1b[2J"}},
                   true,
                   "API_PORT='80\\x1b[2J': must be ASCII digits only, 1-65535"}),
    [](const auto& param_info) { return std::string(param_info.param.name); });

}  // namespace
}  // namespace lucid_test
