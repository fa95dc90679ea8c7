#include "init/signal_table.hpp"

#include <fmt/format.h>

#include <csignal>
#include <cstring>

namespace lucid::init {

std::string signal_name(int signo) {
  if (signo >= SIGRTMIN && signo <= SIGRTMAX) {
    return signo == SIGRTMIN ? std::string("SIGRTMIN")
                             : fmt::format("SIGRTMIN+{}", signo - SIGRTMIN);
  }
  // sigabbrev_np is thread-safe and locale-free, unlike strsignal.
  if (const char* abbrev = sigabbrev_np(signo)) return fmt::format("SIG{}", abbrev);
  return fmt::format("signal {}", signo);
}

bool is_forwarded(int signo) {
  return signo > 0 && signo <= SIGRTMAX && signo != SIGCHLD && signo != SIGKILL && signo != SIGSTOP;
}

bool is_shutdown_signal(int signo) { return signo == SIGTERM || signo == SIGINT; }

bool ends_process_by_default(int signo) {
  switch (signo) {
    case SIGCHLD:
    case SIGCONT:
    case SIGURG:
    case SIGWINCH:
    case SIGSTOP:
    case SIGTSTP:
    case SIGTTIN:
    case SIGTTOU:
      return false;
    default:
      return signo > 0 && signo <= SIGRTMAX;
  }
}

}  // namespace lucid::init
