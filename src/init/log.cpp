#include "init/log.hpp"

#include "init/stderr_sink.hpp"

namespace lucid::init {
namespace {
LogLevel current_level = LogLevel::kInfo;
StderrSink sink;
}  // namespace

void set_log_level(LogLevel level) { current_level = level; }

bool log_enabled(LogLevel level) { return level <= current_level; }

unsigned long log_lines_dropped() { return sink.dropped(); }

void write_log_line(LogLevel level, std::string_view message) {
  const char* tag = level == LogLevel::kError     ? "error: "
                    : level == LogLevel::kWarning ? "warning: "
                                                  : "";
  sink.write(fmt::format("lucid-init: {}{}\n", tag, message));
}

}  // namespace lucid::init
