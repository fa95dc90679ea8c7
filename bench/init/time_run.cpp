// init_bench_time_run PROGRAM [ARG...]: runs PROGRAM once with its output on /dev/null and prints
// "<wall ns> <exit status>". The wall time spans fork to waitpid, read from CLOCK_MONOTONIC in
// this small static process, so the driver's own start-up cost never lands in the measurement.
#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <ctime>

namespace {

long long monotonic_ns() {
  timespec now{};
  clock_gettime(CLOCK_MONOTONIC, &now);
  return static_cast<long long>(now.tv_sec) * 1000000000LL + now.tv_nsec;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: init_bench_time_run PROGRAM [ARG...]\n");
    return 2;
  }
  const int devnull = open("/dev/null", O_WRONLY | O_CLOEXEC);
  const long long start = monotonic_ns();
  const pid_t pid = fork();
  if (pid < 0) return 1;
  if (pid == 0) {
    dup2(devnull, STDOUT_FILENO);
    dup2(devnull, STDERR_FILENO);
    execv(argv[1], argv + 1);
    _exit(127);
  }
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  const long long wall = monotonic_ns() - start;
  std::printf("%lld %d\n", wall, WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status));
  return 0;
}
