#include "init/signal_table.hpp"

#include <fmt/format.h>

#include <csignal>
#include <cstring>

namespace lucid::init {
namespace {

// 1-3 ASCII digits as a number, or -1.
int parse_small_number(std::string_view text) {
  if (text.empty() || text.size() > 3) return -1;
  int value = 0;
  for (const char c : text) {
    if (c < '0' || c > '9') return -1;
    value = value * 10 + (c - '0');
  }
  return value;
}

// ASCII only, locale-free: strncasecmp would pull static glibc's locale tables in (+24 KB).
bool equal_nocase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    const auto upper = [](char c) { return c >= 'a' && c <= 'z' ? static_cast<char>(c - 32) : c; };
    if (upper(a[i]) != upper(b[i])) return false;
  }
  return true;
}

bool starts_with_nocase(std::string_view text, std::string_view prefix) {
  return text.size() >= prefix.size() && equal_nocase(text.substr(0, prefix.size()), prefix);
}

// "RTMIN", "RTMIN+N", "RTMAX", "RTMAX-N", the names signal_name gives (without "SIG").
std::optional<int> parse_realtime(std::string_view name) {
  const bool from_min = starts_with_nocase(name, "RTMIN");
  if (!from_min && !starts_with_nocase(name, "RTMAX")) return std::nullopt;
  const std::string_view rest = name.substr(5);
  int signo = from_min ? SIGRTMIN : SIGRTMAX;
  if (!rest.empty()) {
    const int offset = rest[0] == (from_min ? '+' : '-') ? parse_small_number(rest.substr(1)) : -1;
    if (offset < 0) return std::nullopt;
    signo = from_min ? signo + offset : signo - offset;
  }
  if (signo < SIGRTMIN || signo > SIGRTMAX) return std::nullopt;
  return signo;
}

}  // namespace

std::string signal_name(int signo) {
  if (signo >= SIGRTMIN && signo <= SIGRTMAX) {
    return signo == SIGRTMIN ? std::string("SIGRTMIN")
                             : fmt::format("SIGRTMIN+{}", signo - SIGRTMIN);
  }
  // sigabbrev_np is thread-safe and locale-free, unlike strsignal.
  if (const char* abbrev = sigabbrev_np(signo)) return fmt::format("SIG{}", abbrev);
  return fmt::format("signal {}", signo);
}

std::optional<int> parse_signal(std::string_view text) {
  if (const int number = parse_small_number(text); number >= 0) {
    if (number < 1 || number > SIGRTMAX) return std::nullopt;
    return number;
  }
  if (starts_with_nocase(text, "SIG")) text.remove_prefix(3);
  if (text.empty()) return std::nullopt;
  if (const auto realtime = parse_realtime(text)) return realtime;
  for (int signo = 1; signo < SIGRTMIN; ++signo) {
    const char* abbrev = sigabbrev_np(signo);
    if (abbrev != nullptr && equal_nocase(abbrev, text)) return signo;
  }
  return std::nullopt;
}

bool is_forwarded(int signo) {
  return signo > 0 && signo <= SIGRTMAX && signo != SIGCHLD && signo != SIGKILL && signo != SIGSTOP;
}

bool is_shutdown_signal(int signo) { return signo == SIGTERM || signo == SIGINT; }

bool ends_process_by_default(int signo) {
  switch (signo) {
    case SIGCHLD:
    case SIGCONT:
    case SIGURG:
    case SIGWINCH:
    case SIGSTOP:
    case SIGTSTP:
    case SIGTTIN:
    case SIGTTOU:
      return false;
    default:
      return signo > 0 && signo <= SIGRTMAX;
  }
}

}  // namespace lucid::init
