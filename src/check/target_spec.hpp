#pragma once
// Targets as --wait-for and --health-check name them, in the syntax of wait4x and dockerize:
// host:port (a TCP connect), http://host[:port]/path (a GET answered 200-399, the probe's rule)
// and unix:/path (a connect to a Unix socket). They run the probe's own checks and say what
// those say.
#include <string>
#include <string_view>
#include <vector>

#include "check/target.hpp"

namespace lucid::check {

inline constexpr std::string_view kTargetRule =
    "must be host:port, http://host[:port]/path or unix:/path (an IPv6 address in brackets: "
    "[::1]:5432)";

struct TargetSpec {
  std::string text;  // as given, for the log lines
  Target target;
};

// One target; throws ConfigError naming `name` (a flag or a variable), the value and the rule.
TargetSpec parse_target_spec(std::string_view name, std::string_view text);

// The environment's comma-separated list (percent-encode a comma in a path); empty: none.
std::vector<TargetSpec> parse_target_specs(std::string_view name, std::string_view list);

}  // namespace lucid::check
