#pragma once
// The target as the running supervisor sees it: its command line and environment read with the
// supervisor's own option parser and service rules, so the probe looks where PID 1 put the
// service. Used only when the probe's own flags and environment leave the port open.
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "common/service_env.hpp"

namespace lucid::probe {

// A running lucid-init supervisor, as read from /proc.
struct SupervisorView {
  int pid = 0;                                      // in the probe's PID namespace
  std::vector<std::string> argv;                    // its command line, argv[0] first
  std::optional<std::vector<std::string>> environ;  // NAME=VALUE words; nullopt: not readable
  std::string environ_problem;   // why not, e.g. "Permission denied", "larger than 1 MiB"
  std::string identity_problem;  // set when it was taken for lucid-init by its name alone
};

struct SupervisorSearch {
  std::optional<SupervisorView> found;
  std::string why_not;  // when nothing was found: one clause for the probe's message
};
using SupervisorFinder = std::function<SupervisorSearch()>;

struct ServiceTarget {
  std::string prefix;  // e.g. "API"
  std::uint16_t port = 0;
  std::string origin;  // "lucid-init pid 1: service API by --service, port by API_PORT"
};

struct SupervisorAnswer {
  std::optional<ServiceTarget> target;
  std::string why_not;  // when there is no target: one clause, values escaped
};

// The supervisor's service and port, validated as the supervisor validated them. Its environment
// when readable, else the probe's own stands in (Docker gives both the container's environment),
// and the origin says so. `own_prefix`: the service the probe was told to check; a supervisor of
// another service has no answer for it.
SupervisorAnswer ask_supervisor(const SupervisorSearch& search, const EnvLookup& own_env,
                                const std::optional<std::string>& own_prefix);

}  // namespace lucid::probe
