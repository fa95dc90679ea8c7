#pragma once
// Finds the running lucid-init supervisor through /proc: PID 1 when it is one (the container), else
// the nearest ancestor of the probe that is one (a shell under the supervisor, a host), else the
// only outermost one in /proc (docker run --init). A lucid-init is a process whose executable is
// the probe's own file (same device and inode), or, when the kernel will not show its executable
// (another uid: ptrace access), whose name is the probe's own; `lucid-init probe` processes are
// never supervisors. Every read is bounded; nothing here writes.
#include "probe/supervisor_target.hpp"

namespace lucid::probe {

SupervisorSearch find_supervisor();

}  // namespace lucid::probe
