#include "init/log.hpp"

#include <time.h>

#include "init/log_line.hpp"
#include "init/stderr_sink.hpp"

namespace lucid::init {
namespace {

LogLevel current_level = LogLevel::kInfo;
LogFormat current_format = LogFormat::kText;

timespec wall_clock() {
  timespec now{};
  clock_gettime(CLOCK_REALTIME, &now);
  return now;
}

std::string dropped_note(unsigned long dropped) {
  return current_format == LogFormat::kJson ? json_dropped_note(wall_clock(), dropped)
                                            : text_dropped_note(dropped);
}

StderrSink sink(dropped_note);

}  // namespace

void set_log_level(LogLevel level) { current_level = level; }

void set_log_format(LogFormat format) { current_format = format; }

bool log_enabled(LogLevel level) { return level <= current_level; }

unsigned long log_lines_dropped() { return sink.dropped(); }

void open_log() { sink.open(); }

void log_shared_with_child() { sink.shared(); }

void drain_log() { sink.drain(std::chrono::milliseconds(300)); }

bool log_pending() { return sink.pending(); }

int log_descriptor() { return sink.descriptor(); }

void flush_log() { sink.flush(); }

void on_log_pending(void (*hook)(void* context), void* context) { sink.on_pending(hook, context); }

void write_log_line(LogLevel level, const LogEvent& event, LogFields fields,
                    std::string_view message) {
  sink.write(current_format == LogFormat::kJson
                 ? json_log_line(wall_clock(), level, event, fields, message)
                 : text_log_line(level, message));
}

}  // namespace lucid::init
