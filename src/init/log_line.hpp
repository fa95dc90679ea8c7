#pragma once
// A log event as the bytes of one line, in either format; pure, so the clock is an argument.
#include <time.h>

#include <cstddef>
#include <string>
#include <string_view>

#include "init/log.hpp"

namespace lucid::init {

// A JSON line is at most this long with its newline, so that the sink's dropped-lines note fits
// in front of it within one PIPE_BUF (4096) write and the sink never cuts it: a cut object would
// not parse. Too long a message is cut instead, ending in "..."; so is a string field past
// kMaxJsonField bytes, and fields past kMaxJsonFields bytes in all are left out.
inline constexpr std::size_t kMaxJsonLine = 3584;
inline constexpr std::size_t kMaxJsonField = 512;
inline constexpr std::size_t kMaxJsonFields = 2048;

// "lucid-init: warning: MESSAGE\n"; the sink cuts it at PIPE_BUF.
std::string text_log_line(LogLevel level, std::string_view message);

// {"time":"2026-12-02T03:04:05.678Z","level":"info","event":"NAME","msg":"MESSAGE",FIELDS}\n
std::string json_log_line(const timespec& now, LogLevel level, const LogEvent& event,
                          LogFields fields, std::string_view message);

// RFC 3339 in UTC with milliseconds: "2026-12-02T03:04:05.678Z".
std::string rfc3339_utc(const timespec& now);

// The line the sink puts in front of the first line that gets through after `dropped` were lost.
std::string text_dropped_note(unsigned long dropped);
std::string json_dropped_note(const timespec& now, unsigned long dropped);

}  // namespace lucid::init
