#include "init/log_retry.hpp"

#include <boost/system/system_error.hpp>

#include "init/log.hpp"

namespace lucid::init {

LogRetry::LogRetry(boost::asio::io_context& io) : io_(io) {
  on_log_pending(&LogRetry::pending, this);
  if (log_pending()) arm();
}

LogRetry::~LogRetry() {
  on_log_pending(nullptr, nullptr);
  if (out_) out_->release();
}

void LogRetry::pending(void* self) { static_cast<LogRetry*>(self)->arm(); }

void LogRetry::arm() {
  if (armed_) return;
  if (!out_) {
    try {
      out_.emplace(io_, log_descriptor());
    } catch (const boost::system::system_error&) {
      return;  // epoll refused it: the lines go out with the next one, or at exit
    }
  }
  armed_ = true;
  out_->async_wait(boost::asio::posix::stream_descriptor::wait_write,
                   [this](boost::system::error_code ec) {
                     armed_ = false;
                     if (ec) return;
                     flush_log();
                     if (log_pending()) arm();
                   });
}

}  // namespace lucid::init
