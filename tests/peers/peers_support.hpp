#pragma once
// What the peers' scenarios need on top of the integration suite's harness (init_process.hpp):
// their own child program, the kernel's view of a process, the classes of signals, and a way to
// start lucid-init from a chosen working directory.
#include <sys/types.h>

#include <string>
#include <vector>

#include "init_process.hpp"

namespace lucid_test {

// lucid_peers_child (path set by CMake; LUCID_PEERS_CHILD_BIN in the environment overrides it).
const std::string& peers_child_binary();

// lucid-init's arguments: its own options, then lucid_peers_child MODE DIR.
std::vector<std::string> with_peers_child(std::vector<std::string> options, const std::string& mode,
                                          const std::string& dir);

// The state letter of /proc/PID/stat (R, S, T, Z, ...), or '?' when the process is gone.
char process_state(pid_t pid);

// What a signal does to a process that keeps the default disposition.
enum class DefaultAction { kTerminate, kStop, kIgnore };
DefaultAction default_action(int signo);

// Every signal a supervisor can forward: 1-31 but KILL, STOP (uncatchable) and CHLD (the
// supervisor's own), and the real-time signals at both ends of their range.
std::vector<int> forwardable_signals();

// "SIGHUP", "SIGRTMIN", "SIGRTMAX": for test names and messages.
std::string signal_label(int signo);

// GoogleTest name generator for suites parameterized over a signal number.
struct SignalName {
  template <typename ParamInfo>
  std::string operator()(const ParamInfo& info) const {
    return signal_label(info.param);
  }
};

// Changes the test process's working directory for its lifetime: lucid-init is started from
// wherever the test process is, like from a Dockerfile's WORKDIR.
class ScopedWorkingDirectory {
 public:
  explicit ScopedWorkingDirectory(const std::string& path);
  ~ScopedWorkingDirectory();
  ScopedWorkingDirectory(const ScopedWorkingDirectory&) = delete;
  ScopedWorkingDirectory& operator=(const ScopedWorkingDirectory&) = delete;

 private:
  std::string previous_;
};

// The target of a /proc symlink (e.g. /proc/PID/cwd), or "" when it cannot be read.
std::string read_link(const std::string& path);

}  // namespace lucid_test
