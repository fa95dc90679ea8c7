#pragma once
// One line per event on stderr, written whole or not at all so lines from lucid-init and its
// child never interleave mid-line, and never blocking (stderr_sink.hpp): a line that cannot be
// written now waits in a small queue for room, and beyond it is dropped and counted.
//
// Every line is an event: a level, a name, typed fields and a message. --log-format text (the
// default) writes "lucid-init: [warning: |error: ]MESSAGE"; json writes one object per line,
// {"time":…,"level":…,"event":NAME,"msg":MESSAGE, then the fields} (log_line.hpp). A new line:
//
//   log(LogLevel::kInfo, LogEvent("ready"), {{"port", port}, {"seconds", waited}},
//       "ready on port {} after {} s", port, format_fixed(waited, 2));
//
// The name is required (a plain format string in its place does not compile): lower_snake_case,
// one per kind of line; scripts/docs-tables.py lists it with its fields in docs/logging.md. Fields:
// integers and doubles (3 decimals) are JSON numbers, bools true/false, strings escaped (give the
// raw value: JSON escaping makes it safe; the message keeps escape_value()), an empty
// std::optional is null; no fields: {}. Keys are lower_snake_case and never time, level, event
// or msg. A field may view a temporary of the log() call itself (signal_name(...)): it is read
// before the call returns.
#include <fmt/format.h>

#include <cstddef>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>

namespace lucid::init {

enum class LogLevel { kError = 0, kWarning = 1, kInfo = 2, kDebug = 3 };
enum class LogFormat { kText, kJson };

class LogEvent {
 public:
  // A literal only: event names are fixed in the code, never built from input.
  template <std::size_t N>
  explicit constexpr LogEvent(const char (&name)[N]) : name_(name, N - 1) {}
  constexpr std::string_view name() const { return name_; }

 private:
  std::string_view name_;
};

class LogField {
 public:
  enum class Kind { kNull, kSigned, kUnsigned, kReal, kBool, kText };

  template <typename T,
            std::enable_if_t<
                std::is_integral_v<T> && !std::is_same_v<T, bool> && std::is_signed_v<T>, int> = 0>
  constexpr LogField(std::string_view key, T value)
      : key_(key), kind_(Kind::kSigned), signed_(value) {}
  template <typename T,
            std::enable_if_t<
                std::is_integral_v<T> && !std::is_same_v<T, bool> && !std::is_signed_v<T>, int> = 0>
  constexpr LogField(std::string_view key, T value)
      : key_(key), kind_(Kind::kUnsigned), unsigned_(value) {}
  constexpr LogField(std::string_view key, double value)
      : key_(key), kind_(Kind::kReal), real_(value) {}
  constexpr LogField(std::string_view key, bool value)
      : key_(key), kind_(Kind::kBool), bool_(value) {}
  constexpr LogField(std::string_view key, std::string_view value)
      : key_(key), kind_(Kind::kText), text_(value) {}
  // Without it a literal would take the bool constructor.
  constexpr LogField(std::string_view key, const char* value)
      : key_(key), kind_(Kind::kText), text_(value) {}
  LogField(std::string_view key, const std::string& value)
      : key_(key), kind_(Kind::kText), text_(value) {}
  constexpr LogField(std::string_view key, std::nullopt_t) : key_(key) {}
  template <typename T>
  LogField(std::string_view key, const std::optional<T>& value)
      : LogField(value ? LogField(key, *value) : LogField(key, std::nullopt)) {}

  constexpr std::string_view key() const { return key_; }
  constexpr Kind kind() const { return kind_; }
  constexpr long long as_signed() const { return signed_; }
  constexpr unsigned long long as_unsigned() const { return unsigned_; }
  constexpr double as_real() const { return real_; }
  constexpr bool as_bool() const { return bool_; }
  constexpr std::string_view as_text() const { return text_; }

 private:
  std::string_view key_;
  Kind kind_ = Kind::kNull;
  union {
    long long signed_ = 0;
    unsigned long long unsigned_;
    double real_;
    bool bool_;
  };
  std::string_view text_;
};

using LogFields = std::initializer_list<LogField>;

void set_log_level(LogLevel level);
void set_log_format(LogFormat format);
bool log_enabled(LogLevel level);
void write_log_line(LogLevel level, const LogEvent& event, LogFields fields,
                    std::string_view message);
// Lines dropped so far because stderr was full, closed or broken.
unsigned long log_lines_dropped();

// The sink's descriptors, taken first thing at start-up (before signalfd, epoll, the child), so
// that running short of them later never leaves a line without a non-blocking way out.
void open_log();
// The child is about to share stderr.
void log_shared_with_child();
// Before exit or exec: the lines still queued get a bounded wait for room (well inside Docker's
// 10 s stop timeout), then count as dropped.
void drain_log();
// For the event loop's retry (log_retry.hpp).
bool log_pending();
int log_descriptor();
void flush_log();
void on_log_pending(void (*hook)(void* context), void* context);

// The arguments are evaluated even when the level is off: guard costly ones with log_enabled().
template <typename... Args>
void log(LogLevel level, const LogEvent& event, LogFields fields,
         fmt::format_string<Args...> format, Args&&... args) {
  if (log_enabled(level)) {
    write_log_line(level, event, fields, fmt::format(format, std::forward<Args>(args)...));
  }
}

}  // namespace lucid::init
