#pragma once
// One line per event on stderr, prefixed "lucid-init: ", written whole or not at all so lines
// from lucid-init and its child never interleave mid-line, and never blocking (stderr_sink.hpp):
// a line that cannot be written now is dropped and counted.
#include <fmt/format.h>

#include <string_view>

namespace lucid::init {

enum class LogLevel { kError = 0, kWarning = 1, kInfo = 2, kDebug = 3 };

void set_log_level(LogLevel level);
bool log_enabled(LogLevel level);
void write_log_line(LogLevel level, std::string_view message);
// Lines dropped so far because stderr was full, closed or broken.
unsigned long log_lines_dropped();

template <typename... Args>
void log(LogLevel level, fmt::format_string<Args...> format, Args&&... args) {
  if (log_enabled(level)) {
    write_log_line(level, fmt::format(format, std::forward<Args>(args)...));
  }
}

}  // namespace lucid::init
