#pragma once
// The supervisor's decisions, free of syscalls so every path is unit-tested: given what just
// happened (a signal, the deadline timer, the main child's exit), what to do next.
#include <optional>
#include <vector>

#include "common/duration.hpp"

namespace lucid::init {

struct Action {
  enum class Kind {
    kForward,    // forward `signo`, a signal that came in, to the child (or its group)
    kContinue,   // SIGCONT to a stopped child (or its group) in shutdown: lucid-init's own
    kKillChild,  // SIGKILL the child (or its group)
    kArmTimer,   // (re)start the one timer: fires after `delay`
    kCancelTimer,
    kTermLeftovers,  // SIGTERM every process still left
    kKillLeftovers,  // SIGKILL every process still left
    kKeepDraining,   // `signo` came during the drain: nothing to send, the deadline stands
    kExit,
  };
  Kind kind;
  int signo = 0;
  Duration delay{0};

  friend bool operator==(const Action& a, const Action& b) {
    return a.kind == b.kind && a.signo == b.signo && a.delay == b.delay;
  }
};
using Actions = std::vector<Action>;

class ShutdownPolicy {
 public:
  enum class Phase {
    kRunning,           // child alive, no shutdown asked for
    kDelaying,          // first SIGTERM held for --stop-delay; the child has seen no signal
    kStopping,          // shutdown signal forwarded, grace deadline running
    kKillingChild,      // child SIGKILLed (deadline passed or second signal), waiting for its exit
    kDraining,          // child gone, leftovers sent SIGTERM, deadline running
    kKillingLeftovers,  // child gone, leftovers SIGKILLed
  };
  enum class Escalation { kNone, kSecondSignal, kDeadline };

  ShutdownPolicy(Duration grace, Duration stop_delay) : grace_(grace), stop_delay_(stop_delay) {}

  Actions on_signal(int signo);
  Actions on_timer();
  // `others_left`: processes besides lucid-init remain once the child has been reaped.
  Actions on_child_exit(bool others_left);
  // The child stopped (CLD_STOPPED) or went on (CLD_CONTINUED), as the kernel last reported.
  Actions on_child_stopped(bool stopped);

  Phase phase() const { return phase_; }
  std::optional<int> shutdown_signal() const { return shutdown_signal_; }
  Escalation escalation() const { return escalation_; }
  bool leftovers_killed() const { return phase_ == Phase::kKillingLeftovers; }
  // A second shutdown signal ended the --stop-delay hold: that signal was forwarded instead.
  bool hold_ended_early() const { return hold_ended_early_; }
  // The shutdown signal came when the child had already exited, during the leftover drain.
  bool shutdown_after_child_exit() const { return shutdown_after_child_exit_; }

 private:
  Actions begin_shutdown(int signo);
  Actions escalate(Escalation why);

  Duration grace_;
  Duration stop_delay_;
  Phase phase_ = Phase::kRunning;
  std::optional<int> shutdown_signal_;
  Escalation escalation_ = Escalation::kNone;
  bool hold_ended_early_ = false;
  bool shutdown_after_child_exit_ = false;
  bool child_stopped_ = false;
};

// The escalation as a log field's value: "none", "deadline", "second_signal".
const char* escalation_name(ShutdownPolicy::Escalation why);

}  // namespace lucid::init
