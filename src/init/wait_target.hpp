#pragma once
// The dependencies --wait-for names, in the syntax of wait4x and dockerize: host:port (a TCP
// connect), http://host[:port]/path (a GET answered 200-399, the probe's rule) and unix:/path (a
// connect to a Unix socket). Each becomes the probe's own options, so the wait runs the probe's
// checks and says what they say.
#include <string>
#include <string_view>
#include <vector>

#include "probe/probe_options.hpp"

namespace lucid::init {

inline constexpr std::string_view kWaitTargetRule =
    "must be host:port, http://host[:port]/path or unix:/path (an IPv6 address in brackets: "
    "[::1]:5432)";

struct WaitTarget {
  std::string text;  // as given, for the log lines
  probe::ProbeOptions probe;
};

// One target; throws ConfigError naming `name` (a flag or a variable), the value and the rule.
WaitTarget parse_wait_target(std::string_view name, std::string_view text);

// The environment's comma-separated list (percent-encode a comma in a path); empty: none.
std::vector<WaitTarget> parse_wait_targets(std::string_view name, std::string_view list);

}  // namespace lucid::init
