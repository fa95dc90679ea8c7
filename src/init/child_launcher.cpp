#include "init/child_launcher.hpp"

#include <fcntl.h>
#include <termios.h>
#include <unistd.h>

#include <cerrno>
#include <system_error>

namespace lucid::init {
namespace {

// Both parent and child put the child in its group: whichever runs first, the group exists
// before the parent can signal it, so a signal arriving right after start is never lost.
void enter_own_group(pid_t pid, bool take_terminal) {
  setpgid(pid, pid);
  // SIGTTOU is blocked in both processes, so a background caller may still do this.
  if (take_terminal) tcsetpgrp(STDIN_FILENO, pid);
}

[[noreturn]] void exec_in_child(const LaunchSpec& spec, const SignalState& signals,
                                char* const argv[], int error_pipe) {
  // getpid(), not 0: tcsetpgrp(fd, 0) fails, which would leave the child running before it owns
  // the terminal.
  if (spec.own_process_group) enter_own_group(getpid(), spec.take_terminal);
  signals.restore_inherited();
  execvp(argv[0], argv);
  const int error = errno;
  // The pipe is close-on-exec: the parent reads EOF on success, the errno on failure.
  while (write(error_pipe, &error, sizeof error) < 0 && errno == EINTR) {
  }
  _exit(exec_failure_status(error));
}

}  // namespace

int exec_failure_status(int exec_errno) {
  return exec_errno == ENOENT || exec_errno == ENOTDIR ? 127 : 126;
}

LaunchResult launch_child(const LaunchSpec& spec, const SignalState& signals) {
  std::vector<char*> argv;
  for (const auto& arg : spec.command) argv.push_back(const_cast<char*>(arg.c_str()));
  argv.push_back(nullptr);

  int error_pipe[2];
  if (pipe2(error_pipe, O_CLOEXEC) != 0) {
    throw std::system_error(errno, std::generic_category(), "pipe2");
  }
  const pid_t pid = fork();
  if (pid < 0) {
    const int error = errno;
    close(error_pipe[0]);
    close(error_pipe[1]);
    throw std::system_error(error, std::generic_category(), "fork");
  }
  if (pid == 0) {
    close(error_pipe[0]);
    exec_in_child(spec, signals, argv.data(), error_pipe[1]);
  }

  close(error_pipe[1]);
  if (spec.own_process_group) enter_own_group(pid, spec.take_terminal);
  LaunchResult result{pid, 0};
  ssize_t n;
  while ((n = read(error_pipe[0], &result.exec_errno, sizeof result.exec_errno)) < 0 &&
         errno == EINTR) {
  }
  if (n != sizeof result.exec_errno) result.exec_errno = 0;
  close(error_pipe[0]);
  return result;
}

}  // namespace lucid::init
