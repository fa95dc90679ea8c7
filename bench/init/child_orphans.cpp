// `orphans COUNT`: the reaping-throughput scenario. A spawner forks COUNT grandchildren that all
// block on one pipe, then exits, so they re-parent to the init. Once they sit idle, closing the
// pipe's write end releases them all at once; each exits at once and only the init can reap it.
// We time from the release until no process but the init and ourselves is left in the PID
// namespace (a zombie still has its /proc entry), and print that time and what is left.
#include <dirent.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>

#include "bench_child.hpp"

namespace init_bench {
namespace {

constexpr long kGiveUpNs = 30LL * 1000000000LL;

// Processes in this PID namespace other than PID 1 and ourselves: alive or zombie.
int others_in_namespace() {
  DIR* proc = opendir("/proc");
  if (proc == nullptr) return -1;
  const int self = getpid();
  int count = 0;
  while (const dirent* entry = readdir(proc)) {
    const int pid = std::atoi(entry->d_name);
    if (pid > 1 && pid != self) ++count;
  }
  closedir(proc);
  return count;
}

[[noreturn]] void spawn_and_leave(int count, int release_read, int release_write) {
  close(release_write);  // only our parent may hold it, or EOF never comes
  for (int i = 0; i < count; ++i) {
    const pid_t pid = fork();
    if (pid < 0) {
      std::perror("fork");
      _exit(1);
    }
    if (pid == 0) {
      char byte = 0;
      while (read(release_read, &byte, 1) > 0) {
      }
      _exit(0);
    }
  }
  _exit(0);
}

}  // namespace

int mode_orphans(int count) {
  int release[2];
  if (pipe(release) != 0) return 1;
  const pid_t spawner = fork();
  if (spawner < 0) return 1;
  if (spawner == 0) spawn_and_leave(count, release[0], release[1]);
  close(release[0]);
  int status = 0;
  waitpid(spawner, &status, 0);
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    std::fprintf(stderr, "the spawner failed\n");
    return 1;
  }
  // Let every grandchild reach its read() and the init go back to sleep.
  sleep_ms(500);
  const int before = others_in_namespace();

  const long long released = monotonic_ns();
  close(release[1]);
  int left = before;
  long long now = released;
  while (left != 0 && now - released < kGiveUpNs) {
    sleep_ms(1);
    left = others_in_namespace();
    now = monotonic_ns();
  }
  std::printf("orphans=%d released=%d left=%d reap_ns=%lld\n", count, before, left, now - released);
  return 0;
}

}  // namespace init_bench
