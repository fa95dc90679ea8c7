#include "probe/supervisor_choice.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace lucid::probe {
namespace {

bool has(const std::vector<ProcessLink>& processes, int pid) {
  return std::any_of(processes.begin(), processes.end(),
                     [&](const ProcessLink& process) { return process.pid == pid; });
}

Choice choose_outermost(const std::vector<ProcessLink>& supervisors) {
  std::vector<int> outermost;
  for (const ProcessLink& process : supervisors) {
    if (!has(supervisors, process.ppid)) outermost.push_back(process.pid);
  }
  if (outermost.size() == 1) return {outermost.front(), {}};
  // Parents read at different moments can loop (a pid reused while /proc was read).
  if (outermost.empty()) return {std::nullopt, "the lucid-init processes found changed while read"};
  std::sort(outermost.begin(), outermost.end());
  constexpr std::size_t kShown = 8;
  std::string list = fmt::format("{}", outermost.front());
  for (std::size_t i = 1; i < std::min(outermost.size(), kShown); ++i) {
    list += fmt::format(", {}", outermost[i]);
  }
  if (outermost.size() > kShown) list += ", ...";
  return {std::nullopt,
          fmt::format("{} lucid-init supervisors found (pids {}), none of them PID 1 or an "
                      "ancestor of the probe",
                      outermost.size(), list)};
}

}  // namespace

Choice choose_supervisor(const std::vector<ProcessLink>& found, const std::vector<int>& ancestors) {
  for (const bool by_name : {false, true}) {
    std::vector<ProcessLink> kind;
    std::copy_if(found.begin(), found.end(), std::back_inserter(kind),
                 [&](const ProcessLink& process) { return process.by_name == by_name; });
    if (kind.empty()) continue;
    if (has(kind, 1)) return {1, {}};
    for (const int ancestor : ancestors) {
      if (has(kind, ancestor)) return {ancestor, {}};
    }
    return choose_outermost(kind);
  }
  return {std::nullopt,
          "no lucid-init supervisor found (PID 1 is not one, nor is an ancestor of the probe or "
          "any other process in /proc)"};
}

}  // namespace lucid::probe
