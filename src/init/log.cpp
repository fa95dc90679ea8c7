#include "init/log.hpp"

#include <unistd.h>

#include <cerrno>

namespace lucid::init {
namespace {
LogLevel current_level = LogLevel::kInfo;
}  // namespace

void set_log_level(LogLevel level) { current_level = level; }

bool log_enabled(LogLevel level) { return level <= current_level; }

void write_log_line(LogLevel level, std::string_view message) {
  const char* tag = level == LogLevel::kError     ? "error: "
                    : level == LogLevel::kWarning ? "warning: "
                                                  : "";
  const std::string line = fmt::format("lucid-init: {}{}\n", tag, message);
  const char* data = line.data();
  std::size_t left = line.size();
  while (left > 0) {
    const ssize_t n = ::write(STDERR_FILENO, data, left);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return;  // stderr gone: nothing sensible left to do with a log line
    data += n;
    left -= static_cast<std::size_t>(n);
  }
}

}  // namespace lucid::init
