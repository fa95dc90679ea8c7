#include "init/health_target.hpp"

#include <string>

#include "common/config_error.hpp"

namespace lucid::init {
namespace {

// Stands in for a real port while the syntax is checked: any valid one will do.
constexpr std::uint16_t kSamplePort = 65535;

std::string substitute(std::string_view text, const std::string& host, std::uint16_t port) {
  ServiceBinding binding;
  binding.host = host;
  binding.port = port;
  return substitute_binding({std::string(text)}, binding).front();
}

// A listen address is reached at loopback.
std::string reachable_host(const std::string& host) {
  return host == "0.0.0.0" ? "127.0.0.1" : host;
}

}  // namespace

bool has_binding_placeholder(std::string_view text) {
  return text.find("{host}") != std::string_view::npos ||
         text.find("{port}") != std::string_view::npos;
}

void validate_health_target(std::string_view name, std::string_view text) {
  const std::string sample = substitute(text, "127.0.0.1", kSamplePort);
  try {
    check::parse_target_spec(name, sample);
  } catch (const ConfigError& error) {
    // The message names the sample; the user gave the placeholders.
    const std::string shown = describe_bad_value(name, sample, "");
    const std::string what = error.what();
    if (sample == text || what.rfind(shown, 0) != 0) throw;
    throw ConfigError(describe_bad_value(name, text, what.substr(shown.size())));
  }
}

check::TargetSpec bind_health_target(std::string_view name, std::string_view text,
                                     const ServiceBinding* binding) {
  if (binding == nullptr) return check::parse_target_spec(name, text);
  return check::parse_target_spec(name,
                                  substitute(text, reachable_host(binding->host), binding->port));
}

}  // namespace lucid::init
