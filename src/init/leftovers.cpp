#include "init/leftovers.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <fmt/format.h>
#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>

namespace lucid::init {

std::optional<pid_t> parent_pid_from_stat(std::string_view stat) {
  // "PID (COMM) STATE PPID ...": COMM may hold spaces and parentheses, so parse from the last ')'.
  const std::size_t close = stat.rfind(')');
  if (close == std::string_view::npos || close + 4 >= stat.size()) return std::nullopt;
  std::size_t i = close + 2;  // the state letter
  if (stat[close + 1] != ' ' || stat[i + 1] != ' ') return std::nullopt;
  i += 2;
  pid_t ppid = 0;
  std::size_t digits = 0;
  for (; i < stat.size() && stat[i] >= '0' && stat[i] <= '9' && digits < 10; ++i, ++digits) {
    ppid = ppid * 10 + (stat[i] - '0');
  }
  if (digits == 0) return std::nullopt;
  return ppid;
}

std::vector<pid_t> Leftovers::children_of_self() {
  std::vector<pid_t> children;
  DIR* proc = opendir("/proc");
  if (proc == nullptr) return children;
  const pid_t self = getpid();
  while (const dirent* entry = readdir(proc)) {
    const char first = entry->d_name[0];
    if (first < '1' || first > '9') continue;
    const int fd =
        openat(dirfd(proc), fmt::format("{}/stat", entry->d_name).c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) continue;  // exited since readdir
    char buffer[512];
    const ssize_t n = read(fd, buffer, sizeof buffer);
    close(fd);
    if (n <= 0) continue;
    const auto ppid = parent_pid_from_stat(std::string_view(buffer, static_cast<std::size_t>(n)));
    if (ppid == self)
      children.push_back(static_cast<pid_t>(std::strtol(entry->d_name, nullptr, 10)));
  }
  closedir(proc);
  return children;
}

void Leftovers::forget(pid_t pid) {
  const auto at = std::lower_bound(sent_term_.begin(), sent_term_.end(), pid);
  if (at != sent_term_.end() && *at == pid) sent_term_.erase(at);
}

LeftoverSweep Leftovers::signal_all(int signo) {
  LeftoverSweep sweep;
  // A stopped process would keep its SIGTERM pending until the deadline SIGKILL.
  const bool and_continue = signo == SIGTERM;
  const auto send = [&](pid_t pid) {
    if (kill(pid, signo) == 0 || errno == ESRCH) return;  // ESRCH: none left, or already gone
    ++sweep.failed;
    sweep.error = errno;
  };
  if (is_pid1_) {
    send(-1);
    if (and_continue) kill(-1, SIGCONT);
    return sweep;
  }
  if (access("/proc/self/stat", R_OK) != 0) {
    sweep.found = false;
    return sweep;
  }
  for (const pid_t pid : children_of_self()) {
    // SIGTERM once per process: a second one would cut short the cleanup it started.
    if (signo == SIGTERM) {
      const auto at = std::lower_bound(sent_term_.begin(), sent_term_.end(), pid);
      if (at != sent_term_.end() && *at == pid) continue;
      sent_term_.insert(at, pid);
    }
    send(pid);
    if (and_continue) kill(pid, SIGCONT);
  }
  return sweep;
}

}  // namespace lucid::init
