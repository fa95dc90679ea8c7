#pragma once
// Processes left behind once the main child has exited: as PID 1, every other process in the
// namespace (kill(-1) reaches exactly those); as a subreaper, our remaining children, found in
// /proc, including orphans re-parented to us since the last sweep.
#include <sys/types.h>

#include <optional>
#include <string_view>
#include <vector>

namespace lucid::init {

// The parent pid in the text of /proc/PID/stat; nullopt when it is not that format.
std::optional<pid_t> parent_pid_from_stat(std::string_view stat);

struct LeftoverSweep {
  bool found = true;    // false: the leftovers could not be looked for (no /proc as a subreaper)
  unsigned failed = 0;  // kills the kernel refused
  int error = 0;        // the last refusal's errno
};

class Leftovers {
 public:
  explicit Leftovers(bool is_pid1) : is_pid1_(is_pid1) {}

  // Sends signo to every leftover (SIGTERM only to those not sent it yet).
  LeftoverSweep signal_all(int signo);
  // `pid` was reaped: the number is free for the kernel to give to a new process, which must get
  // its own SIGTERM.
  void forget(pid_t pid);

 private:
  static std::vector<pid_t> children_of_self();

  bool is_pid1_;
  // Sorted. A vector, not a std::set: the tree's erase alone costs 1.3 KB of code.
  std::vector<pid_t> sent_term_;
};

}  // namespace lucid::init
