#include "init/log_line.hpp"

#include <fmt/format.h>

#include <cmath>

#include "common/json_string.hpp"

namespace lucid::init {
namespace {

constexpr const char* kLevelNames[] = {"error", "warning", "info", "debug"};

// "dropped" and its count say it, whatever the format.
constexpr LogEvent kDroppedEvent("log_lines_dropped");
constexpr const char* kDroppedFormat = "{} log line{} dropped: stderr was not writable";

void append_field(std::string& out, const LogField& field) {
  const std::size_t start = out.size();
  out += ",\"";
  out += field.key();  // a literal of the code's own, lower_snake_case: nothing to escape
  out += "\":";
  switch (field.kind()) {
    case LogField::Kind::kNull:
      out += "null";
      break;
    case LogField::Kind::kSigned:
      out += fmt::format("{}", field.as_signed());
      break;
    case LogField::Kind::kUnsigned:
      out += fmt::format("{}", field.as_unsigned());
      break;
    case LogField::Kind::kReal:
      // JSON has no infinity or NaN.
      out += std::isfinite(field.as_real()) ? fmt::format("{}", field.as_real()) : "null";
      break;
    case LogField::Kind::kBool:
      out += field.as_bool() ? "true" : "false";
      break;
    case LogField::Kind::kText:
      append_json_string(out, field.as_text(), kMaxJsonField);
      break;
  }
  if (out.size() > kMaxJsonFields) out.resize(start);
}

}  // namespace

std::string text_log_line(LogLevel level, std::string_view message) {
  const char* tag = level == LogLevel::kError     ? "error: "
                    : level == LogLevel::kWarning ? "warning: "
                                                  : "";
  return fmt::format("lucid-init: {}{}\n", tag, message);
}

std::string rfc3339_utc(const timespec& now) {
  struct tm utc {};
  gmtime_r(&now.tv_sec, &utc);
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z", utc.tm_year + 1900,
                     utc.tm_mon + 1, utc.tm_mday, utc.tm_hour, utc.tm_min, utc.tm_sec,
                     now.tv_nsec / 1000000);
}

std::string json_log_line(const timespec& now, LogLevel level, LogEvent event, LogFields fields,
                          std::string_view message) {
  std::string rest;
  for (const LogField& field : fields) append_field(rest, field);
  rest += "}\n";
  std::string line =
      fmt::format(R"({{"time":"{}","level":"{}","event":"{}","msg":)", rfc3339_utc(now),
                  kLevelNames[static_cast<int>(level)], event.name());
  append_json_string(line, message, kMaxJsonLine - line.size() - rest.size());
  line += rest;
  return line;
}

std::string text_dropped_note(unsigned long dropped) {
  return text_log_line(LogLevel::kWarning,
                       fmt::format(kDroppedFormat, dropped, dropped == 1 ? "" : "s"));
}

std::string json_dropped_note(const timespec& now, unsigned long dropped) {
  return json_log_line(now, LogLevel::kWarning, kDroppedEvent, {{"count", dropped}},
                       fmt::format(kDroppedFormat, dropped, dropped == 1 ? "" : "s"));
}

}  // namespace lucid::init
