#include "init/health_watch.hpp"

#include <boost/asio/post.hpp>

#include "check/verdict_text.hpp"
#include "common/config_error.hpp"
#include "init/log.hpp"

namespace lucid::init {

using check::Clock;
using Outcome = HealthPolicy::Outcome;

HealthWatch::HealthWatch(boost::asio::io_context& io, HealthSpec spec, Hooks hooks)
    : io_(io), spec_(std::move(spec)), hooks_(std::move(hooks)), policy_(spec_.rules), timer_(io) {}

void HealthWatch::start(check::TimePoint started) {
  started_ = started;
  timer_.arm(spec_.interval, [this] { try_once(); });
}

void HealthWatch::stop() {
  if (stopped_) return;
  stopped_ = true;
  timer_.disarm();
  if (current_) current_->expire();  // its report finds the watch stopped
  // Not from inside the check's own report: once it has returned.
  boost::asio::post(io_, [this] {
    current_.reset();
    previous_.reset();
  });
}

void HealthWatch::try_once() {
  check_started_ = Clock::now();
  previous_ = std::move(current_);
  current_ = std::make_unique<check::TryRun>(
      io_, spec_.target.target, check_started_, check_started_ + spec_.timeout,
      [this](check::Verdict verdict) { on_verdict(verdict); },
      check::TryRun::DeadlineTimer::kCaller);
  timer_.arm(spec_.timeout, [this] { current_->expire(); });
  current_->start();
}

void HealthWatch::on_verdict(const check::Verdict& verdict) {
  if (stopped_) return;
  timer_.disarm();
  const auto step = policy_.on_verdict(
      verdict.healthy, std::chrono::duration_cast<Duration>(check_started_ - started_));
  report(step, verdict);
  if (verdict.healthy && hooks_.healthy) hooks_.healthy();
  if (step.outcome == Outcome::kStop) {
    const std::string why =
        fmt::format("{} unhealthy {} time{}: {}", spec_.name, step.failures,
                    step.failures == 1 ? "" : "s", check::verdict_text(verdict));
    stop();
    hooks_.stop_service(why);
    return;
  }
  timer_.arm(spec_.interval, [this] { try_once(); });
}

void HealthWatch::report(HealthPolicy::Step step, const check::Verdict& verdict) {
  const LogLevel level =
      step.outcome == Outcome::kUnhealthy || step.outcome == Outcome::kStop     ? LogLevel::kWarning
      : step.outcome == Outcome::kFailed || step.outcome == Outcome::kRecovered ? LogLevel::kInfo
                                                                                : LogLevel::kDebug;
  if (!log_enabled(level)) return;
  const std::string text = check::verdict_text(verdict);
  const std::string& name = spec_.name;
  const unsigned retries = spec_.rules.retries;
  const unsigned n = step.failures;
  switch (step.outcome) {
    case Outcome::kHealthy:
      log(level, LogEvent("health_ok"), {{"service", name}, {"verdict", text}}, "{} healthy: {}",
          name, text);
      return;
    case Outcome::kRecovered:
      log(level, LogEvent("health_recovered"),
          {{"service", name}, {"failures", n}, {"verdict", text}},
          "{} healthy again after {} failed check{}: {}", name, n, n == 1 ? "" : "s", text);
      return;
    default:
      break;
  }
  const bool counted = step.outcome != Outcome::kNotCounted;
  const bool unhealthy = n >= retries;
  std::string what;
  if (!counted) {
    what = "health check failed inside the start period (not counted)";
  } else if (step.outcome == Outcome::kFailed) {
    what = fmt::format("health check failed ({} of {})", n, retries);
  } else {
    what = fmt::format("unhealthy: {} failed health check{} in a row", n, n == 1 ? "" : "s");
  }
  log(level, LogEvent("health_failed"),
      {{"service", name},
       {"failures", n},
       {"retries", retries},
       {"counted", counted},
       {"unhealthy", unhealthy},
       {"target", verdict.target},
       {"verdict", text}},
      "{} {}: {}", name, what, text);
}

}  // namespace lucid::init
