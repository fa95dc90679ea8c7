#include "init/supervisor.hpp"

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <boost/asio/read.hpp>
#include <optional>

#include "common/config_error.hpp"
#include "init/child_launcher.hpp"
#include "init/exit_status.hpp"
#include "init/exit_summary.hpp"
#include "init/log.hpp"
#include "init/reaper.hpp"
#include "init/signal_table.hpp"

namespace lucid::init {

Supervisor::Supervisor(SupervisorConfig config, SignalState& signals)
    : config_(std::move(config)),
      signals_(signals),
      log_retry_(io_),
      signal_fd_(io_, signals.open_signalfd()),
      timer_(io_),
      last_resort_(io_),
      policy_(config_.grace, config_.stop_delay),
      leftovers_(getpid() == 1),
      self_(getpid()),
      is_pid1_(self_ == 1),
      orphans_reaped_(config_.orphans_reaped_before) {}

int Supervisor::run() {
  // Its timerfd before the child: a failure to get one must not leave the child unsupervised.
  if (config_.readiness) {
    readiness_.emplace(io_, *config_.readiness,
                       [this](const std::string& line) { config_.notifier.ready(line); });
  }
  if (config_.health) {
    health_.emplace(io_, *config_.health,
                    HealthWatch::Hooks{[this] { config_.notifier.watchdog(); },
                                       [this](const std::string& why) { stop_unhealthy(why); }});
  }
  log_shared_with_child();
  const LaunchResult launched = launch_child(config_.launch, signals_);
  child_ = launched.pid;
  if (launched.exec_errno != 0) {
    log(LogLevel::kError, LogEvent("exec_failed"),
        {{"program", config_.launch.command[0]},
         {"error", launched.exec_error},
         {"status", exec_failure_status(launched.exec_errno)}},
        "cannot execute '{}': {}", escape_value(config_.launch.command[0]), launched.exec_error);
  } else {
    const std::string line =
        fmt::format("started {} as pid {}{}", escape_value(config_.launch.command[0]), child_,
                    config_.launch.own_process_group ? " in its own process group" : "");
    log(LogLevel::kInfo, LogEvent("child_started"),
        {{"program", config_.launch.command[0]},
         {"pid", child_},
         {"process_group", config_.launch.own_process_group}},
        "{}", line);
    const auto now = std::chrono::steady_clock::now();
    // Without a port to watch, started is as ready as lucid-init can tell.
    if (readiness_) {
      readiness_->start(now);
    } else {
      config_.notifier.ready(line);
    }
    if (health_) health_->start(now);
  }
  read_signals();
  // A SIGCHLD that arrived before the read was queued is in the signalfd already; reaping once
  // here covers a child that failed to exec before we got this far.
  reap();
  io_.run();
  return finish();
}

void Supervisor::read_signals() {
  signal_fd_.async_read_some(
      boost::asio::buffer(signal_buffer_), [this](boost::system::error_code ec, std::size_t n) {
        if (ec == boost::asio::error::operation_aborted) return;
        if (ec && ec != boost::asio::error::would_block && ec != boost::asio::error::try_again) {
          const std::string error = ec.message();
          log(LogLevel::kError, LogEvent("signal_read_failed"), {{"error", error}},
              "reading signals failed: {}", error);
          io_.stop();
          return;
        }
        const std::size_t count = n / sizeof(signalfd_siginfo);
        const bool child_signal =
            std::any_of(signal_buffer_.begin(), signal_buffer_.begin() + count,
                        [](const signalfd_siginfo& info) {
                          return static_cast<int>(info.ssi_signo) == SIGCHLD;
                        });
        // The child's stop state first, so a shutdown signal in the same read knows it.
        if (child_signal && !child_status_) {
          if (const auto stopped = stop_state_change(child_)) {
            perform(policy_.on_child_stopped(*stopped));
          }
        }
        for (std::size_t i = 0; i < count; ++i) {
          const signalfd_siginfo& info = signal_buffer_[i];
          if (static_cast<int>(info.ssi_signo) == SIGCHLD) continue;
          if (is_own_signal(info, self_)) {
            const std::string name = signal_name(static_cast<int>(info.ssi_signo));
            log(LogLevel::kDebug, LogEvent("own_signal"), {{"signal", name}},
                "{} raised by lucid-init's own write: not forwarded", name);
          } else {
            handle_signal(info);
          }
        }
        if (child_signal) reap();
        if (!io_.stopped()) read_signals();
      });
}

void Supervisor::handle_signal(const signalfd_siginfo& info) {
  const int signo = static_cast<int>(info.ssi_signo);
  const bool starts_shutdown = is_shutdown_signal(signo) && !shutdown_started_;
  // The signal goes on first: this process's first clock read faults in the vDSO data page and a
  // log line is a write(2) that can wake the log reader; neither may delay the child.
  if (starts_shutdown) {
    begin_shutdown(signo);
  } else {
    perform(policy_.on_signal(signo));
  }
  const std::string name = signal_name(signo);
  const SignalOrigin origin = signal_origin(info);
  log(LogLevel::kDebug, LogEvent("signal_received"),
      {{"signal", name},
       {"from_pid", info.ssi_pid},
       {"from_outside", origin == SignalOrigin::kOutside}},
      "received {} from {}", name,
      origin == SignalOrigin::kProcess   ? fmt::format("pid {}", info.ssi_pid)
      : origin == SignalOrigin::kOutside ? std::string("outside the container")
                                         : std::string("the kernel"));
}

void Supervisor::begin_shutdown(int signo) {
  perform(policy_.on_signal(signo));
  shutdown_started_ = std::chrono::steady_clock::now();
  config_.notifier.stopping();
  if (health_) health_->stop();
}

void Supervisor::stop_unhealthy(const std::string& why) {
  if (shutdown_started_ || child_status_) return;
  health_stop_ = why;
  log(LogLevel::kWarning, LogEvent("health_stop"),
      {{"reason", why}, {"pid", child_}, {"status", kHealthStopStatus}},
      "{}: stopping pid {} as on SIGTERM, then exit {}", why, child_, kHealthStopStatus);
  begin_shutdown(SIGTERM);
}

void Supervisor::reap() {
  std::vector<Reaped> reaped;
  const bool others_left = reap_exited(reaped);
  bool child_exited_now = false;
  for (const Reaped& r : reaped) {
    if (r.pid != child_) {
      leftovers_.forget(r.pid);  // its pid may now be reused
      // A worker the OOM killer picked (it takes the largest process, seldom the service's
      // main one) is said at warning level: the orphan's own line is debug.
      if (WIFSIGNALED(r.status) && WTERMSIG(r.status) == SIGKILL && !sent_sigkill_ &&
          !policy_.leftovers_killed()) {
        const std::string note = oom_.explain_sigkill();
        if (!note.empty()) {
          log(LogLevel::kWarning, LogEvent("process_oom_killed"), {{"pid", r.pid}},
              "orphan pid {} killed by SIGKILL: {}", r.pid, note);
        }
      }
    }
    if (r.pid == child_) {
      child_status_ = r.status;
      child_exited_now = true;
      if (readiness_) readiness_->stop();
      if (health_) health_->stop();
      if (WIFSIGNALED(r.status) && WTERMSIG(r.status) == SIGKILL && !sent_sigkill_) {
        child_death_note_ = oom_.explain_sigkill();
      }
      log(LogLevel::kInfo, LogEvent("child_exited"),
          {{"pid", r.pid},
           {"status", exited_status(r.status)},
           {"signal", killing_signal(r.status)},
           {"oom_kill", !child_death_note_.empty()}},
          "child pid {} {}{}{}", r.pid, describe_wait_status(r.status),
          child_death_note_.empty() ? "" : ": ", child_death_note_);
    } else if (!child_status_ || child_exited_now) {
      ++orphans_reaped_;
      log_orphan_reaped(r);
    } else if (policy_.leftovers_killed() && WIFSIGNALED(r.status) &&
               WTERMSIG(r.status) == SIGKILL) {
      ++leftovers_killed_;
    } else {
      ++leftovers_ended_;
    }
  }
  if (child_exited_now) {
    // Orphans reaped in the same pass as the child were gone before any leftover sweep.
    perform(policy_.on_child_exit(others_left));
    return;
  }
  if (!child_status_) return;
  if (!others_left) {
    io_.stop();
  } else if (policy_.leftovers_killed()) {
    signal_leftovers(SIGKILL);  // orphans re-parented since the last sweep
  } else if (!is_pid1_) {
    signal_leftovers(SIGTERM);
  }
}

int Supervisor::finish() {
  const unsigned long dropped = log_lines_dropped();
  const std::string dropped_note =
      dropped == 0 ? "" : fmt::format("; {} log line{} dropped", dropped, dropped == 1 ? "" : "s");
  if (undeliverable_kill_ && !child_status_) {
    log(LogLevel::kInfo, LogEvent("exit"),
        {{"exit_code", kUndeliverableKillStatus},
         {"child_unreachable", true},
         {"pid", child_},
         {"log_lines_dropped", dropped}},
        "exit {}: SIGKILL could not reach pid {}; the kernel ends it{}", kUndeliverableKillStatus,
        child_, dropped_note);
    return kUndeliverableKillStatus;
  }
  if (!child_status_) return 1;  // the loop failed before the child ended: already logged
  RunSummary summary;
  summary.child_wait_status = *child_status_;
  summary.child_exit_code = exit_code_of(summary.child_wait_status);
  summary.exit_code = health_stop_.empty() ? remap_exit_code(config_.remap, summary.child_exit_code)
                                           : kHealthStopStatus;
  summary.health_stop = health_stop_;
  summary.shutdown_signal = policy_.shutdown_signal();
  summary.shutdown_after_child_exit = policy_.shutdown_after_child_exit();
  summary.escalation = policy_.escalation();
  summary.grace = config_.grace;
  if (shutdown_started_) {
    summary.shutdown_seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - *shutdown_started_)
            .count();
  }
  summary.child_death_note = child_death_note_;
  summary.orphans_reaped = orphans_reaped_;
  summary.leftovers_ended = leftovers_ended_;
  summary.leftovers_killed = leftovers_killed_;
  log(LogLevel::kInfo, LogEvent("exit"),
      {{"exit_code", summary.exit_code},
       {"child_unreachable", false},
       {"pid", child_},
       {"child_exit_code", summary.child_exit_code},
       {"child_status", exited_status(summary.child_wait_status)},
       {"child_signal", killing_signal(summary.child_wait_status)},
       {"oom_kill", !summary.child_death_note.empty()},
       {"shutdown_signal", summary.shutdown_signal
                               ? std::optional(signal_name(*summary.shutdown_signal))
                               : std::nullopt},
       {"shutdown_after_child_exit", summary.shutdown_after_child_exit},
       {"shutdown_seconds",
        summary.shutdown_signal ? std::optional(summary.shutdown_seconds) : std::nullopt},
       {"escalation", escalation_name(summary.escalation)},
       {"grace_seconds", in_seconds(summary.grace)},
       {"leftovers_ended", summary.leftovers_ended},
       {"leftovers_killed", summary.leftovers_killed},
       {"orphans_reaped", summary.orphans_reaped},
       {"health_stop",
        summary.health_stop.empty() ? std::nullopt : std::optional(summary.health_stop)},
       {"log_lines_dropped", dropped}},
      "{}{}", format_summary(summary), dropped_note);
  return summary.exit_code;
}

}  // namespace lucid::init
