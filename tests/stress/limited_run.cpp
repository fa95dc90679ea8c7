#include "limited_run.hpp"

#include <fcntl.h>
#include <poll.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <csignal>

namespace lucid_test {
namespace {

// Reads both pipes until both are closed or the deadline passes.
void drain(int out_fd, int err_fd, LimitedExit& result,
           std::chrono::steady_clock::time_point deadline) {
  pollfd fds[] = {{out_fd, POLLIN, 0}, {err_fd, POLLIN, 0}};
  std::string* sinks[] = {&result.out, &result.err};
  int open_count = 2;
  while (open_count > 0 && std::chrono::steady_clock::now() < deadline) {
    if (poll(fds, 2, 100) <= 0) continue;
    for (int i = 0; i < 2; ++i) {
      if (fds[i].fd < 0 || fds[i].revents == 0) continue;
      char buffer[4096];
      const ssize_t n = read(fds[i].fd, buffer, sizeof buffer);
      if (n > 0) {
        sinks[i]->append(buffer, static_cast<std::size_t>(n));
      } else {
        fds[i].fd = -1;
        --open_count;
      }
    }
  }
}

}  // namespace

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
  drain(out[0], err[0], result, deadline);
  close(out[0]);
  close(err[0]);
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
