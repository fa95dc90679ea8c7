#include "init/shutdown_policy.hpp"

#include <csignal>

#include "init/signal_table.hpp"

namespace lucid::init {

using Kind = Action::Kind;

Actions ShutdownPolicy::on_signal(int signo) {
  const bool child_alive = phase_ <= Phase::kKillingChild;
  if (!is_shutdown_signal(signo)) {
    if (child_alive) return {{Kind::kForward, signo}};
    return {};
  }
  switch (phase_) {
    case Phase::kRunning:
      shutdown_signal_ = signo;
      if (signo == SIGTERM && stop_delay_.count() > 0) {
        phase_ = Phase::kDelaying;
        return {{Kind::kArmTimer, 0, stop_delay_}};
      }
      return begin_shutdown(signo);
    case Phase::kDelaying:
      // Only a signal after the forward escalates: the child has not seen one yet. The signal
      // that arrived goes on, as it would without the hold (SIGINT is never held).
      hold_ended_early_ = true;
      return begin_shutdown(signo);
    case Phase::kStopping:
      return escalate(Escalation::kSecondSignal);
    case Phase::kDraining:
      if (shutdown_signal_) return escalate(Escalation::kSecondSignal);
      // The leftovers already have their SIGTERM and cleanup under way: cutting it short now
      // would be the very thing the drain exists to avoid.
      shutdown_signal_ = signo;
      shutdown_after_child_exit_ = true;
      return {{Kind::kKeepDraining, signo}};
    case Phase::kKillingChild:
    case Phase::kKillingLeftovers:
      return {};
  }
  return {};
}

Actions ShutdownPolicy::on_timer() {
  switch (phase_) {
    case Phase::kDelaying:
      return begin_shutdown(*shutdown_signal_);
    case Phase::kStopping:
    case Phase::kDraining:
      return escalate(Escalation::kDeadline);
    default:
      return {};
  }
}

Actions ShutdownPolicy::on_child_exit(bool others_left) {
  const Phase before = phase_;
  if (!others_left) {
    phase_ = Phase::kDraining;
    return {{Kind::kCancelTimer}, {Kind::kExit}};
  }
  switch (before) {
    case Phase::kRunning:
    case Phase::kDelaying:
      // The deadline for leftovers starts now: no shutdown was under way (or it was only held).
      phase_ = Phase::kDraining;
      return {{Kind::kTermLeftovers}, {Kind::kArmTimer, 0, grace_}};
    case Phase::kStopping:
      phase_ = Phase::kDraining;  // the running deadline covers the leftovers too
      return {{Kind::kTermLeftovers}};
    default:
      // Already escalated: whatever is left goes the same way as the child.
      phase_ = Phase::kKillingLeftovers;
      return {{Kind::kCancelTimer}, {Kind::kKillLeftovers}};
  }
}

Actions ShutdownPolicy::begin_shutdown(int signo) {
  phase_ = Phase::kStopping;
  // A stopped child (SIGSTOP, a forwarded SIGTSTP) would keep the signal pending until the
  // deadline SIGKILL: it gets SIGCONT. A running one does not (it may handle SIGCONT).
  if (child_stopped_) {
    return {{Kind::kForward, signo}, {Kind::kContinue}, {Kind::kArmTimer, 0, grace_}};
  }
  return {{Kind::kForward, signo}, {Kind::kArmTimer, 0, grace_}};
}

Actions ShutdownPolicy::on_child_stopped(bool stopped) {
  child_stopped_ = stopped;
  // Stopped after the shutdown signal reached it (a SIGSTOP racing it): it still must act on it.
  // Once SIGKILL is on its way, a stop does not matter.
  if (stopped && phase_ == Phase::kStopping) return {{Kind::kContinue}};
  return {};
}

Actions ShutdownPolicy::escalate(Escalation why) {
  escalation_ = why;
  if (phase_ == Phase::kDraining) {
    phase_ = Phase::kKillingLeftovers;
    return {{Kind::kCancelTimer}, {Kind::kKillLeftovers}};
  }
  phase_ = Phase::kKillingChild;
  return {{Kind::kCancelTimer}, {Kind::kKillChild}};
}

const char* escalation_name(ShutdownPolicy::Escalation why) {
  switch (why) {
    case ShutdownPolicy::Escalation::kNone:
      return "none";
    case ShutdownPolicy::Escalation::kDeadline:
      return "deadline";
    case ShutdownPolicy::Escalation::kSecondSignal:
      return "second_signal";
  }
  return "none";
}

}  // namespace lucid::init
