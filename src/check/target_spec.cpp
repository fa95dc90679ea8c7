#include "check/target_spec.hpp"

#include <fmt/format.h>
#include <sys/un.h>

#include "check/http_request.hpp"
#include "common/config_error.hpp"
#include "common/service_env.hpp"

namespace lucid::check {
namespace {

constexpr std::string_view kHttpScheme = "http://";
constexpr std::string_view kUnixScheme = "unix:";
constexpr std::uint16_t kHttpPort = 80;

// "host:port", "[v6]:port", or for HTTP also "host" and "[v6]" with its default port.
void set_host_port(std::string_view name, std::string_view text, std::string_view authority,
                   bool port_optional, Target& options) {
  std::string_view host = authority;
  std::string_view port;
  bool has_port = false;
  if (!authority.empty() && authority.front() == '[') {
    const auto close = authority.find(']');
    if (close == std::string_view::npos) throw_bad_value(name, text, kTargetRule);
    host = authority.substr(0, close + 1);
    const std::string_view rest = authority.substr(close + 1);
    if (!rest.empty()) {
      if (rest.front() != ':') throw_bad_value(name, text, kTargetRule);
      port = rest.substr(1);
      has_port = true;
    }
  } else if (const auto colon = authority.rfind(':'); colon != std::string_view::npos) {
    host = authority.substr(0, colon);
    port = authority.substr(colon + 1);
    has_port = true;
    if (host.find(':') != std::string_view::npos) throw_bad_value(name, text, kTargetRule);
  }
  if (!has_port && !port_optional) {
    throw_bad_value(name, text, fmt::format("needs a port: it {}", kTargetRule));
  }
  auto parsed = parse_host(host);
  if (!parsed) throw_bad_value(name, text, fmt::format("the host {}", kHostRule));
  options.host = std::move(*parsed);
  if (!has_port) {
    options.port = kHttpPort;
  } else if (const auto number = parse_port(port)) {
    options.port = *number;
  } else {
    throw_bad_value(name, text, fmt::format("the port {}", kPortRule));
  }
}

}  // namespace

TargetSpec parse_target_spec(std::string_view name, std::string_view text) {
  TargetSpec target;
  target.text = std::string(text);
  Target& options = target.target;
  if (text.rfind(kUnixScheme, 0) == 0) {
    const std::string_view path = text.substr(kUnixScheme.size());
    // sun_path holds the path and its terminating NUL.
    if (path.empty() || path.size() >= sizeof(sockaddr_un::sun_path)) {
      throw_bad_value(name, text,
                      fmt::format("unix: needs a socket path of 1 to {} bytes",
                                  sizeof(sockaddr_un::sun_path) - 1));
    }
    options.unix_path = std::string(path);
    return target;
  }
  if (text.rfind("https://", 0) == 0) {
    throw_bad_value(name, text,
                    "https is not supported (lucid-init has no TLS): wait for host:port instead");
  }
  if (text.rfind(kHttpScheme, 0) == 0) {
    const std::string_view rest = text.substr(kHttpScheme.size());
    const auto slash = rest.find('/');
    const std::string_view path = slash == std::string_view::npos ? "/" : rest.substr(slash);
    if (!is_request_path(path)) {
      throw_bad_value(name, text, fmt::format("the path {}", kPathRule));
    }
    set_host_port(name, text, rest.substr(0, slash), true, options);
    options.http = HttpOptions{std::string(path), {}, {}};
    return target;
  }
  if (text.find("://") != std::string_view::npos) throw_bad_value(name, text, kTargetRule);
  set_host_port(name, text, text, false, options);
  return target;
}

std::vector<TargetSpec> parse_target_specs(std::string_view name, std::string_view list) {
  std::vector<TargetSpec> targets;
  if (list.empty()) return targets;
  while (true) {
    const auto comma = list.find(',');
    targets.push_back(parse_target_spec(name, list.substr(0, comma)));
    if (comma == std::string_view::npos) return targets;
    list.remove_prefix(comma + 1);
  }
}

}  // namespace lucid::check
