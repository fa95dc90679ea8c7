#pragma once
// lucid-init keeps every signal blocked and reads them from a signalfd: nothing is lost between
// start-up and the event loop, blocked signals are queued even for PID 1 (which the kernel would
// otherwise spare from default-action signals), and no handler ever runs. The child must not
// inherit any of that: it gets back exactly the mask and dispositions lucid-init started with.
#include <signal.h>
#include <sys/signalfd.h>
#include <sys/types.h>

#include <array>

namespace lucid::init {

// A signal the kernel raised against lucid-init for its own action (see signal_state.cpp):
// lucid-init's business, never forwarded.
bool is_own_signal(const signalfd_siginfo& info, pid_t self);

// Who sent a signal: a process lucid-init can see (ssi_pid), one outside its PID namespace (the
// kernel gives pid 0: docker kill, docker stop), or the kernel itself (a terminal's SIGWINCH).
enum class SignalOrigin { kProcess, kOutside, kKernel };
SignalOrigin signal_origin(const signalfd_siginfo& info);

class SignalState {
 public:
  // Blocks every signal and records what was inherited. Call first thing in main.
  static SignalState block_all();

  // With a controlling terminal, lucid-init sits in the background while the child owns the
  // foreground, so terminal stops must not apply to it: SIGTTIN/SIGTTOU are ignored, not queued.
  void ignore_terminal_stops();

  // A signalfd (close-on-exec, non-blocking) for everything that stays blocked.
  int open_signalfd() const;

  // Child side, between fork and exec: the inherited dispositions and mask, as they were.
  void restore_inherited() const;

  const sigset_t& inherited_mask() const { return inherited_mask_; }

 private:
  // Signals whose disposition lucid-init changes: SIGCHLD (an inherited SIG_IGN would make the
  // kernel reap children behind our back), and in terminal mode SIGTTIN/SIGTTOU.
  static constexpr std::array<int, 3> kAdjusted = {SIGCHLD, SIGTTIN, SIGTTOU};
  static void set_disposition(int signo, void (*handler)(int));

  sigset_t inherited_mask_{};
  // Every signal that came in ignored. exec keeps SIG_IGN by itself, but not under qemu-user,
  // which installs host handlers of its own; setting SIG_IGN again before exec works in both.
  sigset_t inherited_ignored_{};
  sigset_t blocked_{};
};

}  // namespace lucid::init
