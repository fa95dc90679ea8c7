#pragma once
// --health-check: the service checked on the supervisor's own loop with the probe's code (no
// process, no exec), one check at a time, `interval` from the end of one check to the start of
// the next (as Docker's). A check is a few non-blocking socket operations among the signal
// reads, so it never delays forwarding or reaping. Stops when the child exits or shutdown
// starts, and leaves nothing armed.
#include <boost/asio/io_context.hpp>
#include <functional>
#include <memory>
#include <string>

#include "check/clock.hpp"
#include "check/target_spec.hpp"
#include "check/try_run.hpp"
#include "common/duration.hpp"
#include "init/health_policy.hpp"
#include "init/timer_fd.hpp"

namespace lucid::init {

struct HealthSpec {
  std::string name;  // the service's, for the log lines: --service's NAME, else the program
  check::TargetSpec target;
  Duration interval{0};
  Duration timeout{0};
  HealthRules rules;
};

class HealthWatch {
 public:
  struct Hooks {
    // After each healthy verdict (systemd's WATCHDOG=1 belongs here).
    std::function<void()> healthy;
    // --health-on-failure stop: the service is to be stopped; `why` is for the exit line:
    // "api unhealthy 3 times: http://127.0.0.1:8000/health: ...". The watch has stopped.
    std::function<void(const std::string& why)> stop_service;
  };

  HealthWatch(boost::asio::io_context& io, HealthSpec spec, Hooks hooks);
  HealthWatch(const HealthWatch&) = delete;
  HealthWatch& operator=(const HealthWatch&) = delete;

  // started: when the child was started. The first check comes one interval later.
  void start(check::TimePoint started);
  // The child has exited or shutdown has begun: no more checks.
  void stop();

 private:
  void try_once();
  void on_verdict(const check::Verdict& verdict);
  void report(HealthPolicy::Step step, const check::Verdict& verdict);

  boost::asio::io_context& io_;
  HealthSpec spec_;
  Hooks hooks_;
  HealthPolicy policy_;
  check::TimePoint started_;
  check::TimePoint check_started_;
  // The check's timeout while a check runs, the interval otherwise.
  TimerFd timer_;
  // The check before the current one stays until the next begins: its cancelled operations have
  // come back by then.
  std::unique_ptr<check::TryRun> current_;
  std::unique_ptr<check::TryRun> previous_;
  bool stopped_ = false;
};

}  // namespace lucid::init
