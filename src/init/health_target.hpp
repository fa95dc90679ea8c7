#pragma once
// --health-check's TARGET: --wait-for's syntax, where {host} and {port} stand for --service's
// validated values. Its syntax is checked with the options, before anything starts; the values
// are only known once the service's environment has been validated.
#include <string_view>

#include "check/target_spec.hpp"
#include "common/service_env.hpp"

namespace lucid::init {

inline constexpr std::string_view kPlaceholderRule =
    "{host} and {port} stand for --service's values: give --service (or LUCID_SERVICE)";

bool has_binding_placeholder(std::string_view text);

// Throws ConfigError naming `name` and the text as given when it is no target, whatever the
// placeholders turn into.
void validate_health_target(std::string_view name, std::string_view text);

// The target with {host} and {port} replaced: the address a check reaches for {host} (127.0.0.1
// for a service listening on 0.0.0.0) and the port. binding null: no --service, so no
// placeholders either.
check::TargetSpec bind_health_target(std::string_view name, std::string_view text,
                                     const ServiceBinding* binding);

}  // namespace lucid::init
