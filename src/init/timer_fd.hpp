#pragma once
// A one-shot timer with a timerfd of its own, for what runs while the service runs. Asio's timers
// share one timerfd that, once any timer has been used, Asio re-arms every five minutes for ever
// (its clock-change check), and a cancelled timer leaves it armed for the old expiry: one wake-up
// each. Disarmed, this one leaves nothing armed.
#include <boost/asio/io_context.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <chrono>
#include <functional>

namespace lucid::init {

class TimerFd {
 public:
  explicit TimerFd(boost::asio::io_context& io);

  // Replaces any earlier arm; on_expiry runs once, unless disarmed first.
  void arm(std::chrono::steady_clock::duration delay, std::function<void()> on_expiry);
  void disarm();

 private:
  boost::asio::posix::stream_descriptor fd_;
  std::function<void()> on_expiry_;
  // A completion already queued when the timer was disarmed or re-armed is stale.
  unsigned generation_ = 0;
};

}  // namespace lucid::init
