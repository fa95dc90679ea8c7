#include "limited_run.hpp"

#include <fcntl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <csignal>

#include "output_capture.hpp"

namespace lucid_test {

LimitedExit run_with_fd_limit(const std::vector<std::string>& argv, int limit) {
  int out[2];
  int err[2];
  if (pipe2(out, O_CLOEXEC) != 0 || pipe2(err, O_CLOEXEC) != 0) return {};
  std::vector<char*> args;
  for (const auto& arg : argv) args.push_back(const_cast<char*>(arg.c_str()));
  args.push_back(nullptr);

  const pid_t pid = fork();
  if (pid == 0) {
    dup2(out[1], STDOUT_FILENO);
    dup2(err[1], STDERR_FILENO);
    dup2(open("/dev/null", O_RDONLY), STDIN_FILENO);
    // Everything above stderr closes, so the limit counts only what the program gets.
    for (int fd = 3; fd < 1024; ++fd) close(fd);
    const auto lim = static_cast<rlim_t>(limit);
    const rlimit nofile{lim, lim};
    if (setrlimit(RLIMIT_NOFILE, &nofile) != 0) _exit(120);
    execv(args[0], args.data());
    _exit(121);
  }
  close(out[1]);
  close(err[1]);
  LimitedExit result;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  capture_output(out[0], err[0], result.out, result.err, deadline);
  int status = 0;
  while (waitpid(pid, &status, WNOHANG) == 0) {
    if (std::chrono::steady_clock::now() >= deadline) kill(pid, SIGKILL);
    usleep(10000);
  }
  if (WIFEXITED(status)) result.code = WEXITSTATUS(status);
  if (WIFSIGNALED(status)) result.signal = WTERMSIG(status);
  return result;
}

}  // namespace lucid_test
