// lucid_stress_child: the stress tests' own child program (the integration test child covers the
// rest). `fork-storm DIR`: ignores SIGTERM and forks without pause until killed, so lucid-init's
// shutdown has to end a process tree that keeps growing. Every tenth descendant ignores SIGTERM
// too and lingers (a leftover only SIGKILL ends); the others exit after a moment. Each
// descendant's pid is appended to DIR/pids, and DIR/ready is created once forking is under way.
#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <string>

namespace {

constexpr int kMaxSeconds = 120;  // a broken init must not leave this running for long

void nap_ms(long ms) {
  timespec t{ms / 1000, (ms % 1000) * 1000000};
  while (nanosleep(&t, &t) != 0) {
  }
}

int fork_storm(const std::string& dir) {
  std::signal(SIGTERM, SIG_IGN);  // inherited by every descendant
  std::signal(SIGCHLD, SIG_IGN);  // the storm's own children need no reaping by it
  const int pids = open((dir + "/pids").c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (pids < 0) return 97;
  const std::time_t end = std::time(nullptr) + kMaxSeconds;
  for (long n = 0; std::time(nullptr) < end; ++n) {
    const pid_t pid = fork();
    if (pid == 0) {
      nap_ms(n % 10 == 0 ? kMaxSeconds * 1000L : 20);
      _exit(0);
    }
    if (pid > 0) {
      const std::string line = std::to_string(pid) + "\n";
      if (write(pids, line.data(), line.size()) < 0) return 97;
    }
    if (n == 50) {
      const int ready = open((dir + "/ready").c_str(), O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
      if (ready >= 0) close(ready);
    }
    nap_ms(1);
  }
  return 99;
}

}  // namespace

// Not under test: in the sanitized builds its leak check at exit stops the world with ptrace,
// which the SIGCONT lucid-init sends after a shutdown signal can leave hanging.
extern "C" const char* __asan_default_options() { return "detect_leaks=0"; }

int main(int argc, char** argv) {
  if (argc == 3 && std::strcmp(argv[1], "fork-storm") == 0) return fork_storm(argv[2]);
  std::fprintf(stderr, "usage: lucid_stress_child fork-storm DIR\n");
  return 2;
}
