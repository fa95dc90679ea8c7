#include "init/readiness_watch.hpp"

#include <algorithm>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>

#include "check/host_spec.hpp"
#include "common/fixed_point.hpp"
#include "init/log.hpp"

namespace lucid::init {
namespace {

using check::Clock;
using std::chrono::milliseconds;

// Fine steps at first, so the line's number is close to the truth; at most four tries a second.
constexpr Clock::duration kFirstPause = milliseconds(20);
constexpr Clock::duration kLongestPause = milliseconds(250);
// Loopback refuses or accepts at once; only a full accept queue leaves a connect hanging.
constexpr Clock::duration kTryTimeout = milliseconds(1000);

check::EndpointCheck::Endpoint loopback_endpoint(const ReadinessSpec& spec) {
  // parse_host maps a listen address to loopback: 0.0.0.0 is reached at 127.0.0.1.
  const auto host = check::parse_host(spec.host);
  const auto address = host && !host->addresses.empty()
                           ? host->addresses.front()
                           : boost::asio::ip::address(boost::asio::ip::address_v4::loopback());
  return boost::asio::ip::tcp::endpoint(address, spec.port);
}

}  // namespace

ReadinessWatch::ReadinessWatch(boost::asio::io_context& io, ReadinessSpec spec,
                               std::function<void(const std::string&)> on_ready)
    : io_(io),
      spec_(std::move(spec)),
      on_ready_(std::move(on_ready)),
      endpoint_(loopback_endpoint(spec_)),
      timer_(io),
      pause_(kFirstPause) {}

void ReadinessWatch::start(check::TimePoint started) {
  started_ = started;
  try_once();
}

void ReadinessWatch::stop() {
  if (stopped_) return;
  finish();
  log(LogLevel::kDebug, LogEvent("not_ready_at_exit"),
      {{"service", spec_.name}, {"address", where()}},
      "{} exited before accepting connections on {}", spec_.name, where());
}

void ReadinessWatch::try_once() {
  previous_ = std::move(current_);
  current_ = std::make_unique<check::EndpointCheck>(
      io_, endpoint_, std::string(), nullptr, Clock::now(),
      [this](const check::CheckOutcome& outcome) { on_outcome(outcome); });
  timer_.arm(kTryTimeout, [this] { current_->expire(); });
  current_->start();
}

void ReadinessWatch::on_outcome(const check::CheckOutcome& outcome) {
  if (stopped_) return;
  timer_.disarm();
  const Clock::duration elapsed = Clock::now() - started_;
  if (outcome.healthy) {
    finish();
    const std::string line = fmt::format("{} ready on {} after {} s", spec_.name, where(),
                                         format_fixed(in_seconds(elapsed), 2));
    log(LogLevel::kInfo, LogEvent("ready"),
        {{"service", spec_.name}, {"address", where()}, {"seconds", in_seconds(elapsed)}}, "{}",
        line);
    on_ready_(line);
    return;
  }
  if (elapsed >= kReadinessCap) {
    finish();
    log(LogLevel::kInfo, LogEvent("readiness_gave_up"),
        {{"service", spec_.name}, {"address", where()}, {"seconds", in_seconds(kReadinessCap)}},
        "{} not accepting connections on {} after {}: no more readiness checks", spec_.name,
        where(), format_duration(kReadinessCap));
    return;
  }
  const Clock::duration pause = pause_;
  pause_ = std::min(pause_ * 2, kLongestPause);
  timer_.arm(pause, [this] { try_once(); });
}

void ReadinessWatch::finish() {
  stopped_ = true;
  timer_.disarm();
  if (current_) current_->expire();
  // Not from inside the check's own report: once it has returned.
  boost::asio::post(io_, [this] {
    current_.reset();
    previous_.reset();
  });
}

std::string ReadinessWatch::where() const { return fmt::format("{}:{}", spec_.host, spec_.port); }

}  // namespace lucid::init
