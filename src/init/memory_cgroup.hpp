#pragma once
// Why a SIGKILL nobody in the container sent: the kernel's OOM killer, as the memory cgroup
// lucid-init runs in counts it. The pure half: where the cgroup's files are, given
// /proc/self/cgroup, and what they say.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace lucid::init {

// One place the counter may be: cgroup v2 memory.events or v1 memory.oom_control (both have an
// "oom_kill N" line), and the limit beside it (memory.max, memory.limit_in_bytes).
struct MemoryCgroupFiles {
  std::string events;
  std::string limit;
};

// The candidates, best first: v2 (the "0::/path" line) under /sys/fs/cgroup, then v1 (the line
// whose controllers include memory) under /sys/fs/cgroup/memory. In a container the cgroup's own
// directory is often mounted as the root while /proc/self/cgroup still names its full path (or
// "/"): each path is also tried without its leading directories, down to the mount's root.
std::vector<MemoryCgroupFiles> memory_cgroup_candidates(std::string_view proc_self_cgroup);

// N of the "oom_kill N" line; empty when there is none.
std::optional<unsigned long long> oom_kill_count(std::string_view events);

// "memory limit 64 MiB", "no memory limit" ("max", or v1's page-rounded 2^63), or "" when the
// text is no number.
std::string describe_memory_limit(std::string_view limit);

// The exit line's note: "out of memory (the kernel's OOM killer; memory limit 64 MiB)".
std::string oom_note(std::string_view limit_description);

}  // namespace lucid::init
