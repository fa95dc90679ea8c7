#include "common/service_env.hpp"

#include <gtest/gtest.h>

#include <map>

#include "common/config_error.hpp"

namespace lucid {
namespace {

EnvLookup fake_env(std::map<std::string, std::string> vars) {
  return [vars = std::move(vars)](const std::string& name) -> std::optional<std::string> {
    const auto it = vars.find(name);
    if (it == vars.end()) return std::nullopt;
    return it->second;
  };
}

std::string error_of(const std::map<std::string, std::string>& vars,
                     std::optional<std::uint16_t> default_port = std::nullopt) {
  try {
    validate_service_binding("API", fake_env(vars), default_port);
  } catch (const ConfigError& error) {
    return error.what();
  }
  return "";
}

TEST(ServicePrefix, UpperCasesAndTurnsDashesIntoUnderscores) {
  EXPECT_EQ(service_prefix("--service", "api"), "API");
  EXPECT_EQ(service_prefix("--service", "api-gw_2"), "API_GW_2");
  EXPECT_THROW(service_prefix("--service", ""), ConfigError);
  EXPECT_THROW(service_prefix("LUCID_SERVICE", "api gw"), ConfigError);
  EXPECT_THROW(service_prefix("LUCID_SERVICE", "api=1"), ConfigError);
}

TEST(Port, AcceptsOnlyAsciiDigitsInRange) {
  EXPECT_EQ(parse_port("1"), 1);
  EXPECT_EQ(parse_port("8000"), 8000);
  EXPECT_EQ(parse_port("65535"), 65535);
  EXPECT_EQ(parse_port("08080"), 8080);
  for (const char* bad :
       {"abc", "0", "00000", "65536", "99999", "-1", " 80", "80 ", "8O", "+80", "",
        "1234567890123456789012345678901234567890", "٨٠", "８０", "80\n", "0x50", "8.0"}) {
    EXPECT_EQ(parse_port(bad), std::nullopt) << bad;
  }
}

TEST(ServiceBinding, ValidValuesPassThrough) {
  const auto binding = validate_service_binding(
      "API", fake_env({{"API_PORT", "8000"}, {"API_HOST", "0.0.0.0"}}), std::nullopt);
  EXPECT_EQ(binding.host_var, "API_HOST");
  EXPECT_EQ(binding.port_var, "API_PORT");
  EXPECT_EQ(binding.host, "0.0.0.0");
  EXPECT_EQ(binding.port, 8000);
}

TEST(ServiceBinding, UnsetHostMeansAllInterfacesAndUnsetPortTakesTheDefault) {
  const auto binding = validate_service_binding("API", fake_env({}), std::uint16_t{9000});
  EXPECT_EQ(binding.host, "0.0.0.0");
  EXPECT_EQ(binding.port, 9000);
}

TEST(ServiceBinding, EveryBadPortNamesVariableValueAndRule) {
  for (const char* bad : {"abc", "0", "65536", "-1", " 80", "80 ", "8O", "+80", "",
                          "1234567890123456789012345678901234567890", "٨٠"}) {
    EXPECT_EQ(error_of({{"API_PORT", bad}}), describe_bad_value("API_PORT", bad, kPortRule)) << bad;
  }
}

TEST(ServiceBinding, EveryBadHostNamesVariableValueAndRule) {
  for (const char* bad : {"localhost", "127.0.0.1", "", "::", "0.0.0.0 "}) {
    EXPECT_EQ(error_of({{"API_HOST", bad}, {"API_PORT", "80"}}),
              describe_bad_value("API_HOST", bad, kHostRule))
        << bad;
  }
}

TEST(ServiceBinding, MissingPortWithoutDefaultIsAnError) {
  const std::string message = error_of({});
  EXPECT_NE(message.find("API_PORT is not set"), std::string::npos) << message;
  EXPECT_NE(message.find("--default-port"), std::string::npos) << message;
}

// One rule for where the service listens, shared by the supervisor and the probe.
TEST(ServicePort, VariableElseDefault) {
  EXPECT_EQ(service_port("API_PORT", fake_env({{"API_PORT", "81"}}), std::uint16_t{8000}), 81);
  EXPECT_EQ(service_port("API_PORT", fake_env({}), std::uint16_t{8000}), 8000);
  EXPECT_EQ(service_port("API_PORT", fake_env({}), std::nullopt), std::nullopt);
  EXPECT_THROW(service_port("API_PORT", fake_env({{"API_PORT", "x"}}), std::uint16_t{8000}),
               ConfigError);
}

TEST(Substitution, ReplacesEveryTokenInsideArguments) {
  ServiceBinding binding;
  binding.host = "0.0.0.0";
  binding.port = 8080;
  const std::vector<std::string> args = {"uvicorn",    "--host", "{host}",
                                         "--port",     "{port}", "--bind={host}:{port}",
                                         "{hostname}", "{port"};
  const std::vector<std::string> expected = {"uvicorn",    "--host", "0.0.0.0",
                                             "--port",     "8080",   "--bind=0.0.0.0:8080",
                                             "{hostname}", "{port"};
  EXPECT_EQ(substitute_binding(args, binding), expected);
}

}  // namespace
}  // namespace lucid
