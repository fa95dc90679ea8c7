#include "init/child_launcher.hpp"

#include <fcntl.h>
#include <termios.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <system_error>

#include "init/program_search.hpp"
#include "init/refused_file.hpp"

namespace lucid::init {
namespace {

// What a child whose exec failed sends back through the error pipe. The file's first bytes are
// described in the parent: the child may not allocate.
struct ExecReport {
  int error;
  FileHead head;
};

// Both parent and child put the child in its group. Under vfork the child always gets there
// first; where vfork is a fork (qemu-user, valgrind) either may, and the group exists before the
// parent can signal it either way, so a signal arriving right after start is never lost.
void enter_own_group(pid_t pid, bool take_terminal) {
  setpgid(pid, pid);
  // SIGTTOU is blocked in both processes, so a background caller may still do this.
  if (take_terminal) tcsetpgrp(STDIN_FILENO, pid);
}

[[noreturn]] void exec_in_child(const LaunchSpec& spec, const SignalState& signals,
                                const std::vector<std::string>& candidates, char* const argv[],
                                int error_pipe) {
  // getpid(), not 0: tcsetpgrp(fd, 0) fails, which would leave the child running before it owns
  // the terminal.
  if (spec.own_process_group) enter_own_group(getpid(), spec.take_terminal);
  signals.restore_inherited();
  const ExecFailure failure = exec_first(candidates, argv, environ);
  ExecReport report{failure.error, {}};
  if (failure.error == ENOEXEC) report.head = read_file_head(failure.file);
  // The pipe is close-on-exec: the parent reads EOF on success, the report on failure. One
  // write of less than PIPE_BUF arrives whole.
  while (write(error_pipe, &report, sizeof report) < 0 && errno == EINTR) {
  }
  _exit(exec_failure_status(failure.error));
}

// The child's report, or nothing (error 0) at end of file: it exec'd.
ExecReport read_report(int error_pipe) {
  ExecReport report{0, {}};
  ssize_t n;
  while ((n = read(error_pipe, &report, sizeof report)) < 0 && errno == EINTR) {
  }
  if (n != sizeof report) report.error = 0;
  return report;
}

}  // namespace

int exec_failure_status(int exec_errno) {
  return exec_errno == ENOENT || exec_errno == ENOTDIR ? 127 : 126;
}

LaunchResult launch_child(const LaunchSpec& spec, const SignalState& signals) {
  std::vector<char*> argv;
  for (const auto& arg : spec.command) argv.push_back(const_cast<char*>(arg.c_str()));
  argv.push_back(nullptr);
  const std::vector<std::string> candidates =
      exec_candidates(spec.command.front(), std::getenv("PATH"));

  int error_pipe[2];
  if (pipe2(error_pipe, O_CLOEXEC) != 0) {
    throw std::system_error(errno, std::generic_category(), "pipe2");
  }
  // vfork: the child borrows this process's memory until its exec instead of copying the page
  // tables (fork's cost grows with the init's mapped pages, and every page it then writes takes
  // a copy-on-write fault); start-up is about 0.15 ms shorter (docs/init-benchmarks.md). What
  // the child does before exec allocates nothing and returns to no caller, as vfork requires;
  // the report still goes through the pipe, which works where vfork is emulated by fork.
  const pid_t pid = vfork();
  if (pid < 0) {
    const int error = errno;
    close(error_pipe[0]);
    close(error_pipe[1]);
    throw std::system_error(error, std::generic_category(), "vfork");
  }
  if (pid == 0) {
    close(error_pipe[0]);
    exec_in_child(spec, signals, candidates, argv.data(), error_pipe[1]);
  }

  close(error_pipe[1]);
  if (spec.own_process_group) enter_own_group(pid, spec.take_terminal);
  const ExecReport report = read_report(error_pipe[0]);
  close(error_pipe[0]);
  LaunchResult result{pid, report.error, ""};
  if (report.error != 0) result.exec_error = exec_error_text(report.error, report.head);
  return result;
}

}  // namespace lucid::init
