#pragma once
// Runs the real lucid-init binary the way it runs in production: as PID 1 of a fresh PID
// namespace (as root or as the images' uid 65532), or as a plain child (where it must become a
// child subreaper). Captures its output, signals it from outside, and bounds every wait so a
// broken binary fails the test instead of hanging ctest.
#include <gtest/gtest.h>
#include <sys/types.h>

#include <chrono>
#include <functional>
#include <ostream>
#include <string>
#include <utility>
#include <vector>

#include "test_support.hpp"

namespace lucid_test {

enum class Mode {
  kPid1,              // unshare --pid --fork --mount-proc lucid-init ...
  kPid1Unprivileged,  // the same, through setpriv as uid/gid 65532 (the distroless user)
  kSubreaper,         // a plain child of the test: not PID 1
};
inline constexpr Mode kAllModes[] = {Mode::kPid1, Mode::kPid1Unprivileged, Mode::kSubreaper};
std::string mode_name(Mode mode);
// For gtest's messages.
inline void PrintTo(Mode mode, std::ostream* out) { *out << mode_name(mode); }
bool is_pid1(Mode mode);

// Test-name suffix for suites parameterized over Mode (INSTANTIATE_TEST_SUITE_P's 4th argument).
struct ModeName {
  template <typename ParamInfo>
  std::string operator()(const ParamInfo& info) const {
    return mode_name(info.param);
  }
};

// False in kSubreaper mode when the platform refuses PR_SET_CHILD_SUBREAPER (qemu-user 7.2
// answers EINVAL for every emulated process), so orphans cannot come back to lucid-init there.
bool subreaper_available(Mode mode);
#define LUCID_SKIP_WITHOUT_SUBREAPER(mode)                                                     \
  if (!::lucid_test::subreaper_available(mode))                                                \
  GTEST_SKIP() << "this platform refuses PR_SET_CHILD_SUBREAPER (qemu-user does), so orphans " \
                  "cannot be adopted by lucid-init when it is not PID 1"

// Signals that cannot be sent reliably to a process of the build under test from outside. Under
// qemu-user (the aarch64 tests) an external SIGSEGV or SIGBUS is dropped by the emulator, and
// SIGILL or SIGFPE can crash it: it takes them for faults of the emulated code; and the top two
// real-time signals are the emulator's own (kill() answers EINVAL). Empty natively.
bool signal_unreliable_here(int signo);

// The binaries under test (paths set by CMake; LUCID_INIT_BIN / LUCID_TEST_CHILD_BIN in the
// environment override them).
const std::string& init_binary();
const std::string& child_binary();

// lucid-init's arguments: its own options, then the test child with the child's arguments.
std::vector<std::string> with_child(std::vector<std::string> options,
                                    const std::vector<std::string>& child_args);

using Env = std::vector<std::pair<std::string, std::string>>;

// What lucid-init's stderr is. The faults suite breaks it the ways a log pipe breaks in production.
enum class ErrSink {
  kPipe,          // a pipe the test reads (the default)
  kStalledPipe,   // a pipe filled to the brim that the test reads only after release_stderr()
  kReaderClosed,  // a pipe whose read end is already closed: every write is EPIPE
  kClosed,        // descriptor 2 not open at all
  kFile,          // the file err_file, truncated first
};

struct Launch {
  Launch(Mode mode_, std::vector<std::string> args_, Env env_ = {})
      : mode(mode_), args(std::move(args_)), env(std::move(env_)) {}

  Mode mode = Mode::kPid1;
  std::vector<std::string> args;  // lucid-init's command line, after its own name
  // Environment changes on top of the test's environment, from which every LUCID_* and API_*
  // variable is removed first so the host cannot leak configuration into a test.
  Env env;
  // lucid-init starts with these signals blocked and these ignored.
  std::vector<int> blocked_signals;
  std::vector<int> ignored_signals;
  // Descriptors lucid-init inherits (without close-on-exec): fd number -> file opened read-write.
  std::vector<std::pair<int, std::string>> inherited_files;
  // Run on a new pseudo-terminal: stdin/stdout/stderr and controlling terminal. Output is then
  // read from the terminal and lands in both out and err.
  bool pty = false;
  // Working directory to start in; empty: the test's own.
  std::string cwd;
  // A command that runs lucid-init (its last argument is lucid-init's path), after the mode's
  // own unshare/setpriv. In kSubreaper mode it must exec lucid-init in place, or init_pid() is
  // the wrapper's.
  std::vector<std::string> wrapper;
  // Root directory to run in (through unshare --root), holding lucid-init as /lucid-init; empty:
  // the host's root and init_binary(). In the PID 1 modes it needs an empty /proc to mount on.
  std::string root;
  ErrSink err_sink = ErrSink::kPipe;
  std::string err_file;  // for ErrSink::kFile
  // A slow log reader: stderr is read 4 KiB at a time, with this pause before each read.
  std::chrono::milliseconds err_read_pause{0};
  // Soft resource limits lucid-init starts with: RLIMIT_* -> value.
  std::vector<std::pair<int, unsigned long>> limits;
};

struct Exit {
  bool timed_out = false;
  int code = -1;    // exit code when the process exited
  int signal = 0;   // terminating signal when it was killed
  std::string out;  // everything written to stdout
  std::string err;  // everything written to stderr
  Clock::time_point ended;
  std::vector<std::string> err_lines() const { return split_lines(err); }
  // The stderr lines that start with `prefix`.
  std::vector<std::string> err_lines_starting(const std::string& prefix) const;
};

class InitProcess {
 public:
  explicit InitProcess(const Launch& launch);
  ~InitProcess();
  InitProcess(const InitProcess&) = delete;
  InitProcess& operator=(const InitProcess&) = delete;

  Clock::time_point started() const { return started_; }
  // Host pid of lucid-init (in the namespace modes, the only child of unshare; waits for it).
  pid_t init_pid();
  // Host pid of lucid-init's child as soon as it has one; -1 after the deadline or if
  // lucid-init exited first.
  pid_t child_pid(std::chrono::milliseconds timeout = kWaitDeadline);
  void send(int signo);
  void write_terminal(const std::string& bytes);
  // Polls `condition` like wait_until, but gives up at once when lucid-init has exited.
  bool wait_for(const std::function<bool()>& condition,
                std::chrono::milliseconds timeout = kWaitDeadline);
  // Output read so far; pumps the pipes first.
  const std::string& out();
  const std::string& err();
  // ErrSink::kStalledPipe: the reader comes back; from now on stderr is read (the filler the
  // pipe was stuffed with is left out of Exit::err).
  void release_stderr();
  // Waits for lucid-init to exit; on timeout kills everything it started, records a test failure
  // and returns with timed_out set.
  Exit wait(std::chrono::milliseconds timeout = kWaitDeadline);

 private:
  void prepare_stderr(const Launch& launch, int err_pipe[2]);
  void pump(int timeout_ms);
  // Reaps lucid-init (or unshare) if it has exited; true once it has.
  bool reap_if_exited();
  void kill_everything();

  pid_t launcher_ = -1;
  pid_t init_ = -1;
  int out_fd_ = -1;
  int err_fd_ = -1;
  int pty_fd_ = -1;
  int stalled_err_fd_ = -1;  // the stalled pipe's read end, until release_stderr()
  std::size_t filler_ = 0;   // bytes of filler still to be skipped on the stalled pipe
  std::chrono::milliseconds err_read_pause_;
  bool reaped_ = false;
  bool waited_ = false;
  Clock::time_point started_;
  Exit exit_;
};

// ErrSink::kStalledPipe, with a child running `record DIR` under -vvv: 400 signals forwarded
// while the pipe is full (more log lines than lucid-init keeps for later), then the reader comes
// back and SIGWINCH is sent until `marker` shows up on stderr, in the first line after the loss.
::testing::AssertionResult drop_lines_then_release(InitProcess& init, const std::string& dir,
                                                   const std::string& marker);

// Start, wait, return.
Exit run_init(const Launch& launch, std::chrono::milliseconds timeout = kWaitDeadline);

}  // namespace lucid_test
