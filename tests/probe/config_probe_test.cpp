// Bad usage and bad configuration through the real binary: one line on stdout, nothing on
// stderr, exit status 1 (never 2, which Docker reserves), whoever runs it.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <tuple>

#include "each_user.hpp"
#include "test_listeners.hpp"

namespace lucid::probe::test {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;

constexpr const char* kPortRule = "must be ASCII digits only, 1-65535";
constexpr const char* kDurationRule = "must be a duration like 500ms, 9s, 1.5s or 2m (at most 24h)";
constexpr const char* kExpectRule =
    "must be status codes or ranges like 200,204 or 200-299 (each 200-599: 1xx responses are "
    "interim, never the verdict)";

class ConfigProbe : public EachUser {
 protected:
  void expect_rejected(const std::vector<std::string>& args, const std::string& line,
                       const std::vector<std::string>& env = {}) {
    const ProbeRun run = probe(args, env);
    EXPECT_EQ(run.exit_code, 1);
    EXPECT_EQ(run.out, "unhealthy: " + line + "\n");
    EXPECT_EQ(run.err, "");
  }
};

// Every bad PORT value of the foundation issue, in the supervisor's words.
TEST_P(ConfigProbe, BadServicePort) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"abc", "abc"},
      {"0", "0"},
      {"65536", "65536"},
      {"-1", "-1"},
      {" 80", " 80"},
      {"80 ", "80 "},
      {"8O", "8O"},
      {"+80", "+80"},
      {"", ""},
      {std::string(40, '9'), std::string(40, '9')},
      {"\u0668\u0660", "\u0668\u0660"},  // Arabic-Indic "80"
      {"80\n", "80\\x0a"},
  };
  for (const auto& [value, shown] : cases) {
    SCOPED_TRACE(value);
    expect_rejected({"--service", "api"}, "API_PORT='" + shown + "': " + kPortRule,
                    {"API_PORT=" + value});
    expect_rejected({}, "API_PORT='" + shown + "': " + kPortRule,
                    {"LUCID_SERVICE=api", "API_PORT=" + value});
  }
}

// An open port (no --port, no <PREFIX>_PORT) is asked of the running supervisor, which on this
// host would be whatever lucid-init runs here: tests/integration/probe_discovery_test.cpp runs
// those cases in namespaces of their own.

TEST_P(ConfigProbe, BadFlagValues) {
  expect_rejected({"--port", "8O"}, std::string("--port='8O': ") + kPortRule);
  expect_rejected({"--port-env", "MY_PORT"}, std::string("MY_PORT='x': ") + kPortRule,
                  {"MY_PORT=x"});
  expect_rejected({"--host", "[127.0.0.1]", "--port", "80"},
                  "--host='[127.0.0.1]': must be an IP address (IPv6 with or without brackets) "
                  "or a host name");
  expect_rejected({"--service", "api"},
                  "API_HOST='not a host': must be an IP address (IPv6 with or without brackets) "
                  "or a host name",
                  {"API_PORT=80", "API_HOST=not a host"});
}

TEST_P(ConfigProbe, BadDurations) {
  for (const char* flag : {"--timeout", "--wait"}) {
    expect_rejected(
        {flag, "0", "--port", "80"},
        std::string(flag) + "='0': must be at least 1ms (durations have millisecond resolution)");
    for (const char* value : {"-1s", "abc", "99999999999s", "1.s", "2 s"}) {
      expect_rejected({flag, value, "--port", "80"},
                      std::string(flag) + "='" + value + "': " + kDurationRule);
    }
  }
}

TEST_P(ConfigProbe, BadExpect) {
  for (const char* value : {"", "99", "600", "2000", "abc", "200-", "-200", "300-200", "200,,204",
                            "200,", " 200", "2xx"}) {
    expect_rejected({"--port", "80", "--http", "/", "--expect", value},
                    std::string("--expect='") + value + "': " + kExpectRule);
  }
  expect_rejected({"--port", "80", "--expect", "200"}, "--expect and --header need --http PATH");
}

TEST_P(ConfigProbe, HeadersAndPathsCannotSplitTheRequest) {
  const ProbeRun header = probe({"--port", "80", "--http", "/", "--header", "X-A: 1\r\nX-B: 2"});
  EXPECT_EQ(header.exit_code, 1);
  EXPECT_THAT(header.out, StartsWith("unhealthy: --header='X-A: 1\\x0d\\x0aX-B: 2': must be"));
  for (const char* bad : {"NoColon", ": value", "Bad Name: v"}) {
    EXPECT_THAT(probe({"--port", "80", "--http", "/", "--header", bad}).out,
                StartsWith(std::string("unhealthy: --header='") + bad + "': must be"));
  }
  for (const char* bad : {"health", "/a b", "/a\r\nX: y"}) {
    const ProbeRun run = probe({"--port", "80", "--http", bad});
    EXPECT_EQ(run.exit_code, 1);
    EXPECT_THAT(run.out, StartsWith("unhealthy: --http='"));
  }
}

TEST_P(ConfigProbe, UsageErrors) {
  expect_rejected({"--frobnicate"}, "unknown option '--frobnicate' (see lucid-init probe --help)");
  expect_rejected({"-x"}, "unknown option '-x' (see lucid-init probe --help)");
  expect_rejected({"--port"}, "option '--port' needs a value");
  expect_rejected({"--json=yes", "--port", "80"}, "option '--json' takes no value");
  expect_rejected({"--port", "80", "extra"}, "unexpected argument 'extra'");
  expect_rejected({"--unix", "/run/a.sock", "--port", "80"},
                  "--unix cannot be combined with --host, --port, --port-env or --service");
}

TEST_P(ConfigProbe, UsageErrorInJson) {
  const ProbeRun run = probe({"--frobnicate", "--json"});
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_EQ(run.out,
            "{\"healthy\":false,\"tries\":1,\"message\":\"unknown option '--frobnicate' (see "
            "lucid-init probe --help)\"}\n");
}

TEST_P(ConfigProbe, HelpIsNotAProbe) {
  const ProbeRun run = probe({"--help"});
  EXPECT_EQ(run.exit_code, 0);
  EXPECT_THAT(run.out, StartsWith("Usage: lucid-init probe [OPTIONS]\n"));
}

TEST_P(ConfigProbe, FlagsWinOverTheEnvironment) {
  const Listener listener = bind_tcp("127.0.0.1");
  const std::string port = std::to_string(listener.port);
  // A broken LUCID_SERVICE setup does not matter when the flags say everything.
  EXPECT_EQ(probe({"--host", "127.0.0.1", "--port", port}, {"LUCID_SERVICE=api", "API_PORT=abc"})
                .exit_code,
            0);
  EXPECT_EQ(probe({"--port", port}, {"LUCID_SERVICE=api", "API_PORT=1"}).exit_code, 0);
  EXPECT_EQ(probe({"--port-env", "MY_PORT"}, {"MY_PORT=" + port, "LUCID_SERVICE=api"}).exit_code,
            0);
}

TEST_P(ConfigProbe, ServiceEnvironmentFindsTheService) {
  const Listener listener = bind_tcp("127.0.0.1");
  const std::string port = std::to_string(listener.port);
  const ProbeRun from_image =
      probe({}, {"LUCID_SERVICE=api-gw", "API_GW_PORT=" + port, "API_GW_HOST=0.0.0.0"});
  EXPECT_EQ(from_image.exit_code, 0);
  EXPECT_THAT(from_image.out, HasSubstr("healthy: tcp 127.0.0.1:" + port + " connected"));
  const ProbeRun from_flag = probe({"--service", "api"}, {"API_PORT=" + port});
  EXPECT_EQ(from_flag.exit_code, 0);
}

TEST_P(ConfigProbe, ServiceHostOtherThanBindAllIsTheTarget) {
  const Listener closed = bind_tcp("127.0.0.1", 0, false);
  const std::string port = std::to_string(closed.port);
  const ProbeRun run = probe({"--service", "api"}, {"API_PORT=" + port, "API_HOST=localhost"});
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_THAT(run.out, StartsWith("unhealthy: tcp localhost:" + port + ": 127.0.0.1:" + port +
                                  ": connection refused; [::1]:" + port + ": "));
}

TEST_P(ConfigProbe, LineNeverReachesDockersLimit) {
  const Listener closed = bind_tcp("127.0.0.1", 0, false);
  const std::string path = "/" + std::string(10000, 'p');
  const ProbeRun line = probe({"--port", std::to_string(closed.port), "--http", path});
  EXPECT_EQ(line.exit_code, 1);
  EXPECT_LT(line.out.size(), 4096U);
  EXPECT_THAT(line.out, ::testing::EndsWith("...\n"));
  EXPECT_EQ(line.out.find('\n'), line.out.size() - 1);

  const ProbeRun json = probe({"--port", std::to_string(closed.port), "--http", path, "--json"});
  EXPECT_LT(json.out.size(), 4096U);
  EXPECT_THAT(json.out, ::testing::EndsWith("\"message\":\"connection refused\"}\n"));
}

INSTANTIATE_TEST_SUITE_P(, ConfigProbe, kEachUser, user_name);

}  // namespace
}  // namespace lucid::probe::test
