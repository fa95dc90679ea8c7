#include "probe/probe_options.hpp"

#include <fmt/format.h>
#include <sys/un.h>

#include "common/config_error.hpp"

namespace lucid::probe {
namespace {

constexpr std::string_view kDefaultHost = "127.0.0.1";
constexpr std::string_view kVariableRule = "must be the name of an environment variable";

check::HostSpec host_or_throw(std::string_view name, std::string_view text) {
  auto host = check::parse_host(text);
  if (!host) throw_bad_value(name, text, check::kHostRule);
  return std::move(*host);
}

std::uint16_t port_from_variable(const std::string& variable, const EnvLookup& env) {
  const auto value = env(variable);
  if (!value) {
    throw ConfigError(
        fmt::format("{} is not set: it {}; set it or pass --port", variable, kPortRule));
  }
  return parse_port_or_throw(variable, *value);
}

// <PREFIX>_PORT as the supervisor reads it, with its LUCID_INIT_DEFAULT_PORT: Docker runs the
// HEALTHCHECK with the image's environment, without the <PREFIX>_PORT the supervisor exported to
// its child. Unset, the running supervisor of that service is asked for its default port.
std::uint16_t port_of_service(const std::string& prefix, const EnvLookup& env,
                              const SupervisorFinder& find, ProbeOptions& options) {
  const std::string variable = prefix + "_PORT";
  if (const auto port = service_port(variable, env, default_port_from_env(env))) return *port;
  const SupervisorAnswer answer = ask_supervisor(find(), env, prefix);
  if (!answer.target) {
    throw ConfigError(
        fmt::format("{} is not set: it {}; set it, set LUCID_INIT_DEFAULT_PORT or pass --port; {}",
                    variable, kPortRule, answer.why_not));
  }
  options.origin = answer.target->origin;
  return answer.target->port;
}

// --service NAME, else LUCID_SERVICE: the prefix of <PREFIX>_PORT and <PREFIX>_HOST.
std::optional<std::string> service_prefix_of(const CommandLine& line, const EnvLookup& env) {
  if (line.service) return service_prefix("--service", *line.service);
  if (const auto name = env("LUCID_SERVICE")) return service_prefix("LUCID_SERVICE", *name);
  return std::nullopt;
}

void resolve_target(const CommandLine& line, const EnvLookup& env, const SupervisorFinder& find,
                    ProbeOptions& options) {
  const bool port_given = line.port || line.port_env;
  std::optional<std::string> prefix;
  if (line.service || !port_given || !line.host) prefix = service_prefix_of(line, env);

  if (line.port) {
    options.port = parse_port_or_throw("--port", *line.port);
  } else if (line.port_env) {
    if (line.port_env->empty() || line.port_env->find('=') != std::string::npos) {
      throw_bad_value("--port-env", *line.port_env, kVariableRule);
    }
    options.port = port_from_variable(*line.port_env, env);
  } else if (prefix) {
    options.port = port_of_service(*prefix, env, find, options);
  } else {
    const SupervisorAnswer answer = ask_supervisor(find(), env, std::nullopt);
    if (!answer.target) {
      throw ConfigError(
          "no port: pass --port N, --port-env VAR or --service NAME, or set LUCID_SERVICE; " +
          answer.why_not);
    }
    prefix = answer.target->prefix;
    options.port = answer.target->port;
    options.origin = answer.target->origin;
  }

  if (line.host) {
    options.host = host_or_throw("--host", *line.host);
    return;
  }
  if (prefix) {
    const std::string variable = *prefix + "_HOST";
    if (const auto host = env(variable); host && *host != kBindAllHost) {
      options.host = host_or_throw(variable, *host);
      return;
    }
  }
  options.host = *check::parse_host(kDefaultHost);
}

void resolve_unix(const CommandLine& line, ProbeOptions& options) {
  if (line.host || line.port || line.port_env || line.service) {
    throw ConfigError("--unix cannot be combined with --host, --port, --port-env or --service");
  }
  // sun_path holds the path and its terminating NUL.
  if (line.unix_path->empty() || line.unix_path->size() >= sizeof(sockaddr_un::sun_path)) {
    throw_bad_value(
        "--unix", *line.unix_path,
        fmt::format("must be a socket path of 1 to {} bytes", sizeof(sockaddr_un::sun_path) - 1));
  }
  options.unix_path = *line.unix_path;
}

}  // namespace

ProbeOptions resolve_options(const CommandLine& line, const EnvLookup& env,
                             const SupervisorFinder& find) {
  ProbeOptions options;
  if (line.timeout) options.timeout = parse_duration_or_throw("--timeout", *line.timeout, false);
  if (line.wait) options.wait = parse_duration_or_throw("--wait", *line.wait, false);

  if (line.http_path) {
    check::check_path_or_throw(*line.http_path);
    check::HttpOptions http;
    http.path = *line.http_path;
    if (line.expect) http.expect = check::ExpectSpec::parse_or_throw(*line.expect);
    for (const auto& header : line.headers)
      http.headers.push_back(check::parse_header_or_throw(header));
    options.http = std::move(http);
  } else if (line.expect || !line.headers.empty()) {
    throw ConfigError("--expect and --header need --http PATH");
  }

  if (line.unix_path) {
    resolve_unix(line, options);
  } else {
    resolve_target(line, env, find, options);
  }
  return options;
}

}  // namespace lucid::probe
