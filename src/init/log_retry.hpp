#pragma once
// Lines that found stderr full wait in the sink's queue (stderr_sink.hpp). While an event loop
// runs, they go out as soon as stderr has room again (epoll's EPOLLOUT on the sink's descriptor),
// not only when the next line comes: the last line of a burst is not left waiting for minutes.
// Idle while nothing is pending, and asleep in epoll, never spinning, while the reader is stuck.
#include <boost/asio/io_context.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <optional>

namespace lucid::init {

class LogRetry {
 public:
  explicit LogRetry(boost::asio::io_context& io);
  ~LogRetry();
  LogRetry(const LogRetry&) = delete;
  LogRetry& operator=(const LogRetry&) = delete;

 private:
  static void pending(void* self);
  void arm();

  boost::asio::io_context& io_;
  // The sink's descriptor, watched but never owned: released, not closed, at the end.
  std::optional<boost::asio::posix::stream_descriptor> out_;
  bool armed_ = false;
};

}  // namespace lucid::init
