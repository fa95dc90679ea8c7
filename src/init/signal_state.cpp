#include "init/signal_state.hpp"

#include <sys/signalfd.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <system_error>

namespace lucid::init {
namespace {

// glibc's sigfillset, sigaddset and sigprocmask leave out the two signals it keeps for itself
// (32 SIGCANCEL, 33 SIGSETXID), which would then stay unblocked at their default action: kill -32
// would end a lucid-init that is not PID 1 and orphan the child. lucid-init is single-threaded
// and uses neither, so it takes them like any other: the kernel's call, with every bit set.
constexpr std::size_t kKernelSigsetBytes = 8;  // 64 signals

void fill_all(sigset_t& set) { std::memset(&set, 0xff, sizeof set); }

void set_mask(const sigset_t& mask, sigset_t* old) {
  syscall(SYS_rt_sigprocmask, SIG_SETMASK, &mask, old, kKernelSigsetBytes);
}

}  // namespace

bool is_own_signal(const signalfd_siginfo& info, pid_t self) {
  // What the kernel raises against a process because of its own system call (SIGPIPE from a
  // write to a pipe without reader, SIGXFSZ past RLIMIT_FSIZE) carries SI_USER and the
  // process's own pid as sender. lucid-init never signals itself, so nothing else looks so.
  return info.ssi_code == SI_USER && static_cast<pid_t>(info.ssi_pid) == self;
}

SignalOrigin signal_origin(const signalfd_siginfo& info) {
  if (info.ssi_pid != 0) return SignalOrigin::kProcess;
  const bool sent =
      info.ssi_code == SI_USER || info.ssi_code == SI_QUEUE || info.ssi_code == SI_TKILL;
  return sent ? SignalOrigin::kOutside : SignalOrigin::kKernel;
}

SignalState SignalState::block_all() {
  SignalState state;
  fill_all(state.blocked_);
  set_mask(state.blocked_, &state.inherited_mask_);
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
  set_mask(blocked_, nullptr);
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
  set_mask(inherited_mask_, nullptr);  // 32 and 33 too, as they were
}

}  // namespace lucid::init
