#pragma once
// The event loop of PID 1: one signalfd and one timer on an Asio io_context. Idle, it sleeps in
// epoll_wait with no timeout; the timer only runs while a shutdown is in progress.
#include <sys/signalfd.h>

#include <array>
#include <boost/asio/io_context.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <optional>
#include <string>

#include "init/child_launcher.hpp"
#include "init/exit_status.hpp"
#include "init/health_watch.hpp"
#include "init/leftovers.hpp"
#include "init/log_retry.hpp"
#include "init/notifier.hpp"
#include "init/oom_watch.hpp"
#include "init/readiness_watch.hpp"
#include "init/shutdown_policy.hpp"
#include "init/signal_rewrite.hpp"
#include "init/signal_state.hpp"

namespace lucid::init {

inline constexpr int kUndeliverableKillStatus = 128 + 9;
inline constexpr Duration kLastResortDelay = std::chrono::seconds(1);
// --health-on-failure stop ended the run: none of lucid-init's other statuses (1, 2, 124, 126,
// 127, 128+N), and not 0, so restart policies (on-failure too) restart the container.
inline constexpr int kHealthStopStatus = 3;

struct SupervisorConfig {
  LaunchSpec launch;
  Duration grace;
  Duration stop_delay;
  ExitRemap remap;
  std::optional<ReadinessSpec> readiness;  // --service: say when the port first accepts
  std::optional<HealthSpec> health;        // --health-check
  SignalRewrite rewrite;
  unsigned orphans_reaped_before = 0;  // by the dependency wait, for the summary's count
  Notifier notifier;                   // sd_notify, opened before the child
};

class Supervisor {
 public:
  Supervisor(SupervisorConfig config, SignalState& signals);

  // Starts the child and runs until it and every leftover process are gone. Returns lucid-init's
  // exit status.
  int run();

 private:
  void read_signals();
  void handle_signal(const signalfd_siginfo& info);
  // The shutdown a shutdown signal starts, begun by lucid-init itself.
  void begin_shutdown(int signo);
  // --health-on-failure stop: shuts the service down as on SIGTERM; lucid-init then exits with
  // kHealthStopStatus.
  void stop_unhealthy(const std::string& why);
  void reap();
  void perform(const Actions& actions);
  // Sends the child what --rewrite makes of `incoming` (maybe nothing), and says so.
  void forward(int incoming);
  // False, with a warning, when the kernel refused.
  bool send_to_child(int signo);
  void cannot_kill_child(const std::string& why);
  // False when the leftovers cannot be found at all; failed kills get a warning.
  bool signal_leftovers(int signo);
  void arm_timer(Duration delay);
  void arm_last_resort();
  int finish();

  SupervisorConfig config_;
  SignalState& signals_;
  boost::asio::io_context io_;
  LogRetry log_retry_;
  boost::asio::posix::stream_descriptor signal_fd_;
  boost::asio::steady_timer timer_;
  unsigned timer_generation_ = 0;
  // As PID 1, started by every SIGKILL: what still runs when it fires cannot be killed by us.
  boost::asio::steady_timer last_resort_;
  std::array<signalfd_siginfo, 16> signal_buffer_{};
  std::optional<ReadinessWatch> readiness_;
  std::optional<HealthWatch> health_;
  std::string health_stop_;  // why --health-on-failure stop ended the run

  ShutdownPolicy policy_;
  Leftovers leftovers_;
  pid_t self_;
  bool is_pid1_;
  // As PID 1, the deadline's SIGKILL could not be delivered: lucid-init exits instead, with
  // kUndeliverableKillStatus (the status of a SIGKILLed child, which is what follows) when the
  // child's own status is unknown.
  bool undeliverable_kill_ = false;
  pid_t child_ = -1;
  std::optional<int> child_status_;
  // A SIGKILL of lucid-init's own explains the child's death; any other is asked of the OOM count.
  bool sent_sigkill_ = false;
  OomWatch oom_;                  // the count before the child can raise it
  std::string child_death_note_;  // e.g. "out of memory (...)", for the exit line
  std::optional<std::chrono::steady_clock::time_point> shutdown_started_;
  unsigned orphans_reaped_;
  unsigned leftovers_ended_ = 0;
  unsigned leftovers_killed_ = 0;
};

}  // namespace lucid::init
