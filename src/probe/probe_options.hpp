#pragma once
// What to probe and how, checked. Exec-form HEALTHCHECK cannot expand variables, so the target
// may come from the environment; flags always win over it:
//   port: --port, else --port-env VAR, else <PREFIX>_PORT of --service NAME, else of
//   $LUCID_SERVICE,
//         unset: $LUCID_INIT_DEFAULT_PORT, as for the supervisor
//         still open: the running supervisor's service and port (supervisor_target.hpp)
//   host: --host, else <PREFIX>_HOST when set and not 0.0.0.0, else 127.0.0.1
// The service's variables are read only when a flag leaves something open, so a broken
// LUCID_SERVICE in the image does not spoil an explicit --host/--port. --unix excludes all of it.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "check/target.hpp"
#include "common/duration.hpp"
#include "common/service_env.hpp"
#include "probe/command_line.hpp"
#include "probe/supervisor_target.hpp"

namespace lucid::probe {

struct ProbeOptions : check::Target {
  Duration timeout{2000};        // one try: resolve, connect and response
  std::optional<Duration> wait;  // retry until healthy or this has passed
  std::string origin;            // set when the target came from the running supervisor
};

// Throws ConfigError with the first problem, in the supervisor's words where the rule is shared.
// `find` is called only when flags and environment leave the port open.
ProbeOptions resolve_options(const CommandLine& line, const EnvLookup& env,
                             const SupervisorFinder& find);

}  // namespace lucid::probe
