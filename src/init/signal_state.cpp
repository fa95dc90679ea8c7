#include "init/signal_state.hpp"

#include <sys/signalfd.h>

#include <cerrno>
#include <system_error>

namespace lucid::init {

SignalState SignalState::block_all() {
  SignalState state;
  sigfillset(&state.blocked_);
  sigprocmask(SIG_SETMASK, &state.blocked_, &state.inherited_mask_);
  sigemptyset(&state.inherited_ignored_);
  for (int signo = 1; signo <= SIGRTMAX; ++signo) {
    struct sigaction action {};
    if (sigaction(signo, nullptr, &action) == 0 && action.sa_handler == SIG_IGN) {
      sigaddset(&state.inherited_ignored_, signo);
    }
  }
  set_disposition(SIGCHLD, SIG_DFL);
  return state;
}

void SignalState::set_disposition(int signo, void (*handler)(int)) {
  struct sigaction action {};
  action.sa_handler = handler;
  sigemptyset(&action.sa_mask);
  sigaction(signo, &action, nullptr);
}

void SignalState::ignore_terminal_stops() {
  for (const int signo : {SIGTTIN, SIGTTOU}) {
    set_disposition(signo, SIG_IGN);
    sigdelset(&blocked_, signo);
  }
  sigprocmask(SIG_SETMASK, &blocked_, nullptr);
}

int SignalState::open_signalfd() const {
  const int fd = signalfd(-1, &blocked_, SFD_CLOEXEC | SFD_NONBLOCK);
  if (fd < 0) throw std::system_error(errno, std::generic_category(), "signalfd");
  return fd;
}

void SignalState::restore_inherited() const {
  for (const int signo : kAdjusted) set_disposition(signo, SIG_DFL);
  for (int signo = 1; signo <= SIGRTMAX; ++signo) {
    if (sigismember(&inherited_ignored_, signo) == 1) set_disposition(signo, SIG_IGN);
  }
  sigprocmask(SIG_SETMASK, &inherited_mask_, nullptr);
}

}  // namespace lucid::init
