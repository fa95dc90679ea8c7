#pragma once
// Collecting exited processes: the main child, and every orphan that was re-parented to us.
#include <sys/types.h>

#include <optional>
#include <vector>

namespace lucid::init {

struct Reaped {
  pid_t pid;
  int status;
};

// Reaps every process that has exited so far. Returns true while children remain (alive), false
// once there are none at all, which for PID 1 means the namespace holds nothing but lucid-init.
bool reap_exited(std::vector<Reaped>& reaped);

// Whether `child` stopped (true) or went on (false) since the last call; nullopt: neither.
// waitid(WSTOPPED|WCONTINUED) reports a change once and the kernel keeps only the latest one, so
// a call on every SIGCHLD read (they coalesce) misses none. Exits are left to reap_exited.
std::optional<bool> stop_state_change(pid_t child);

// The debug line for one reaped orphan (event orphan_reaped).
void log_orphan_reaped(const Reaped& orphan);

// Orphans of our descendants re-parent to us even when we are not PID 1 (e.g. under
// `docker run --init` or in a test). Returns false (errno set) when the kernel refuses.
bool become_subreaper();

}  // namespace lucid::init
