#pragma once
// vfork + exec of PROGRAM, with everything that has to happen in between.
#include <sys/types.h>

#include <string>
#include <vector>

#include "init/signal_state.hpp"

namespace lucid::init {

struct LaunchSpec {
  std::vector<std::string> command;  // PROGRAM [ARG...], PROGRAM looked up in PATH
  bool own_process_group = false;    // --pgroup, or a terminal to hand over
  bool take_terminal = false;        // make the child's group the terminal's foreground
};

struct LaunchResult {
  pid_t pid = -1;
  int exec_errno = 0;      // non-zero: exec failed, the child has exited with 126 or 127
  std::string exec_error;  // then why, e.g. "Exec format error (a script without a #! line)"
};

// Throws std::system_error when vfork itself fails.
LaunchResult launch_child(const LaunchSpec& spec, const SignalState& signals);

// The status a shell gives a command it could not execute: 127 not found, 126 otherwise.
int exec_failure_status(int exec_errno);

}  // namespace lucid::init
