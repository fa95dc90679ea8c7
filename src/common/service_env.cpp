#include "common/service_env.hpp"

#include <fmt/format.h>

#include <cstdlib>

#include "common/config_error.hpp"

namespace lucid {

EnvLookup process_env() {
  return [](const std::string& name) -> std::optional<std::string> {
    const char* value = std::getenv(name.c_str());
    if (value == nullptr) return std::nullopt;
    return std::string(value);
  };
}

std::string service_prefix(std::string_view source, std::string_view name) {
  std::string prefix;
  for (const char c : name) {
    if (c >= 'a' && c <= 'z') {
      prefix += static_cast<char>(c - 'a' + 'A');
    } else if ((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_') {
      prefix += c;
    } else if (c == '-') {
      prefix += '_';
    } else {
      throw_bad_value(source, name, "must be letters, digits, '-' or '_'");
    }
  }
  if (prefix.empty()) throw_bad_value(source, name, "must be letters, digits, '-' or '_'");
  return prefix;
}

std::optional<std::uint16_t> parse_port(std::string_view text) {
  if (text.empty() || text.size() > 5) return std::nullopt;
  unsigned value = 0;
  for (const char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    value = value * 10 + static_cast<unsigned>(c - '0');
  }
  if (value < 1 || value > 65535) return std::nullopt;
  return static_cast<std::uint16_t>(value);
}

std::uint16_t parse_port_or_throw(std::string_view name, std::string_view text) {
  const auto port = parse_port(text);
  if (!port) throw_bad_value(name, text, kPortRule);
  return *port;
}

std::optional<std::uint16_t> default_port_from_env(const EnvLookup& env) {
  const auto value = env(kDefaultPortVariable);
  if (!value) return std::nullopt;
  return parse_port_or_throw(kDefaultPortVariable, *value);
}

std::optional<std::uint16_t> service_port(const std::string& port_var, const EnvLookup& env,
                                          std::optional<std::uint16_t> default_port) {
  if (const auto port = env(port_var)) return parse_port_or_throw(port_var, *port);
  return default_port;
}

ServiceBinding validate_service_binding(std::string_view prefix, const EnvLookup& env,
                                        std::optional<std::uint16_t> default_port) {
  ServiceBinding binding;
  binding.host_var = fmt::format("{}_HOST", prefix);
  binding.port_var = fmt::format("{}_PORT", prefix);

  const auto host = env(binding.host_var);
  if (host && *host != kBindAllHost) throw_bad_value(binding.host_var, *host, kHostRule);
  binding.host = std::string(kBindAllHost);

  const auto port = service_port(binding.port_var, env, default_port);
  if (!port) {
    throw ConfigError(fmt::format("{} is not set: it {}; set it or pass --default-port",
                                  binding.port_var, kPortRule));
  }
  binding.port = *port;
  return binding;
}

std::vector<std::string> substitute_binding(const std::vector<std::string>& args,
                                            const ServiceBinding& binding) {
  const std::string port = std::to_string(binding.port);
  std::vector<std::string> out;
  out.reserve(args.size());
  for (const auto& arg : args) {
    std::string replaced;
    for (std::size_t i = 0; i < arg.size();) {
      if (arg.compare(i, 6, "{host}") == 0) {
        replaced += binding.host;
        i += 6;
      } else if (arg.compare(i, 6, "{port}") == 0) {
        replaced += port;
        i += 6;
      } else {
        replaced += arg[i++];
      }
    }
    out.push_back(std::move(replaced));
  }
  return out;
}

}  // namespace lucid
