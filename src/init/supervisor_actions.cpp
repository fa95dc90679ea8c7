// What the shutdown policy's actions do: signals sent, timers armed, lines logged.
#include <signal.h>

#include <cerrno>
#include <cstring>
#include <optional>

#include "init/log.hpp"
#include "init/signal_rewrite.hpp"
#include "init/signal_table.hpp"
#include "init/supervisor.hpp"

namespace lucid::init {

using Kind = Action::Kind;

namespace {

// Why the child or the leftovers get SIGKILL, for the log line.
std::string escalation_reason(ShutdownPolicy::Escalation why, Duration grace) {
  return why == ShutdownPolicy::Escalation::kDeadline
             ? fmt::format("grace period of {} expired", format_duration(grace))
             : std::string("second shutdown signal");
}

}  // namespace

void Supervisor::perform(const Actions& actions) {
  for (const Action& action : actions) {
    switch (action.kind) {
      case Kind::kForward:
        forward(action.signo);
        break;
      case Kind::kContinue:
        if (send_to_child(SIGCONT)) {
          log(LogLevel::kDebug, LogEvent("signal_forwarded"),
              {{"signal", "SIGCONT"}, {"pid", child_}}, "forwarding SIGCONT to pid {}", child_);
        }
        break;
      case Kind::kKillChild: {
        const bool sent = send_to_child(SIGKILL);
        const std::string why = escalation_reason(policy_.escalation(), config_.grace);
        if (sent) {
          log(LogLevel::kWarning, LogEvent("child_killed"),
              {{"reason", escalation_name(policy_.escalation())}, {"pid", child_}},
              "shutdown: {}, sending SIGKILL to pid {}", why, child_);
          arm_last_resort();
        } else {
          cannot_kill_child(why);
        }
        break;
      }
      case Kind::kArmTimer:
        if (policy_.phase() == ShutdownPolicy::Phase::kDelaying) {
          log(LogLevel::kInfo, LogEvent("shutdown_held"), {{"seconds", in_seconds(action.delay)}},
              "shutdown: holding SIGTERM for {} before forwarding it",
              format_duration(action.delay));
        }
        arm_timer(action.delay);
        break;
      case Kind::kCancelTimer:
        ++timer_generation_;
        timer_.cancel();
        break;
      case Kind::kTermLeftovers:
        log(LogLevel::kInfo, LogEvent("leftovers_terminated"), {},
            "sending SIGTERM to leftover processes");
        if (!signal_leftovers(SIGTERM)) {
          log(LogLevel::kWarning, LogEvent("leftovers_not_found"), {{"signal", "SIGTERM"}},
              "cannot find leftover processes: /proc is not readable; the deadline ends the wait");
        }
        break;
      case Kind::kKillLeftovers:
        log(LogLevel::kWarning, LogEvent("leftovers_killed"),
            {{"reason", escalation_name(policy_.escalation())}},
            "{}, sending SIGKILL to leftover processes",
            escalation_reason(policy_.escalation(), config_.grace));
        if (!signal_leftovers(SIGKILL)) {
          // Nothing else can find them: waiting on would be waiting for ever.
          log(LogLevel::kError, LogEvent("leftovers_not_found"), {{"signal", "SIGKILL"}},
              "cannot find leftover processes to SIGKILL: /proc is not readable; exiting without "
              "them");
          io_.stop();
        }
        arm_last_resort();
        break;
      case Kind::kKeepDraining: {
        const std::string name = signal_name(action.signo);
        log(LogLevel::kInfo, LogEvent("shutdown_during_leftovers"), {{"signal", name}},
            "shutdown: {} while leftover processes end: they have had SIGTERM; SIGKILL at the "
            "grace deadline or on a second shutdown signal",
            name);
        break;
      }
      case Kind::kExit:
        io_.stop();
        break;
    }
  }
}

void Supervisor::forward(int incoming) {
  const int signo = rewritten_signal(config_.rewrite, incoming);
  // Sent before its log line, as in handle_signal; a failure has its own warning.
  if (signo != 0 && !send_to_child(signo)) return;
  const bool shutdown = is_shutdown_signal(incoming);
  if (!shutdown && !log_enabled(LogLevel::kDebug)) return;
  const std::string what = signo == incoming || signo == 0
                               ? signal_name(incoming)
                               : fmt::format("{} as {}", signal_name(incoming), signal_name(signo));
  const char* verb = signo == 0 ? "not forwarding" : "forwarding";
  const char* dropped = signo == 0 ? " (rewritten to 0)" : "";
  // "sent": what the child got (null: nothing), "signal": what came in.
  const std::optional<std::string> sent =
      signo == 0 ? std::nullopt : std::optional<std::string>(signal_name(signo));
  if (!shutdown) {
    log(LogLevel::kDebug, LogEvent("signal_forwarded"),
        {{"signal", signal_name(incoming)}, {"sent", sent}, {"pid", child_}}, "{} {} to pid {}{}",
        verb, what, child_, dropped);
    return;
  }
  const bool early = policy_.hold_ended_early();
  const char* target = config_.launch.own_process_group ? "group" : "pid";
  log(LogLevel::kInfo, LogEvent("shutdown_forwarded"),
      {{"signal", signal_name(incoming)},
       {"sent", sent},
       {"target", target},
       {"pid", child_},
       {"grace_seconds", in_seconds(config_.grace)},
       {"hold_ended_early", early}},
      "shutdown: {}{} {} to {} {}{}, grace {}",
      early ? fmt::format("{} ends the SIGTERM hold early, ", signal_name(incoming))
            : std::string(),
      verb, what, target, child_, dropped, format_duration(config_.grace));
}

bool Supervisor::send_to_child(int signo) {
  const pid_t target = config_.launch.own_process_group ? -child_ : child_;
  if (signo == SIGKILL) sent_sigkill_ = true;  // before: a failed kill may still have reached some
  if (kill(target, signo) == 0) return true;
  // EPERM: a setuid child that changed its real uid is out of an unprivileged lucid-init's reach.
  const char* error = std::strerror(errno);
  const std::string name = signal_name(signo);
  const char* kind = config_.launch.own_process_group ? "group" : "pid";
  log(LogLevel::kWarning, LogEvent("signal_refused"),
      {{"signal", name}, {"target", kind}, {"pid", child_}, {"error", error}},
      "cannot send {} to {} {}: {}", name, kind, child_, error);
  return false;
}

void Supervisor::cannot_kill_child(const std::string& why) {
  if (is_pid1_) {
    // When PID 1 exits the kernel SIGKILLs every process of the namespace, whatever its uid.
    log(LogLevel::kError, LogEvent("child_unkillable"),
        {{"reason", escalation_name(policy_.escalation())}, {"pid", child_}, {"exiting", true}},
        "shutdown: {}, but SIGKILL cannot reach pid {}: exiting, so that the kernel ends the "
        "namespace",
        why, child_);
    undeliverable_kill_ = true;
    io_.stop();
  } else {
    log(LogLevel::kError, LogEvent("child_unkillable"),
        {{"reason", escalation_name(policy_.escalation())}, {"pid", child_}, {"exiting", false}},
        "shutdown: {}, but SIGKILL cannot reach pid {}: it keeps running, and lucid-init waits "
        "for it",
        why, child_);
  }
}

bool Supervisor::signal_leftovers(int signo) {
  const LeftoverSweep sweep = leftovers_.signal_all(signo);
  if (sweep.failed > 0) {
    const std::string name = signal_name(signo);
    const char* error = std::strerror(sweep.error);
    log(LogLevel::kWarning, LogEvent("leftovers_refused"),
        {{"signal", name}, {"count", sweep.failed}, {"error", error}},
        "cannot send {} to {} leftover process{}: {}", name, sweep.failed,
        sweep.failed == 1 ? "" : "es", error);
  }
  return sweep.found;
}

void Supervisor::arm_last_resort() {
  // A SIGKILL that kill(-1) could not deliver to every process (a setuid one among them), or a
  // process stuck in uninterruptible sleep: as PID 1, exiting lets the kernel end them all.
  if (!is_pid1_) return;
  last_resort_.expires_after(kLastResortDelay);
  last_resort_.async_wait([this](boost::system::error_code ec) {
    if (ec) return;
    log(LogLevel::kError, LogEvent("kill_timed_out"), {{"seconds", in_seconds(kLastResortDelay)}},
        "processes still running {} after SIGKILL: exiting, so that the kernel ends the namespace",
        format_duration(kLastResortDelay));
    undeliverable_kill_ = true;
    io_.stop();
  });
}

void Supervisor::arm_timer(Duration delay) {
  const unsigned generation = ++timer_generation_;
  timer_.expires_after(delay);
  timer_.async_wait([this, generation](boost::system::error_code ec) {
    // A completion already queued when the timer was cancelled or re-armed is stale.
    if (ec || generation != timer_generation_) return;
    perform(policy_.on_timer());
  });
}

}  // namespace lucid::init
