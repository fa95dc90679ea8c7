#pragma once
// The sd_notify protocol's pure half: NOTIFY_SOCKET's value as a socket address, and the
// datagrams. systemd, podman --sdnotify=container and Quadlet Notify=true all read the same
// newline-separated KEY=VALUE datagrams on an AF_UNIX datagram socket.
#include <sys/socket.h>
#include <sys/un.h>

#include <optional>
#include <string>
#include <string_view>

namespace lucid::init {

struct NotifyAddress {
  sockaddr_un address{};
  socklen_t length = 0;  // what sendto() is given: abstract names are not NUL-terminated
};

// "/run/notify" (a path) or "@name" (abstract: a leading NUL in sun_path). Empty when the value
// breaks `rule` (filled in): empty, relative, too long for sun_path, control characters.
std::optional<NotifyAddress> parse_notify_address(std::string_view value, std::string& rule);

// "READY=1\nSTATUS=<status>": one datagram, so the manager never sees READY without its status.
// A newline in the status would start a new assignment: it becomes a space.
std::string ready_message(std::string_view status);

// WATCHDOG_USEC as given by the manager: a positive number of microseconds, and WATCHDOG_PID,
// when set, naming this process. Anything else: no watchdog.
bool watchdog_requested(const char* usec, const char* pid, long own_pid);

}  // namespace lucid::init
