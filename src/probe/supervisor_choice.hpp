#pragma once
// Which of the lucid-init processes found in /proc is the probe's supervisor.
#include <optional>
#include <string>
#include <vector>

namespace lucid::probe {

struct ProcessLink {
  int pid = 0;
  int ppid = 0;
  // Taken for lucid-init by its name only, because its executable could not be read (another
  // uid, or a non-dumpable process). A name is no proof: any process can take it.
  bool by_name = false;
};

struct Choice {
  std::optional<int> pid;
  std::string why_not;  // when no single one stands out
};

// Of the lucid-init processes found (the probe itself and other probes left out), those whose
// executable is the probe's own file come first, and those known by name only are looked at only
// when there is none of them: a name never decides between candidates, nor counts against a
// same-file one (issue 18: a sidecar's PID 1, or a same-uid process calling itself lucid-init).
// Within that kind: PID 1, else the nearest ancestor of the probe (`ancestors`, nearest first),
// else the only outermost one: one whose parent is a lucid-init of the same kind is its fork
// before exec, or nested under it. Several outermost is no answer (another container's supervisor
// is never taken by guess), and the message lists them.
Choice choose_supervisor(const std::vector<ProcessLink>& found, const std::vector<int>& ancestors);

}  // namespace lucid::probe
