#include "peers_support.hpp"

#include <sys/resource.h>
#include <unistd.h>

#include <climits>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <stdexcept>

namespace lucid_test {
namespace {

// Several scenarios end processes with core-dumping signals (QUIT, ABRT, SEGV, ...): with a
// core_pattern of "core" they would litter the working directory. lucid-init and its children
// inherit the limit.
const bool kNoCoreFiles = [] {
  const rlimit none{0, 0};
  return setrlimit(RLIMIT_CORE, &none) == 0;
}();

}  // namespace

const std::string& peers_child_binary() {
  static const std::string path = [] {
    const char* from_env = std::getenv("LUCID_PEERS_CHILD_BIN");
    return std::string(from_env != nullptr ? from_env : LUCID_PEERS_CHILD_PATH);
  }();
  return path;
}

std::vector<std::string> with_peers_child(std::vector<std::string> options, const std::string& mode,
                                          const std::string& dir) {
  (void)kNoCoreFiles;
  options.insert(options.end(), {peers_child_binary(), mode, dir});
  return options;
}

char process_state(pid_t pid) {
  const std::string stat = read_file("/proc/" + std::to_string(pid) + "/stat");
  // "PID (COMM) STATE ...": COMM may contain anything, so look after the last ')'.
  const std::size_t close = stat.rfind(')');
  if (close == std::string::npos || close + 2 >= stat.size()) return '?';
  return stat[close + 2];
}

DefaultAction default_action(int signo) {
  switch (signo) {
    case SIGCONT:
    case SIGURG:
    case SIGWINCH:
      return DefaultAction::kIgnore;
    case SIGTSTP:
    case SIGTTIN:
    case SIGTTOU:
      return DefaultAction::kStop;
    default:
      return DefaultAction::kTerminate;
  }
}

std::vector<int> forwardable_signals() {
  std::vector<int> out;
  for (int signo = 1; signo < 32; ++signo) {
    if (signo != SIGKILL && signo != SIGSTOP && signo != SIGCHLD) out.push_back(signo);
  }
  out.push_back(SIGRTMIN);
  out.push_back(SIGRTMAX);
  return out;
}

std::string signal_label(int signo) {
  if (signo == SIGRTMIN) return "SIGRTMIN";
  if (signo == SIGRTMAX) return "SIGRTMAX";
  const char* abbrev = sigabbrev_np(signo);
  return abbrev != nullptr ? std::string("SIG") + abbrev : "SIG" + std::to_string(signo);
}

ScopedWorkingDirectory::ScopedWorkingDirectory(const std::string& path) {
  char here[PATH_MAX] = {};
  if (getcwd(here, sizeof here) == nullptr || chdir(path.c_str()) != 0) {
    throw std::runtime_error("cannot change the working directory to " + path);
  }
  previous_ = here;
}

ScopedWorkingDirectory::~ScopedWorkingDirectory() {
  if (chdir(previous_.c_str()) != 0) std::abort();  // every later test would run elsewhere
}

std::string read_link(const std::string& path) {
  char target[PATH_MAX] = {};
  const ssize_t n = readlink(path.c_str(), target, sizeof target - 1);
  return n > 0 ? std::string(target, static_cast<std::size_t>(n)) : std::string();
}

}  // namespace lucid_test
