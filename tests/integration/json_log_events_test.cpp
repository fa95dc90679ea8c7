// --log-format json, continued: the events of a failed exec, of --service, of issue 12's
// capabilities and of a stalled log reader, each with its fields typed.
#include <gtest/gtest.h>

#include <csignal>

#include "init_process.hpp"
#include "json_log_lines.hpp"
#include "test_listeners.hpp"

namespace lucid_test {
namespace {

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

// The targets in the wait's fields are the raw values (invalid UTF-8 as U+FFFD, a newline as \n by
// JSON), not the \xNN text of the message (issue 18).
TEST(JsonLogAsPid1, WaitFieldsHoldTheRawTargets) {
  const std::string target = "unix:/nonexistent/\xff\n";
  const std::string raw = "unix:/nonexistent/\xef\xbf\xbd\n";
  const Exit exit =
      run_init({Mode::kPid1,
                with_child({"--log-format", "json", "--wait-timeout", "1s", "--wait-for", target},
                           {"exit", "0"})});
  ASSERT_EQ(exit.code, 124) << exit.err;
  const auto lines = json_lines(exit.err);
  const JsonObject started = only(lines, "wait_started");
  EXPECT_EQ(text(started, "targets"), raw);
  EXPECT_NE(text(started, "msg").find("unix:/nonexistent/\\xff\\x0a"), std::string::npos)
      << text(started, "msg");
  const std::string missing = text(only(lines, "wait_timed_out"), "missing");
  EXPECT_EQ(missing.rfind(raw + " (", 0), 0U) << missing;
}

// A stalled log reader: lines are dropped whole, and the note that says so is JSON too.
TEST(JsonLogAsPid1, DroppedLinesNoteAndCountAfterAStalledPipe) {
  TempDir dir;
  Launch launch(Mode::kPid1,
                with_child({"-vvv", "--log-format", "json"}, {"record", dir.path(), "15"}));
  launch.err_sink = ErrSink::kStalledPipe;
  InitProcess init(launch);
  ASSERT_TRUE(init.wait_for([&] { return file_exists(dir / "ready"); }));
  EXPECT_TRUE(drop_lines_then_release(init, dir.path(), "\"log_lines_dropped\""));
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
