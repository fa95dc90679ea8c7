#pragma once
// Finds the running lucid-init supervisor through /proc (the choice: supervisor_choice.hpp). A
// lucid-init is a process whose executable is the probe's own file (same device and inode), or,
// when the kernel will not show its executable (another uid, or a non-dumpable process), whose
// name is the probe's own: a weaker kind, which never outweighs the first. An entry point
// installed under another name (an /init symlink) is then not found by name: the probe needs
// --service or --port there. `lucid-init probe` processes are never supervisors. Every read is
// bounded; nothing here writes.
#include "probe/supervisor_target.hpp"

namespace lucid::probe {

SupervisorSearch find_supervisor();

}  // namespace lucid::probe
