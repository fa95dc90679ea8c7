// `record DIR STOPSIG [die]`: takes every signal it can through sigwaitinfo and appends
// "<signo> <sender pid> <si_code>" to DIR/signals, so a test sees exactly what reached the child
// and who sent it. Receiving STOPSIG ends it: exit 0, or with `die` death by that signal.
#include <sys/syscall.h>
#include <unistd.h>

#include <csignal>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <string>

#include "test_child.hpp"

namespace lucid_test_child {

int mode_record(int argc, char** argv) {
  if (argc < 4) return 96;
  return record_signals(argv[2], std::atoi(argv[3]), argc > 4 && std::string(argv[4]) == "die");
}

int record_signals(const std::string& dir, int stop_signal, bool die) {
  // Blocking everything turns stop signals (TSTP, TTIN, TTOU) and fatal ones (SEGV, ABRT) into
  // plain queued events that sigwaitinfo returns.
  // All 64, 32 and 33 included: glibc's sigfillset and sigprocmask leave those two out.
  sigset_t all;
  std::memset(&all, 0xff, sizeof all);
  syscall(SYS_rt_sigprocmask, SIG_BLOCK, &all, nullptr, 8);
  write_file(dir + "/ready", describe_self());

  const std::string log = dir + "/signals";
  const timespec tick{1, 0};
  for (int waited = 0; waited < kMaxLifetimeSeconds;) {
    siginfo_t info{};
    const int sig = sigtimedwait(&all, &info, &tick);
    if (sig < 0) {
      ++waited;
      continue;
    }
    append_line(log, std::to_string(sig) + " " + std::to_string(info.si_pid) + " " +
                         std::to_string(info.si_code));
    if (sig != stop_signal) continue;
    if (!die) return 0;
    signal(sig, SIG_DFL);
    sigset_t just;
    sigemptyset(&just);
    sigaddset(&just, sig);
    raise(sig);
    sigprocmask(SIG_UNBLOCK, &just, nullptr);
    return 98;
  }
  return kGaveUpCode;
}

}  // namespace lucid_test_child
