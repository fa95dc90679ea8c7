#pragma once
// With --service: when the service first accepts connections on its port, one line says how long
// its start took ("api ready on 0.0.0.0:8000 after 3.21 s"), the number a HEALTHCHECK's
// --start-period needs. Connects only, to loopback for 0.0.0.0, on the supervisor's loop; stops
// at the first success, when the child exits or at kReadinessCap, and leaves nothing armed.
#include <boost/asio/io_context.hpp>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "check/clock.hpp"
#include "check/endpoint_check.hpp"
#include "common/duration.hpp"
#include "init/timer_fd.hpp"

namespace lucid::init {

// A service that has not listened in this long is not going to: a worker without a port, a typo
// in the port. Far beyond any start period, short against a container's life.
inline constexpr Duration kReadinessCap = std::chrono::minutes(10);

struct ReadinessSpec {
  std::string name;  // as given to --service
  std::string host;  // the validated <PREFIX>_HOST: 0.0.0.0
  std::uint16_t port = 0;
};

class ReadinessWatch {
 public:
  // on_ready: given the ready line's text, when it is logged (sd_notify's STATUS).
  ReadinessWatch(boost::asio::io_context& io, ReadinessSpec spec,
                 std::function<void(const std::string&)> on_ready);
  ReadinessWatch(const ReadinessWatch&) = delete;
  ReadinessWatch& operator=(const ReadinessWatch&) = delete;

  // started: when the child was started.
  void start(check::TimePoint started);
  // The child has exited: no more checks.
  void stop();

 private:
  void try_once();
  void on_outcome(const check::CheckOutcome& outcome);
  // No more checks: the timer disarmed and the socket closed, so neither can wake us again.
  void finish();
  std::string where() const;

  boost::asio::io_context& io_;
  ReadinessSpec spec_;
  std::function<void(const std::string&)> on_ready_;
  check::EndpointCheck::Endpoint endpoint_;
  check::TimePoint started_;
  // The try's timeout while a check runs, the pause after it otherwise.
  TimerFd timer_;
  check::Clock::duration pause_;
  // The check before the current one stays until the next begins: its cancelled operations have
  // come back by then.
  std::unique_ptr<check::EndpointCheck> current_;
  std::unique_ptr<check::EndpointCheck> previous_;
  bool stopped_ = false;
};

}  // namespace lucid::init
