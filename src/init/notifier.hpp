#pragma once
// sd_notify for the service manager that started lucid-init (systemd Type=notify, podman
// --sdnotify=container, Quadlet Notify=true): READY=1 with the readiness line as STATUS, STOPPING=1
// when shutdown starts, WATCHDOG=1 after each healthy check. Written here rather than linked from
// libsystemd: a static binary, and three datagrams.
//
// The socket is opened at start-up, before the child, so no descriptor limit can refuse it later.
// A send never blocks and never fails lucid-init: a missing, refusing or full socket is one
// warning, and the datagram is dropped.
#include <string>
#include <string_view>

#include "init/notify_message.hpp"

namespace lucid::init {

class Notifier {
 public:
  // Not notifying.
  Notifier() = default;
  // Reads NOTIFY_SOCKET, WATCHDOG_USEC and WATCHDOG_PID and removes them from the environment
  // the child inherits; with pass_to_child they stay, and the child does the notifying.
  static Notifier from_environment(bool pass_to_child);
  Notifier(Notifier&& other) noexcept;
  Notifier& operator=(Notifier&& other) noexcept;
  Notifier(const Notifier&) = delete;
  Notifier& operator=(const Notifier&) = delete;
  ~Notifier();

  // Once: later calls send nothing.
  void ready(std::string_view status);
  void stopping();
  // Only when the manager asked for a watchdog (WATCHDOG_USEC).
  void watchdog();
  bool watchdog_enabled() const { return fd_ >= 0 && watchdog_; }

 private:
  void send(const std::string& message);

  int fd_ = -1;
  NotifyAddress address_;
  std::string where_;  // NOTIFY_SOCKET's value, for the warning
  bool watchdog_ = false;
  bool ready_sent_ = false;
  bool warned_ = false;
};

}  // namespace lucid::init
