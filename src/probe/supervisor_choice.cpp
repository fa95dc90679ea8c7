#include "probe/supervisor_choice.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace lucid::probe {

Choice choose_outermost(const std::vector<ProcessLink>& supervisors) {
  std::vector<int> outermost;
  for (const ProcessLink& process : supervisors) {
    const bool nested =
        std::any_of(supervisors.begin(), supervisors.end(),
                    [&](const ProcessLink& other) { return other.pid == process.ppid; });
    if (!nested) outermost.push_back(process.pid);
  }
  if (outermost.empty()) {
    return {std::nullopt,
            "no lucid-init supervisor found (PID 1 is not one, nor is an ancestor of the probe or "
            "any other process in /proc)"};
  }
  if (outermost.size() == 1) return {outermost.front(), {}};
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

}  // namespace lucid::probe
