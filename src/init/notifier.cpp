#include "init/notifier.hpp"

#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <utility>

#include "common/config_error.hpp"
#include "init/log.hpp"

namespace lucid::init {
namespace {

constexpr const char* kSocketVar = "NOTIFY_SOCKET";

}  // namespace

Notifier Notifier::from_environment(bool pass_to_child) {
  Notifier notifier;
  const char* value = std::getenv(kSocketVar);
  if (value == nullptr || pass_to_child) return notifier;
  const std::string text = value;
  const bool wants_watchdog =
      watchdog_requested(std::getenv("WATCHDOG_USEC"), std::getenv("WATCHDOG_PID"), getpid());
  // The manager's variables are for the process it started: a child that notified on its own
  // would tell the manager things lucid-init does not know about.
  unsetenv(kSocketVar);
  unsetenv("WATCHDOG_USEC");
  unsetenv("WATCHDOG_PID");
  std::string rule;
  const auto address = parse_notify_address(text, rule);
  if (!address) {
    log(LogLevel::kWarning, LogEvent("notify_socket_invalid"), {{"value", text}, {"rule", rule}},
        "{}='{}' {}: not notifying the service manager", kSocketVar, escape_value(text), rule);
    return notifier;
  }
  const int fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (fd < 0) {
    const char* error = std::strerror(errno);
    log(LogLevel::kWarning, LogEvent("notify_failed"), {{"socket", text}, {"error", error}},
        "cannot notify the service manager at {}='{}': {}", kSocketVar, escape_value(text), error);
    return notifier;
  }
  notifier.fd_ = fd;
  notifier.address_ = *address;
  notifier.where_ = text;
  notifier.watchdog_ = wants_watchdog;
  return notifier;
}

Notifier::Notifier(Notifier&& other) noexcept { *this = std::move(other); }

Notifier& Notifier::operator=(Notifier&& other) noexcept {
  std::swap(fd_, other.fd_);
  address_ = other.address_;
  where_ = std::move(other.where_);
  watchdog_ = other.watchdog_;
  ready_sent_ = other.ready_sent_;
  warned_ = other.warned_;
  return *this;
}

Notifier::~Notifier() {
  if (fd_ >= 0) close(fd_);
}

void Notifier::ready(std::string_view status) {
  if (std::exchange(ready_sent_, true)) return;
  send(ready_message(status));
}

void Notifier::stopping() { send("STOPPING=1"); }

void Notifier::watchdog() {
  if (watchdog_) send("WATCHDOG=1");
}

void Notifier::send(const std::string& message) {
  if (fd_ < 0) return;
  const auto* to = reinterpret_cast<const sockaddr*>(&address_.address);
  ssize_t sent;
  do {
    sent = sendto(fd_, message.data(), message.size(), MSG_DONTWAIT | MSG_NOSIGNAL, to,
                  address_.length);
  } while (sent < 0 && errno == EINTR);
  if (sent >= 0) return;
  if (std::exchange(warned_, true)) return;
  // Once: a manager that went away must not fill the log with one line per health check.
  const char* error = std::strerror(errno);
  const std::string first = message.substr(0, message.find('\n'));
  log(LogLevel::kWarning, LogEvent("notify_failed"),
      {{"socket", where_}, {"message", first}, {"error", error}},
      "cannot notify the service manager at {}='{}' ({} dropped): {}; later failures are not "
      "logged",
      kSocketVar, escape_value(where_), first, error);
}

}  // namespace lucid::init
