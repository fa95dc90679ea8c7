// init_bench_forward_latency SETTLE_MS pipe|null PROGRAM [ARG...]: one trial of the
// signal-forward latency. PROGRAM is `unshare --pid --fork --mount-proc INIT ... init_bench_child
// stamp`: the init under test is the only child of unshare. Once the child says it is ready and
// SETTLE_MS have passed (the init is idle again), we read CLOCK_MONOTONIC and send SIGTERM to the
// init; the child's handler prints its own reading. Prints "<latency ns> <exit status>", or
// "fail <why>".
// The init's stderr is either a pipe that we drain, like a container runtime's log reader (a
// write(2) to it wakes us up), or /dev/null.
#include <fcntl.h>
#include <poll.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <fstream>
#include <string>

namespace {

constexpr int kTimeoutMs = 20000;

long long monotonic_ns() {
  timespec now{};
  clock_gettime(CLOCK_MONOTONIC, &now);
  return static_cast<long long>(now.tv_sec) * 1000000000LL + now.tv_nsec;
}

// Reads from fd until `buffer` holds a complete line starting with `prefix`; that line. Drains
// `log_fd` (the init's stderr; -1 for none) meanwhile, throwing its content away.
std::string read_line_starting(int fd, int& log_fd, std::string& buffer,
                               const std::string& prefix) {
  for (;;) {
    for (std::size_t end; (end = buffer.find('\n')) != std::string::npos;) {
      std::string line = buffer.substr(0, end);
      buffer.erase(0, end + 1);
      if (line.rfind(prefix, 0) == 0) return line;
    }
    pollfd fds[2] = {{fd, POLLIN, 0}, {log_fd, POLLIN, 0}};
    if (poll(fds, log_fd >= 0 ? 2 : 1, kTimeoutMs) <= 0) return {};
    char chunk[512];
    if (log_fd >= 0 && fds[1].revents != 0 && read(log_fd, chunk, sizeof chunk) <= 0) {
      close(log_fd);
      log_fd = -1;
    }
    if (fds[0].revents == 0) continue;
    const ssize_t n = read(fd, chunk, sizeof chunk);
    if (n <= 0) return {};
    buffer.append(chunk, static_cast<std::size_t>(n));
  }
}

// The first child of `pid` (unshare's only child is the init), waiting for it to appear.
pid_t only_child_of(pid_t pid) {
  const std::string path =
      "/proc/" + std::to_string(pid) + "/task/" + std::to_string(pid) + "/children";
  for (int tries = 0; tries < kTimeoutMs; ++tries) {
    std::ifstream list(path);
    pid_t child = 0;
    if (list >> child) return child;
    usleep(1000);
  }
  return -1;
}

int fail(pid_t launcher, const char* why) {
  std::printf("fail %s\n", why);
  kill(launcher, SIGKILL);
  return 1;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 4 || (std::strcmp(argv[2], "pipe") != 0 && std::strcmp(argv[2], "null") != 0)) {
    std::fprintf(stderr,
                 "usage: init_bench_forward_latency SETTLE_MS pipe|null PROGRAM [ARG...]\n");
    return 2;
  }
  const long settle_ms = std::atol(argv[1]);
  const bool log_pipe = std::strcmp(argv[2], "pipe") == 0;
  int out[2];
  int err[2];
  if (pipe2(out, O_CLOEXEC) != 0 || pipe2(err, O_CLOEXEC) != 0) return 1;
  const int devnull = open("/dev/null", O_WRONLY | O_CLOEXEC);
  const pid_t launcher = fork();
  if (launcher < 0) return 1;
  if (launcher == 0) {
    dup2(out[1], STDOUT_FILENO);
    dup2(log_pipe ? err[1] : devnull, STDERR_FILENO);
    execv(argv[3], argv + 3);
    _exit(127);
  }
  close(out[1]);
  close(err[1]);
  close(devnull);
  int log_fd = err[0];
  if (!log_pipe) {
    close(log_fd);
    log_fd = -1;
  }
  std::string buffer;
  if (read_line_starting(out[0], log_fd, buffer, "ready").empty()) {
    return fail(launcher, "no-ready");
  }
  const pid_t init = only_child_of(launcher);
  if (init <= 0) return fail(launcher, "no-init");
  usleep(static_cast<useconds_t>(settle_ms * 1000));

  const long long sent = monotonic_ns();
  kill(init, SIGTERM);
  const std::string stamp = read_line_starting(out[0], log_fd, buffer, "stamp ");
  if (stamp.empty()) return fail(launcher, "no-stamp");
  const long long received = std::atoll(stamp.c_str() + 6);

  int status = 0;
  while (waitpid(launcher, &status, 0) < 0 && errno == EINTR) {
  }
  if (log_fd >= 0) close(log_fd);
  std::printf("%lld %d\n", received - sent,
              WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status));
  return 0;
}
