#include "probe/probe_options.hpp"

#include <gtest/gtest.h>

#include <map>

#include "argv.hpp"
#include "common/config_error.hpp"

namespace lucid::probe {
namespace {

using Env = std::map<std::string, std::string>;

SupervisorSearch nothing_running() { return {std::nullopt, "no lucid-init supervisor found"}; }

ProbeOptions resolve(std::vector<std::string> args, const Env& env = {},
                     const SupervisorFinder& find = nothing_running) {
  test::Argv argv(std::move(args));
  const CommandLine line = parse_command_line(argv.argc(), argv.argv());
  EXPECT_FALSE(line.usage_error);
  return resolve_options(
      line,
      [env](const std::string& name) -> std::optional<std::string> {
        const auto found = env.find(name);
        if (found == env.end()) return std::nullopt;
        return found->second;
      },
      find);
}

std::string error_of(std::vector<std::string> args, const Env& env = {},
                     const SupervisorFinder& find = nothing_running) {
  try {
    resolve(std::move(args), env, find);
  } catch (const ConfigError& error) {
    return error.what();
  }
  return "(accepted)";
}

TEST(ProbeOptions, Defaults) {
  const ProbeOptions options = resolve({"--port", "8000"});
  EXPECT_EQ(options.host.shown, "127.0.0.1");
  EXPECT_EQ(options.port, 8000);
  EXPECT_EQ(options.timeout, Duration(2000));
  EXPECT_FALSE(options.wait);
  EXPECT_FALSE(options.http);
  EXPECT_TRUE(options.unix_path.empty());
}

TEST(ProbeOptions, PortPrecedence) {
  const Env env = {{"LUCID_SERVICE", "api"}, {"API_PORT", "3"}, {"WEB_PORT", "4"}, {"P", "2"}};
  EXPECT_EQ(resolve({"--port", "1", "--port-env", "P", "--service", "web"}, env).port, 1);
  EXPECT_EQ(resolve({"--port-env", "P", "--service", "web"}, env).port, 2);
  EXPECT_EQ(resolve({"--service", "web"}, env).port, 4);
  EXPECT_EQ(resolve({}, env).port, 3);
}

// Docker runs HEALTHCHECK with the image's environment: where the supervisor put the service
// (LUCID_INIT_DEFAULT_PORT when <PREFIX>_PORT is unset) is where the probe looks.
TEST(ProbeOptions, ServicePortFallsBackToTheSupervisorsDefault) {
  EXPECT_EQ(resolve({}, {{"LUCID_SERVICE", "api"}, {"LUCID_INIT_DEFAULT_PORT", "8000"}}).port,
            8000);
  EXPECT_EQ(resolve({"--service", "web"}, {{"LUCID_INIT_DEFAULT_PORT", "8000"}}).port, 8000);
  EXPECT_EQ(
      resolve({},
              {{"LUCID_SERVICE", "api"}, {"API_PORT", "81"}, {"LUCID_INIT_DEFAULT_PORT", "8000"}})
          .port,
      81);
  EXPECT_EQ(error_of({}, {{"LUCID_SERVICE", "api"}, {"LUCID_INIT_DEFAULT_PORT", "0"}}),
            "LUCID_INIT_DEFAULT_PORT='0': must be ASCII digits only, 1-65535");
  // Flags that name the port leave the service's variables unread.
  EXPECT_EQ(resolve({"--port", "9"}, {{"LUCID_INIT_DEFAULT_PORT", "x"}}).port, 9);
  EXPECT_EQ(resolve({"--port-env", "P"}, {{"P", "7"}, {"LUCID_INIT_DEFAULT_PORT", "x"}}).port, 7);
  EXPECT_EQ(error_of({"--port-env", "P"}, {{"LUCID_INIT_DEFAULT_PORT", "8000"}}),
            "P is not set: it must be ASCII digits only, 1-65535; set it or pass --port");
}

TEST(ProbeOptions, HostPrecedence) {
  const Env env = {{"LUCID_SERVICE", "api"}, {"API_PORT", "80"}, {"API_HOST", "::"}};
  EXPECT_EQ(resolve({"--host", "localhost"}, env).host.shown, "localhost");
  EXPECT_EQ(resolve({}, env).host.shown, "[::1]");
  EXPECT_EQ(resolve({}, {{"LUCID_SERVICE", "api"}, {"API_PORT", "80"}, {"API_HOST", "0.0.0.0"}})
                .host.shown,
            "127.0.0.1");
  EXPECT_EQ(resolve({"--port", "1"}, env).host.shown, "[::1]");
}

TEST(ProbeOptions, ServiceIsNotReadWhenFlagsSayEverything) {
  const Env broken = {{"LUCID_SERVICE", "not a name"}, {"NOT_A_NAME_PORT", "x"}};
  EXPECT_EQ(resolve({"--host", "::1", "--port", "9"}, broken).port, 9);
  EXPECT_EQ(error_of({"--port", "9"}, broken),
            "LUCID_SERVICE='not a name': must be letters, digits, '-' or '_'");
}

TEST(ProbeOptions, PortErrorsInTheSupervisorsWords) {
  EXPECT_EQ(error_of({"--service", "api"}, {{"API_PORT", "8O"}}),
            "API_PORT='8O': must be ASCII digits only, 1-65535");
  EXPECT_EQ(error_of({"--service", "api"}),
            "API_PORT is not set: it must be ASCII digits only, 1-65535; set it, set "
            "LUCID_INIT_DEFAULT_PORT or pass --port; no lucid-init supervisor found");
  EXPECT_EQ(error_of({"--port-env", "X"}),
            "X is not set: it must be ASCII digits only, 1-65535; set it or pass --port");
  EXPECT_EQ(error_of({"--port-env", "A=B"}),
            "--port-env='A=B': must be the name of an environment variable");
  EXPECT_EQ(error_of({"--port", "0"}), "--port='0': must be ASCII digits only, 1-65535");
}

SupervisorFinder supervisor(std::vector<std::string> argv, std::vector<std::string> environ) {
  return [argv, environ] {
    SupervisorView view;
    view.pid = 1;
    view.argv = argv;
    view.environ = environ;
    return SupervisorSearch{view, {}};
  };
}

SupervisorSearch never_asked() {
  ADD_FAILURE() << "the supervisor was looked for although the port was given";
  return {};
}

// What the seed's image does: --service on the ENTRYPOINT only, a bare probe as HEALTHCHECK.
TEST(ProbeOptions, OpenPortComesFromTheSupervisor) {
  const auto api = supervisor(
      {"lucid-init", "--service", "api", "--default-port", "8000", "--", "python3.11", "-m", "app"},
      {"PATH=/usr/bin"});
  const ProbeOptions options = resolve({"--http", "/health"}, {}, api);
  EXPECT_EQ(options.port, 8000);
  EXPECT_EQ(options.host.shown, "127.0.0.1");
  EXPECT_EQ(options.origin, "lucid-init pid 1: service API by --service, port by --default-port");
  // --service without its port asks the supervisor of that service.
  EXPECT_EQ(resolve({"--service", "api"}, {}, api).port, 8000);
  // The probe's own <PREFIX>_HOST applies to the supervisor's service too.
  EXPECT_EQ(resolve({}, {{"API_HOST", "::1"}}, api).host.shown, "[::1]");
}

TEST(ProbeOptions, SupervisorIsNotAskedWhenThePortIsKnown) {
  EXPECT_EQ(resolve({"--port", "1"}, {}, never_asked).port, 1);
  EXPECT_EQ(resolve({"--port-env", "P"}, {{"P", "2"}}, never_asked).port, 2);
  EXPECT_EQ(resolve({}, {{"LUCID_SERVICE", "api"}, {"API_PORT", "3"}}, never_asked).port, 3);
  EXPECT_EQ(resolve({"--service", "api"}, {{"LUCID_INIT_DEFAULT_PORT", "4"}}, never_asked).port, 4);
  EXPECT_TRUE(resolve({"--port", "1"}, {}, never_asked).origin.empty());
}

TEST(ProbeOptions, NothingToFindIsOneLine) {
  EXPECT_EQ(error_of({}),
            "no port: pass --port N, --port-env VAR or --service NAME, or set LUCID_SERVICE; no "
            "lucid-init supervisor found");
  EXPECT_EQ(error_of({"--service", "web"}, {},
                     supervisor({"lucid-init", "-s", "api", "--", "app"}, {"API_PORT=80"})),
            "WEB_PORT is not set: it must be ASCII digits only, 1-65535; set it, set "
            "LUCID_INIT_DEFAULT_PORT or pass --port; lucid-init pid 1 supervises service API, "
            "not WEB");
}

TEST(ProbeOptions, HttpOptions) {
  const ProbeOptions options =
      resolve({"--port", "80", "--http", "/h", "--expect", "204", "--header", "A: b"});
  ASSERT_TRUE(options.http);
  EXPECT_EQ(options.http->path, "/h");
  EXPECT_TRUE(options.http->expect.accepts(204));
  EXPECT_FALSE(options.http->expect.accepts(200));
  ASSERT_EQ(options.http->headers.size(), 1U);
  EXPECT_EQ(options.http->headers[0].value, "b");
  EXPECT_TRUE(resolve({"--port", "80", "--http", "/"}).http->expect.accepts(302));
}

TEST(ProbeOptions, Durations) {
  const ProbeOptions options = resolve({"--port", "80", "--timeout", "300ms", "--wait", "1m"});
  EXPECT_EQ(options.timeout, Duration(300));
  EXPECT_EQ(options.wait, Duration(60000));
  EXPECT_EQ(error_of({"--port", "80", "--timeout", "0"}),
            "--timeout='0': must be at least 1ms (durations have millisecond resolution)");
  EXPECT_EQ(error_of({"--port", "80", "--wait", "0.5ms"}),
            "--wait='0.5ms': must be at least 1ms (durations have millisecond resolution)");
}

TEST(ProbeOptions, UnixSocket) {
  EXPECT_EQ(resolve({"--unix", "/run/app.sock"}, {{"LUCID_SERVICE", "api"}}).unix_path,
            "/run/app.sock");
  EXPECT_EQ(error_of({"--unix", "/s", "--service", "api"}),
            "--unix cannot be combined with --host, --port, --port-env or --service");
  EXPECT_EQ(error_of({"--unix", std::string(108, 's')}),
            "--unix='" + std::string(108, 's') + "': must be a socket path of 1 to 107 bytes");
}

}  // namespace
}  // namespace lucid::probe
