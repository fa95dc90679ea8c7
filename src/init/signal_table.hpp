#pragma once
// Which signals lucid-init forwards, and how they are named in log lines.
#include <string>

namespace lucid::init {

// "SIGTERM", "SIGRTMIN+3", or "signal 99" for numbers the system does not know.
std::string signal_name(int signo);

// Every catchable signal is forwarded except SIGCHLD, which is lucid-init's own business.
bool is_forwarded(int signo);

// SIGTERM and SIGINT start a graceful shutdown (and escalate it when repeated).
bool is_shutdown_signal(int signo);

}  // namespace lucid::init
