// `slow-stop DIR`: the shutdown scenario. On SIGTERM the child takes 0.5 s to stop and exits 0;
// its grandchild (same process group, not waited for) needs 2 s of cleanup once it gets SIGTERM,
// from whoever sends it. Marker files in DIR tell the driver what the grandchild saw:
// gc-term (SIGTERM arrived), gc-finished (the cleanup ran to its end).
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <string>

#include "bench_child.hpp"

namespace init_bench {
namespace {

volatile sig_atomic_t got_sigterm = 0;

void on_sigterm(int /*signo*/) { got_sigterm = 1; }

// SIGTERM stays blocked except inside sigsuspend, so it cannot slip in between check and wait.
void wait_for_sigterm() {
  sigset_t term;
  sigemptyset(&term);
  sigaddset(&term, SIGTERM);
  sigset_t waiting;
  sigprocmask(SIG_BLOCK, &term, &waiting);
  sigdelset(&waiting, SIGTERM);
  while (got_sigterm == 0) sigsuspend(&waiting);
}

void catch_sigterm() {
  sigset_t term;
  sigemptyset(&term);
  sigaddset(&term, SIGTERM);
  sigprocmask(SIG_BLOCK, &term, nullptr);
  struct sigaction action {};
  action.sa_handler = on_sigterm;
  sigemptyset(&action.sa_mask);
  sigaction(SIGTERM, &action, nullptr);
}

}  // namespace

int mode_slow_stop(const char* dir) {
  const std::string base = dir;
  catch_sigterm();  // inherited by the grandchild: no window without the handler
  int ready[2];
  if (pipe(ready) != 0) return 1;
  const pid_t grandchild = fork();
  if (grandchild < 0) return 1;
  if (grandchild == 0) {
    close(ready[0]);
    close(ready[1]);  // EOF tells the parent we are set up
    wait_for_sigterm();
    touch((base + "/gc-term").c_str());
    sleep_ms(2000);
    touch((base + "/gc-finished").c_str());
    _exit(0);
  }
  close(ready[1]);
  char byte = 0;
  while (read(ready[0], &byte, 1) > 0) {
  }
  close(ready[0]);
  write_line(STDOUT_FILENO, "ready\n");
  wait_for_sigterm();
  sleep_ms(500);
  return 0;
}

}  // namespace init_bench
