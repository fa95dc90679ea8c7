#include "init/dependency_wait.hpp"

#include <unistd.h>

#include <algorithm>
#include <array>
#include <boost/asio/io_context.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <boost/asio/steady_timer.hpp>
#include <memory>

#include "check/try_run.hpp"
#include "common/config_error.hpp"
#include "common/fixed_point.hpp"
#include "init/log.hpp"
#include "init/reaper.hpp"
#include "init/signal_table.hpp"

namespace lucid::init {
namespace {

using check::Clock;
using std::chrono::milliseconds;

// Short at first (a dependency a moment from ready), then at most one try a second.
constexpr Clock::duration kFirstPause = milliseconds(50);
constexpr Clock::duration kLongestPause = milliseconds(1000);

struct Dependency {
  Dependency(boost::asio::io_context& io, const check::TargetSpec& target_)
      : target(target_), pause_timer(io) {}
  const check::TargetSpec& target;
  boost::asio::steady_timer pause_timer;
  Clock::duration pause = kFirstPause;
  // The try before the current one stays until the next begins: its cancelled operations have
  // come back by then.
  std::unique_ptr<check::TryRun> current;
  std::unique_ptr<check::TryRun> previous;
  std::string last_failure;
  bool up = false;
};

class DependencyWait {
 public:
  DependencyWait(const std::vector<check::TargetSpec>& targets, Duration timeout,
                 const SignalState& signals)
      : timeout_(timeout),
        signal_fd_(io_, signals.open_signalfd()),
        progress_(io_),
        deadline_(io_),
        self_(getpid()) {
    for (const auto& target : targets) {
      dependencies_.push_back(std::make_unique<Dependency>(io_, target));
    }
  }

  WaitOutcome run() {
    log(LogLevel::kInfo, LogEvent("wait_started"),
        {{"targets", names(false, Form::kField)}, {"timeout_seconds", in_seconds(timeout_)}},
        "waiting {}for {}",
        timeout_.count() == 0 ? "" : fmt::format("up to {} ", format_duration(timeout_)),
        names(false));
    read_signals();
    if (timeout_.count() != 0) {
      deadline_.expires_at(start_ + timeout_);
      deadline_.async_wait([this](const boost::system::error_code& error) {
        if (error || finished_) return;
        log(LogLevel::kError, LogEvent("wait_timed_out"),
            {{"missing", names(true, Form::kField)},
             {"timeout_seconds", in_seconds(timeout_)},
             {"status", kWaitTimedOutStatus}},
            "dependencies still missing after {}: {}; exit {} without starting the service",
            format_duration(timeout_), names(true), kWaitTimedOutStatus);
        finish(kWaitTimedOutStatus);
      });
    }
    arm_progress();
    for (const auto& dependency : dependencies_) try_once(*dependency);
    io_.run();
    return {status_, orphans_reaped_};
  }

 private:
  void try_once(Dependency& dependency) {
    const auto now = Clock::now();
    auto deadline = now + kWaitTryTimeout;
    if (timeout_.count() != 0) deadline = std::min<Clock::time_point>(deadline, start_ + timeout_);
    dependency.previous = std::move(dependency.current);
    dependency.current = std::make_unique<check::TryRun>(
        io_, dependency.target.target, now, deadline, [this, &dependency](check::Verdict verdict) {
          on_verdict(dependency, std::move(verdict));
        });
    dependency.current->start();
  }

  void on_verdict(Dependency& dependency, check::Verdict verdict) {
    if (finished_) return;
    if (verdict.healthy) {
      dependency.up = true;
      log(LogLevel::kInfo, LogEvent("dependency_up"),
          {{"target", dependency.target.text},
           {"seconds", in_seconds(Clock::now() - start_)},
           {"verdict", verdict.message}},
          "{} is up after {} s: {}", escape_value(dependency.target.text),
          format_fixed(in_seconds(Clock::now() - start_), 2), escape_controls(verdict.message));
      if (std::all_of(dependencies_.begin(), dependencies_.end(),
                      [](const auto& one) { return one->up; })) {
        finish(std::nullopt);
      }
      return;
    }
    dependency.last_failure = std::move(verdict.message);
    if (log_enabled(LogLevel::kDebug)) {
      log(LogLevel::kDebug, LogEvent("dependency_down"),
          {{"target", dependency.target.text}, {"reason", dependency.last_failure}},
          "{} not up yet: {}", escape_value(dependency.target.text),
          escape_controls(dependency.last_failure));
    }
    dependency.pause_timer.expires_after(dependency.pause);
    dependency.pause = std::min(dependency.pause * 2, kLongestPause);
    dependency.pause_timer.async_wait([this, &dependency](const boost::system::error_code& error) {
      if (!error && !finished_) try_once(dependency);
    });
  }

  void arm_progress() {
    progress_.expires_after(kWaitProgressInterval);
    progress_.async_wait([this](const boost::system::error_code& error) {
      if (error || finished_) return;
      log(LogLevel::kInfo, LogEvent("wait_progress"),
          {{"seconds", in_seconds(Clock::now() - start_)}, {"missing", names(true, Form::kField)}},
          "still waiting after {} s for {}", format_fixed(in_seconds(Clock::now() - start_), 0),
          names(true));
      arm_progress();
    });
  }

  // The targets not up yet, with why when `reasons`: escaped for a message, raw for a JSON field
  // (which its writer escapes).
  enum class Form { kMessage, kField };
  std::string names(bool reasons, Form form = Form::kMessage) const {
    const bool raw = form == Form::kField;
    std::string text;
    for (const auto& dependency : dependencies_) {
      if (dependency->up) continue;
      if (!text.empty()) text += ", ";
      text += raw ? dependency->target.text : escape_value(dependency->target.text);
      if (reasons) {
        const std::string& failure = dependency->last_failure;
        text += fmt::format(" ({})", failure.empty() ? std::string("no answer yet")
                                     : raw           ? failure
                                                     : escape_controls(failure));
      }
    }
    return text;
  }

  void read_signals() {
    signal_fd_.async_read_some(
        boost::asio::buffer(buffer_), [this](boost::system::error_code error, std::size_t n) {
          if (finished_ || error == boost::asio::error::operation_aborted) return;
          if (error && error != boost::asio::error::would_block &&
              error != boost::asio::error::try_again) {
            // Without signals, docker stop would wait for its SIGKILL: not worth the dependency.
            log(LogLevel::kError, LogEvent("signal_read_failed"),
                {{"error", error.message()}, {"status", 1}},
                "reading signals failed: {}; exit 1 without starting the service", error.message());
            finish(1);
            return;
          }
          bool child_signal = false;
          for (std::size_t i = 0; i < n / sizeof(signalfd_siginfo); ++i) {
            const int signo = static_cast<int>(buffer_[i].ssi_signo);
            child_signal = child_signal || signo == SIGCHLD;
            if (signo == SIGCHLD || is_own_signal(buffer_[i], self_)) continue;
            if (ends_process_by_default(signo)) {
              log(LogLevel::kInfo, LogEvent("wait_ended_by_signal"),
                  {{"signal", signal_name(signo)},
                   {"targets", names(false, Form::kField)},
                   {"status", 128 + signo}},
                  "{} while waiting for {}: exit {} without starting the service",
                  signal_name(signo), names(false), 128 + signo);
              finish(128 + signo);
              return;
            }
            log(LogLevel::kDebug, LogEvent("signal_ignored"), {{"signal", signal_name(signo)}},
                "{} while waiting for dependencies: no service to forward it to, ignored",
                signal_name(signo));
          }
          // One pass collects every orphan that has exited, however many SIGCHLDs came in this
          // read.
          if (child_signal) reap_orphans();
          read_signals();
        });
  }

  void reap_orphans() {
    std::vector<Reaped> reaped;
    reap_exited(reaped);
    for (const Reaped& orphan : reaped) {
      ++orphans_reaped_;
      log_orphan_reaped(orphan);
    }
  }

  void finish(std::optional<int> status) {
    finished_ = true;
    status_ = status;
    io_.stop();
  }

  // First: the I/O objects below go before it, then it destroys what never ran.
  boost::asio::io_context io_{1};
  const Duration timeout_;
  const Clock::time_point start_ = Clock::now();
  boost::asio::posix::stream_descriptor signal_fd_;
  boost::asio::steady_timer progress_;
  boost::asio::steady_timer deadline_;
  std::array<signalfd_siginfo, 16> buffer_{};
  std::vector<std::unique_ptr<Dependency>> dependencies_;
  pid_t self_;
  bool finished_ = false;
  std::optional<int> status_;
  unsigned orphans_reaped_ = 0;
};

}  // namespace

WaitOutcome wait_for_dependencies(const std::vector<check::TargetSpec>& targets, Duration timeout,
                                  const SignalState& signals) {
  return DependencyWait(targets, timeout, signals).run();
}

}  // namespace lucid::init
