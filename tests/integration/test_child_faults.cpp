// Modes for the faults suite (tests/faults/):
//   setuid-root DIR        as a setuid-root copy: takes root as its real uid too (out of an
//                          unprivileged lucid-init's reach), ignores SIGTERM, writes DIR/ready;
//   spawn-and-wait PROG..  a stand-in PID 1: runs PROG as its child, reaps everything, exits with
//                          PROG's status (so lucid-init runs as a subreaper in a namespace of
//                          the test's own);
//   no-proc PROG..         execs PROG in a mount namespace whose /proc is an empty tmpfs;
//   reuse-pid DIR          leaves two processes behind; when they are sent SIGTERM the second
//                          forks a third process with the first one's pid (once that was
//                          reaped), which records in DIR whether it got a SIGTERM of its own.
#include <fcntl.h>
#include <sched.h>
#include <sys/mount.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <string>

#include "test_child.hpp"

namespace lucid_test_child {
namespace {

void block(int signo) {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, signo);
  sigprocmask(SIG_BLOCK, &set, nullptr);
}

}  // namespace

int mode_setuid_root(const std::string& dir) {
  if (setresuid(0, 0, 0) != 0) {
    write_file(dir + "/not-setuid", "setresuid failed\n");
    return 95;
  }
  signal(SIGTERM, SIG_IGN);
  write_file(dir + "/ready", describe_self());
  sleep_ms(kMaxLifetimeSeconds * 1000L);
  return kGaveUpCode;
}

int mode_spawn_and_wait(char** argv) {
  const pid_t pid = fork();
  if (pid == 0) {
    execv(argv[0], argv);
    _exit(127);
  }
  int result = 1;
  for (;;) {
    int status = 0;
    const pid_t reaped = wait(&status);
    if (reaped < 0 && errno == EINTR) continue;
    if (reaped < 0) return result;
    if (reaped == pid) result = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  }
}

int mode_no_proc(char** argv) {
  if (unshare(CLONE_NEWNS) != 0 ||
      mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE, nullptr) != 0 ||
      mount("none", "/proc", "tmpfs", 0, nullptr) != 0) {
    return 94;
  }
  execv(argv[0], argv);
  return 127;
}

int mode_reuse_pid(const std::string& dir) {
  block(SIGTERM);
  const pid_t first = fork();
  if (first == 0) {
    // Ends on the default action of its SIGTERM.
    signal(SIGTERM, SIG_DFL);
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, nullptr);
    sleep_ms(kMaxLifetimeSeconds * 1000L);
    _exit(kGaveUpCode);
  }
  const pid_t second = fork();
  if (second == 0) {
    if (!wait_for_signal(SIGTERM)) _exit(kGaveUpCode);
    // Once lucid-init has reaped the first, its pid is free: the next fork takes it.
    while (kill(first, 0) == 0) sleep_ms(1);
    const int fd = open("/proc/sys/kernel/ns_last_pid", O_WRONLY | O_CLOEXEC);
    const std::string last = std::to_string(first - 1);
    if (fd < 0 || write(fd, last.data(), last.size()) < 0) _exit(93);
    close(fd);
    const pid_t third = fork();
    if (third == 0) {
      write_file(dir + "/third", "pid=" + std::to_string(getpid()) +
                                     " reused=" + (getpid() == first ? "1" : "0") + "\n");
      if (!wait_for_signal(SIGTERM)) _exit(kGaveUpCode);
      write_file(dir + "/third-term", "SIGTERM\n");
      _exit(0);
    }
    // Waits until the third has written its pid, then leaves it to lucid-init.
    while (!file_exists(dir + "/third")) sleep_ms(1);
    _exit(0);
  }
  write_file(dir + "/ready", "first=" + std::to_string(first) + "\n");
  return 0;
}

}  // namespace lucid_test_child
