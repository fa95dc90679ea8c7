#include "init/timer_fd.hpp"

#include <sys/timerfd.h>
#include <unistd.h>

#include <boost/system/system_error.hpp>
#include <cerrno>
#include <cstdint>

namespace lucid::init {
namespace {

int open_timerfd() {
  const int fd = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC);
  if (fd < 0) {
    throw boost::system::system_error(errno, boost::system::system_category(), "timerfd_create");
  }
  return fd;
}

void set(int fd, std::chrono::steady_clock::duration delay) {
  const auto ns = std::chrono::duration_cast<std::chrono::nanoseconds>(delay).count();
  itimerspec spec{};
  spec.it_value.tv_sec = static_cast<time_t>(ns / 1000000000);
  spec.it_value.tv_nsec = static_cast<long>(ns % 1000000000);
  timerfd_settime(fd, 0, &spec, nullptr);  // all-zero disarms
}

}  // namespace

TimerFd::TimerFd(boost::asio::io_context& io) : fd_(io, open_timerfd()) {}

void TimerFd::arm(std::chrono::steady_clock::duration delay, std::function<void()> on_expiry) {
  on_expiry_ = std::move(on_expiry);
  const unsigned generation = ++generation_;
  // At least a nanosecond: an all-zero time would disarm instead.
  set(fd_.native_handle(),
      std::max<std::chrono::steady_clock::duration>(delay, std::chrono::nanoseconds(1)));
  fd_.async_wait(boost::asio::posix::stream_descriptor::wait_read,
                 [this, generation](const boost::system::error_code& error) {
                   if (error || generation != generation_) return;
                   std::uint64_t expirations = 0;
                   if (::read(fd_.native_handle(), &expirations, sizeof expirations) < 0) return;
                   std::function<void()> handler = std::move(on_expiry_);
                   handler();
                 });
}

void TimerFd::disarm() {
  ++generation_;
  set(fd_.native_handle(), std::chrono::steady_clock::duration::zero());
  boost::system::error_code ignored;
  fd_.cancel(ignored);
}

}  // namespace lucid::init
