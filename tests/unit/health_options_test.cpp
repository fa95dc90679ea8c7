// --health-check and its companions: flags, variables, the flag winning, and one line naming the
// flag or variable for every bad value.
#include <gtest/gtest.h>

#include <map>

#include "common/config_error.hpp"
#include "init/health_target.hpp"
#include "init/options.hpp"

namespace lucid::init {
namespace {

using std::chrono::milliseconds;
using Env = std::map<std::string, std::string>;

Options parse(const Env& env, std::vector<std::string> args) {
  args.insert(args.begin(), "lucid-init");
  std::vector<char*> argv;
  for (auto& arg : args) argv.push_back(arg.data());
  argv.push_back(nullptr);
  return parse_options(static_cast<int>(args.size()), argv.data(),
                       [env](const std::string& name) -> std::optional<std::string> {
                         const auto it = env.find(name);
                         if (it == env.end()) return std::nullopt;
                         return it->second;
                       });
}

std::string error(const Env& env, std::vector<std::string> args) {
  try {
    parse(env, std::move(args));
  } catch (const ConfigError& e) {
    return e.what();
  }
  return "";
}

TEST(HealthOptions, DockersDefaultsAndNoCheck) {
  const Options o = parse({}, {"prog"});
  EXPECT_FALSE(o.health_check);
  EXPECT_EQ(o.health_interval, milliseconds(30000));
  EXPECT_EQ(o.health_timeout, milliseconds(10000));
  EXPECT_EQ(o.health_retries, 3u);
  EXPECT_EQ(o.health_start_period, milliseconds(0));
  EXPECT_EQ(o.health_on_failure, HealthOnFailure::kNone);
}

TEST(HealthOptions, EveryFlag) {
  const Options o =
      parse({}, {"--service", "api", "--health-check", "http://{host}:{port}/health",
                 "--health-interval", "500ms", "--health-timeout=2s", "--health-retries", "5",
                 "--health-start-period", "1m", "--health-on-failure", "stop", "prog"});
  EXPECT_EQ(o.health_check, "http://{host}:{port}/health");
  EXPECT_EQ(o.health_check_source, "--health-check");
  EXPECT_EQ(o.health_interval, milliseconds(500));
  EXPECT_EQ(o.health_timeout, milliseconds(2000));
  EXPECT_EQ(o.health_retries, 5u);
  EXPECT_EQ(o.health_start_period, milliseconds(60000));
  EXPECT_EQ(o.health_on_failure, HealthOnFailure::kStop);
}

const Env kVariables{
    {"LUCID_INIT_HEALTH_CHECK", "127.0.0.1:8000"}, {"LUCID_INIT_HEALTH_INTERVAL", "1s"},
    {"LUCID_INIT_HEALTH_TIMEOUT", "300ms"},        {"LUCID_INIT_HEALTH_RETRIES", "1"},
    {"LUCID_INIT_HEALTH_START_PERIOD", "0"},       {"LUCID_INIT_HEALTH_ON_FAILURE", "stop"}};

TEST(HealthOptions, EveryVariable) {
  const Options o = parse(kVariables, {"prog"});
  EXPECT_EQ(o.health_check, "127.0.0.1:8000");
  EXPECT_EQ(o.health_check_source, "LUCID_INIT_HEALTH_CHECK");
  EXPECT_EQ(o.health_interval, milliseconds(1000));
  EXPECT_EQ(o.health_timeout, milliseconds(300));
  EXPECT_EQ(o.health_retries, 1u);
  EXPECT_EQ(o.health_on_failure, HealthOnFailure::kStop);
}

TEST(HealthOptions, FlagsWin) {
  const Options o =
      parse(kVariables, {"--health-check", "unix:/run/app.sock", "--health-interval", "2s",
                         "--health-timeout", "3s", "--health-retries", "7", "--health-start-period",
                         "4s", "--health-on-failure", "none", "prog"});
  EXPECT_EQ(o.health_check, "unix:/run/app.sock");
  EXPECT_EQ(o.health_check_source, "--health-check");
  EXPECT_EQ(o.health_interval, milliseconds(2000));
  EXPECT_EQ(o.health_timeout, milliseconds(3000));
  EXPECT_EQ(o.health_retries, 7u);
  EXPECT_EQ(o.health_start_period, milliseconds(4000));
  EXPECT_EQ(o.health_on_failure, HealthOnFailure::kNone);
}

TEST(HealthOptions, BadFlagValuesNameTheFlagTheValueAndTheRule) {
  const std::map<std::string, std::string> expected{
      {"--health-check=db", "--health-check='db': needs a port"},
      {"--health-check=https://x/", "--health-check='https://x/': https is not supported"},
      {"--health-interval=0", "--health-interval='0': must be at least 1ms"},
      {"--health-interval=soon", "--health-interval='soon': must be a duration"},
      {"--health-timeout=0", "--health-timeout='0': must be at least 1ms"},
      {"--health-retries=0", "--health-retries='0': must be a whole number from 1 to 1000"},
      {"--health-retries=1001", "--health-retries='1001': must be a whole number"},
      {"--health-retries=-1", "--health-retries='-1': must be a whole number"},
      {"--health-retries=", "--health-retries='': must be a whole number"},
      {"--health-retries=3x", "--health-retries='3x': must be a whole number"},
      {"--health-start-period=-1s", "--health-start-period='-1s': must be a duration"},
      {"--health-on-failure=restart", "--health-on-failure='restart': must be none or stop"},
  };
  for (const auto& [flag, message] : expected) {
    EXPECT_EQ(error({}, {flag, "prog"}).rfind(message, 0), 0u) << error({}, {flag, "prog"});
  }
}

TEST(HealthOptions, BadVariablesNameTheVariable) {
  for (const auto& [name, value] : Env{{"LUCID_INIT_HEALTH_CHECK", "http://"},
                                       {"LUCID_INIT_HEALTH_INTERVAL", "0"},
                                       {"LUCID_INIT_HEALTH_TIMEOUT", "25h"},
                                       {"LUCID_INIT_HEALTH_RETRIES", "three"},
                                       {"LUCID_INIT_HEALTH_START_PERIOD", "x"},
                                       {"LUCID_INIT_HEALTH_ON_FAILURE", "Stop"}}) {
    const std::string message = error({{name, value}}, {"prog"});
    EXPECT_EQ(message.rfind(name + "='" + value + "': ", 0), 0u) << message;
  }
}

TEST(HealthOptions, PlaceholdersAreCheckedAsGivenAndNeedTheService) {
  // The message shows the placeholders the user wrote, not the sample values they were
  // checked with.
  EXPECT_EQ(error({}, {"-s", "api", "--health-check", "http://{host}:{port}x/", "prog"}),
            "--health-check='http://{host}:{port}x/': the port must be ASCII digits only, 1-65535");
  EXPECT_EQ(error({}, {"--health-check", "127.0.0.1:{port}", "prog"}),
            "--health-check='127.0.0.1:{port}': " + std::string(kPlaceholderRule));
  EXPECT_EQ(error({{"LUCID_INIT_HEALTH_CHECK", "{host}:80"}}, {"prog"}),
            "LUCID_INIT_HEALTH_CHECK='{host}:80': " + std::string(kPlaceholderRule));
  // --service after the flag, or from the environment, is as good.
  EXPECT_EQ(parse({}, {"--health-check", "{host}:{port}", "--service", "api", "prog"}).health_check,
            "{host}:{port}");
  EXPECT_EQ(
      parse({{"LUCID_SERVICE", "api"}}, {"--health-check", "{host}:{port}", "prog"}).health_check,
      "{host}:{port}");
}

TEST(HealthTarget, BoundToTheServicesValuesAtLoopback) {
  ServiceBinding binding;
  binding.host = "0.0.0.0";
  binding.port = 8000;
  const auto http = bind_health_target("--health-check", "http://{host}:{port}/health", &binding);
  EXPECT_EQ(http.text, "http://127.0.0.1:8000/health");
  EXPECT_EQ(http.target.port, 8000);
  ASSERT_TRUE(http.target.http);
  EXPECT_EQ(http.target.http->path, "/health");
  const auto tcp = bind_health_target("--health-check", "localhost:{port}", &binding);
  EXPECT_EQ(tcp.text, "localhost:8000");
  const auto plain = bind_health_target("--health-check", "unix:/run/{x}.sock", nullptr);
  EXPECT_EQ(plain.target.unix_path, "/run/{x}.sock");
}

TEST(HealthOptions, HelpNamesEveryFlagAndVariable) {
  const std::string help = usage_all();
  for (const char* word :
       {"--health-check", "--health-interval", "--health-timeout", "--health-retries",
        "--health-start-period", "--health-on-failure", "LUCID_INIT_HEALTH_CHECK",
        "LUCID_INIT_HEALTH_INTERVAL", "LUCID_INIT_HEALTH_TIMEOUT", "LUCID_INIT_HEALTH_RETRIES",
        "LUCID_INIT_HEALTH_START_PERIOD", "LUCID_INIT_HEALTH_ON_FAILURE",
        "3       --health-on-failure stop shut PROGRAM down"}) {
    EXPECT_NE(help.find(word), std::string::npos) << word;
  }
}

}  // namespace
}  // namespace lucid::init
