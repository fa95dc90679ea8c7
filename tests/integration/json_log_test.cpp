// --log-format json against the real binary: every line lucid-init writes in a whole run is one
// strictly valid JSON object with a time stamp, level, event and message, and the event's fields
// typed; errors before the format option is read use it too (options.hpp).
#include <gtest/gtest.h>

#include <csignal>
#include <regex>

#include "init_process.hpp"
#include "json_object.hpp"
#include "test_listeners.hpp"

namespace lucid_test {
namespace {

using Kind = JsonValue::Kind;

// Every stderr line parsed, with the keys every line has checked.
std::vector<JsonObject> json_lines(const std::string& err) {
  static const std::regex time(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z)");
  static const std::regex event("[a-z]+(_[a-z]+)*");
  std::vector<JsonObject> objects;
  for (const std::string& line : split_lines(err)) {
    std::string error;
    const auto object = parse_json_object(line, &error);
    if (!object) {
      ADD_FAILURE() << "not a JSON object (" << error << "): " << line;
      continue;
    }
    const auto has = [&](const char* key, Kind kind) {
      const auto it = object->find(key);
      return it != object->end() && it->second.kind == kind;
    };
    EXPECT_TRUE(has("time", Kind::kString) && std::regex_match(object->at("time").text, time))
        << line;
    EXPECT_TRUE(has("level", Kind::kString)) << line;
    EXPECT_TRUE(has("event", Kind::kString) && std::regex_match(object->at("event").text, event))
        << line;
    EXPECT_TRUE(has("msg", Kind::kString)) << line;
    objects.push_back(*object);
  }
  return objects;
}

std::vector<JsonObject> events(const std::vector<JsonObject>& lines, const std::string& name) {
  std::vector<JsonObject> found;
  for (const JsonObject& line : lines) {
    if (line.at("event").text == name) found.push_back(line);
  }
  return found;
}

// The one event of that name; an empty object (and a failure) if there is not exactly one.
JsonObject only(const std::vector<JsonObject>& lines, const std::string& name) {
  const auto found = events(lines, name);
  EXPECT_EQ(found.size(), 1U) << name;
  return found.size() == 1 ? found[0] : JsonObject{};
}

// The field's JSON text if it has that kind, else a marker that fails any comparison.
std::string field(const JsonObject& o, const std::string& key, Kind kind) {
  const auto it = o.find(key);
  if (it == o.end()) return "<missing " + key + ">";
  if (it->second.kind != kind) return "<wrong kind of " + key + ">";
  if (kind == Kind::kBool) return it->second.boolean ? "true" : "false";
  if (kind == Kind::kNull) return "null";
  return it->second.text;
}
std::string number(const JsonObject& o, const std::string& key) {
  return field(o, key, Kind::kNumber);
}
std::string text(const JsonObject& o, const std::string& key) {
  return field(o, key, Kind::kString);
}
bool is_null(const JsonObject& o, const std::string& key) {
  return field(o, key, Kind::kNull) == "null";
}

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
  EXPECT_EQ(number(received[0], "from_pid").find_first_not_of("0123456789"), std::string::npos);
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

TEST(JsonLogAsPid1, ExecFailureWithAHostileProgramName) {
  const std::string name = "/nonexistent/a\nlucid-init: error: forged\x1b[2J\xff";
  for (const bool in_place : {false, true}) {
    std::vector<std::string> args = {"--log-format", "json"};
    if (in_place) args.push_back("--exec");
    args.push_back(name);
    const Exit exit = run_init({Mode::kPid1, args});
    ASSERT_EQ(exit.code, 127) << exit.err;
    const auto lines = json_lines(exit.err);
    const JsonObject failed = only(lines, "exec_failed");
    EXPECT_EQ(text(failed, "level"), "error");
    EXPECT_EQ(text(failed, "program"),
              "/nonexistent/a\nlucid-init: error: forged\x1b[2J\xef\xbf\xbd");
    EXPECT_EQ(text(failed, "error"), "No such file or directory");
    EXPECT_EQ(number(failed, "status"), "127");
    EXPECT_EQ(text(failed, "msg"),
              "cannot execute '/nonexistent/a\\x0alucid-init: error: forged\\x1b[2J\\xff': No "
              "such file or directory");
    if (!in_place) {
      EXPECT_EQ(number(only(lines, "exit"), "exit_code"), "127");
    }
  }
}

TEST(JsonLogAsPid1, ServiceBindingFieldsAreTyped) {
  const Exit exit =
      run_init({Mode::kPid1,
                with_child({"--log-format", "json", "--service", "api"}, {"exit", "0"}),
                {{"API_PORT", "8000"}}});
  ASSERT_EQ(exit.code, 0) << exit.err;
  const JsonObject validated = only(json_lines(exit.err), "service_validated");
  EXPECT_EQ(text(validated, "host_var"), "API_HOST");
  EXPECT_EQ(text(validated, "host"), "0.0.0.0");
  EXPECT_EQ(text(validated, "port_var"), "API_PORT");
  EXPECT_EQ(number(validated, "port"), "8000");
}

// The lines of issue 12's capabilities are events with typed fields too: the wait for a
// dependency, the service's readiness, and a rewritten shutdown signal (to SIGHUP: qemu-user
// reports a core-dumping one on stderr).
TEST(JsonLogAsPid1, WaitReadyAndRewrittenShutdownAreEvents) {
  TempDir dir;
  const auto dependency = lucid::probe::test::bind_tcp("127.0.0.1");
  const int port = free_tcp_port();
  InitProcess init({Mode::kPid1,
                    {"--log-format=json", "--service", "api", "--rewrite", "TERM:HUP", "--wait-for",
                     "127.0.0.1:" + std::to_string(dependency.port), "--", child_binary(), "listen",
                     "API_PORT", dir.path()},
                    {{"API_PORT", std::to_string(port)}}});
  ASSERT_TRUE(init.wait_for([&] { return init.err().find("\"ready\"") != std::string::npos; }))
      << init.err();
  init.send(SIGTERM);
  const Exit exit = init.wait();
  EXPECT_EQ(exit.code, 128 + SIGHUP) << exit.err;
  const auto lines = json_lines(exit.err);
  const JsonObject started = only(lines, "wait_started");
  EXPECT_EQ(text(started, "targets"), "127.0.0.1:" + std::to_string(dependency.port));
  EXPECT_EQ(number(started, "timeout_seconds"), "60.000");
  const JsonObject up = only(lines, "dependency_up");
  EXPECT_EQ(text(up, "target"), "127.0.0.1:" + std::to_string(dependency.port));
  EXPECT_NE(number(up, "seconds").find('.'), std::string::npos) << number(up, "seconds");
  const JsonObject ready = only(lines, "ready");
  EXPECT_EQ(text(ready, "service"), "api");
  EXPECT_EQ(text(ready, "address"), "0.0.0.0:" + std::to_string(port));
  EXPECT_NE(number(ready, "seconds").find('.'), std::string::npos) << number(ready, "seconds");
  const JsonObject forwarded = only(lines, "shutdown_forwarded");
  EXPECT_EQ(text(forwarded, "signal"), "SIGTERM");
  EXPECT_EQ(text(forwarded, "sent"), "SIGHUP");
  EXPECT_EQ(text(only(lines, "exit"), "child_signal"), "SIGHUP");
}

// A stalled log reader: lines are dropped whole, and the note that says so is JSON too.
TEST(JsonLogAsPid1, DroppedLinesNoteAndCountAfterAStalledPipe) {
  TempDir dir;
  Launch launch(Mode::kPid1,
                with_child({"-vvv", "--log-format", "json"}, {"record", dir.path(), "15"}));
  launch.err_sink = ErrSink::kStalledPipe;
  InitProcess init(launch);
  ASSERT_TRUE(init.wait_for([&] { return file_exists(dir / "ready"); }));
  for (const int signo : {SIGUSR1, SIGUSR2, SIGHUP}) {
    init.send(signo);
    ASSERT_TRUE(wait_until([&] { return has_received(dir.path(), signo); }));
  }
  init.release_stderr();
  EXPECT_TRUE(wait_until(
      [&] {
        init.send(SIGWINCH);
        return init.err().find("\"log_lines_dropped\"") != std::string::npos;
      },
      10s))
      << init.err();
  init.send(SIGTERM);
  const Exit exit = init.wait();
  ASSERT_EQ(exit.code, 0) << exit.err;
  const auto lines = json_lines(exit.err);
  const auto notes = events(lines, "log_lines_dropped");
  ASSERT_GE(notes.size(), 1U) << exit.err;
  EXPECT_EQ(text(notes[0], "level"), "warning");
  const double noted = notes[0].count("count") ? notes[0].at("count").number : 0;
  EXPECT_GE(noted, 1.0);
  const JsonObject summary = only(lines, "exit");
  EXPECT_GE(summary.count("log_lines_dropped") ? summary.at("log_lines_dropped").number : 0, noted);
}

}  // namespace
}  // namespace lucid_test
