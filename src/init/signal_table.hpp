#pragma once
// Which signals lucid-init forwards, and how they are named in log lines.
#include <optional>
#include <string>
#include <string_view>

namespace lucid::init {

// "SIGTERM", "SIGRTMIN+3", or "signal 99" for numbers the system does not know.
std::string signal_name(int signo);

// The reverse, for flags: "TERM", "SIGTERM" (any case), "RTMIN", "RTMIN+3", "RTMAX-2" or a number,
// 1 to SIGRTMAX; nullopt for anything else.
std::optional<int> parse_signal(std::string_view text);

// Every catchable signal is forwarded except SIGCHLD, which is lucid-init's own business.
bool is_forwarded(int signo);

// SIGTERM and SIGINT start a graceful shutdown (and escalate it when repeated).
bool is_shutdown_signal(int signo);

// Whether the signal's default action ends a process (signal(7): Term and Core), as it would
// have ended the service: not SIGCHLD, SIGCONT, SIGURG, SIGWINCH and the stop signals.
bool ends_process_by_default(int signo);

}  // namespace lucid::init
