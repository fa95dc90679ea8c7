#pragma once
// One try: find the target's addresses, check them all side by side, and decide by the deadline.
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <functional>
#include <memory>
#include <optional>
#include <vector>

#include "check/check_outcome.hpp"
#include "check/clock.hpp"
#include "check/endpoint_check.hpp"
#include "check/target.hpp"
#include "check/verdict.hpp"

namespace lucid::check {

// The try on an io_context it shares (the supervisor's wait for its dependencies runs many side
// by side). Reports once, by the deadline. It must outlive its io_context's run or be destroyed
// only after done has come and the io_context has run once more (cancelled operations come back
// then); destroying the io_context first is always safe.
class TryRun {
 public:
  using Done = std::function<void(Verdict)>;
  // kCaller: the caller calls expire() at the deadline. Asio's own timers leave a wake-up behind
  // when cancelled and one every five minutes for ever after (timer_fd.hpp); a caller that runs
  // for months with a timer of its own needs neither. A name lookup still keeps the deadline.
  enum class DeadlineTimer { kOwn, kCaller };

  // target must outlive the try.
  TryRun(boost::asio::io_context& io, const Target& target, TimePoint start, TimePoint deadline,
         Done done, DeadlineTimer deadline_timer = DeadlineTimer::kOwn);
  TryRun(const TryRun&) = delete;
  TryRun& operator=(const TryRun&) = delete;

  void start();
  // The deadline has come: reports what the checks were still waiting for.
  void expire();

 private:
  struct Address {
    EndpointCheck::Endpoint endpoint;
    std::string text;
  };

  void check(std::vector<Address> addresses);
  void on_outcome(std::size_t i, CheckOutcome outcome);
  void report(Verdict verdict);

  boost::asio::io_context& io_;
  const Target& target_;
  TimePoint start_;
  TimePoint deadline_;
  Done done_;
  std::string label_;          // "tcp 127.0.0.1:8000", "http://localhost:8000/health"
  std::string host_header_;    // what HTTP's Host says
  bool show_address_ = false;  // more than one address could answer: say which one did
  std::optional<HttpExchange> http_;
  std::vector<CheckOutcome> outcomes_;
  std::size_t reported_ = 0;
  std::vector<std::unique_ptr<EndpointCheck>> checks_;
  boost::asio::steady_timer timer_;
  DeadlineTimer deadline_timer_;
  bool finished_ = false;
};

// The same on an io_context of its own: returns by the deadline (plus the few microseconds it
// takes to close the sockets).
Verdict run_try(const Target& target, TimePoint start, TimePoint deadline);

}  // namespace lucid::check
