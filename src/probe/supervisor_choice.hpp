#pragma once
// Which lucid-init is the supervisor when neither PID 1 nor an ancestor of the probe is one
// (docker run --init: PID 1 is docker-init, lucid-init its child).
#include <optional>
#include <string>
#include <vector>

namespace lucid::probe {

struct ProcessLink {
  int pid = 0;
  int ppid = 0;
};

struct Choice {
  std::optional<int> pid;
  std::string why_not;  // when no single one stands out
};

// Of the lucid-init processes found (the probe itself and other probes left out), the outermost:
// one whose parent is a lucid-init too is its fork before exec, or nested under it. Exactly one
// outermost is the answer; several is no answer (another container's supervisor is never taken
// by guess), and the message lists them.
Choice choose_outermost(const std::vector<ProcessLink>& supervisors);

}  // namespace lucid::probe
