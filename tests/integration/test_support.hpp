#pragma once
// Small helpers shared by the integration tests: scratch directories, polling with deadlines,
// file and /proc reading. Nothing here knows about lucid-init itself.
#include <sys/types.h>

#include <chrono>
#include <functional>
#include <string>
#include <vector>

namespace lucid_test {

using Clock = std::chrono::steady_clock;
using namespace std::chrono_literals;

// Deadlines are generous on purpose: under qemu every process start costs tens of milliseconds,
// and these bound failures, not the normal case.
inline constexpr std::chrono::milliseconds kWaitDeadline = 30s;

// A scratch directory under /tmp, writable by everyone (the child may run as uid 65532), removed
// with its content on destruction.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::string& path() const { return path_; }
  std::string operator/(const std::string& name) const { return path_ + "/" + name; }

 private:
  std::string path_;
};

// Polls `condition` every few milliseconds until it holds or `timeout` passes.
bool wait_until(const std::function<bool()>& condition,
                std::chrono::milliseconds timeout = kWaitDeadline);

bool file_exists(const std::string& path);
std::string read_file(const std::string& path);
// True when the 64-bit little-endian ELF at PATH names a program interpreter (PT_INTERP): it then
// cannot start in an empty root, which has no loader and no libc (the asan build, say).
bool needs_loader(const std::string& path);
void write_file(const std::string& path, const std::string& content, unsigned mode = 0644);
std::vector<std::string> split_lines(const std::string& text);

// The number after "key=" in text (e.g. "pid=12 pgid=12"), or -1.
long field(const std::string& text, const std::string& key);

// The signals recorded by `lucid_test_child record` in dir/signals, in arrival order.
struct Received {
  int signo;
  int sender;
  int code;
};
std::vector<Received> received_signals(const std::string& dir);
bool has_received(const std::string& dir, int signo);

// Children of every thread of `pid`, from /proc/PID/task/TID/children.
std::vector<pid_t> children_of(pid_t pid);
bool process_exists(pid_t pid);
// The PPid: field of /proc/PID/status, or -1.
pid_t parent_of(pid_t pid);
// utime + stime of a process, in clock ticks, from /proc/PID/stat; -1 when unreadable.
long cpu_ticks(pid_t pid);
// Voluntary and involuntary context switches of a process (/proc/PID/status): each wake-up is one.
long context_switches(pid_t pid);

// A TCP port that was free a moment ago (bound to port 0, then released).
int free_tcp_port();

double seconds_between(Clock::time_point from, Clock::time_point to);

}  // namespace lucid_test
