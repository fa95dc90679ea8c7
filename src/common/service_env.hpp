#pragma once
// The service's <PREFIX>_HOST / <PREFIX>_PORT environment: the rules every Lucid image follows
// (bind 0.0.0.0, a numeric port), checked before anything starts.
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace lucid {

inline constexpr std::string_view kPortRule = "must be ASCII digits only, 1-65535";
inline constexpr std::string_view kHostRule =
    "must be 0.0.0.0 (bind all interfaces, never a hostname or a single address)";
inline constexpr std::string_view kBindAllHost = "0.0.0.0";

// Reads one environment variable; nullopt when unset. Injected so the rules are unit-tested
// without touching the process environment.
using EnvLookup = std::function<std::optional<std::string>(const std::string&)>;
EnvLookup process_env();

// "api-gateway" -> "API_GATEWAY". `source` names where the name came from (--service or
// LUCID_SERVICE) for the error message; names are letters, digits, '-' and '_'.
std::string service_prefix(std::string_view source, std::string_view name);

// ASCII digits only, 1-65535: no sign, no blanks, no other digit systems.
std::optional<std::uint16_t> parse_port(std::string_view text);
std::uint16_t parse_port_or_throw(std::string_view name, std::string_view text);

// LUCID_INIT_DEFAULT_PORT, checked; nullopt when unset. Read by the supervisor and, since Docker
// runs the HEALTHCHECK with the image's environment only, by the probe.
inline constexpr const char* kDefaultPortVariable = "LUCID_INIT_DEFAULT_PORT";
std::optional<std::uint16_t> default_port_from_env(const EnvLookup& env);

// Where the service listens: port_var (e.g. API_PORT) when set, checked; else default_port
// (--default-port / LUCID_INIT_DEFAULT_PORT); nullopt when neither. The supervisor and the probe
// both ask this, so the health check looks where the service was put.
std::optional<std::uint16_t> service_port(const std::string& port_var, const EnvLookup& env,
                                          std::optional<std::uint16_t> default_port);

struct ServiceBinding {
  std::string host_var;  // e.g. API_HOST
  std::string port_var;  // e.g. API_PORT
  std::string host;      // always 0.0.0.0 once validated
  std::uint16_t port = 0;
};

// Validates <PREFIX>_HOST (unset means 0.0.0.0) and <PREFIX>_PORT (unset means default_port, or an
// error without one). Throws ConfigError with the first problem found.
ServiceBinding validate_service_binding(std::string_view prefix, const EnvLookup& env,
                                        std::optional<std::uint16_t> default_port);

// Replaces every "{host}" and "{port}" in the arguments: exec-form CMD cannot expand variables.
std::vector<std::string> substitute_binding(const std::vector<std::string>& args,
                                            const ServiceBinding& binding);

}  // namespace lucid
