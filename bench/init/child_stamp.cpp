// `stamp`: the far end of the signal-forward latency measurement. The driver reads
// CLOCK_MONOTONIC right before kill(PID 1, SIGTERM); this handler reads it first thing when the
// forwarded SIGTERM arrives and prints it. The difference is the time the init took to pass the
// signal on, including the scheduler's share on both sides.
#include <unistd.h>

#include <csignal>

#include "bench_child.hpp"

namespace init_bench {
namespace {

void on_sigterm(int /*signo*/) {
  const long long now = monotonic_ns();
  write_number_line(STDOUT_FILENO, "stamp ", now);
  _exit(0);
}

}  // namespace

int mode_stamp() {
  struct sigaction action {};
  action.sa_handler = on_sigterm;
  sigemptyset(&action.sa_mask);
  sigaction(SIGTERM, &action, nullptr);
  // The init may have started us with SIGTERM blocked (it must not, but then we would hang
  // instead of measuring something else).
  sigset_t term;
  sigemptyset(&term);
  sigaddset(&term, SIGTERM);
  sigprocmask(SIG_UNBLOCK, &term, nullptr);
  write_line(STDOUT_FILENO, "ready\n");
  for (;;) pause();
}

}  // namespace init_bench
