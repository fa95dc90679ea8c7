#include "init/log_line.hpp"

#include <fmt/format.h>

#include <cmath>

#include "common/fixed_point.hpp"
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
      // Milliseconds, the resolution of lucid-init's durations: a measured 0.123456789 s is 0.123.
      // JSON has no infinity or NaN.
      out += std::isfinite(field.as_real()) ? format_fixed(field.as_real(), 3) : "null";
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
  // The civil date of a day count (H. Hinnant's civil_from_days), in eras of 400 years from
  // 0000-03-01; not gmtime_r, whose time zone code (tzset, tzfile) costs the static binary
  // 135 KB for a UTC that needs none.
  const long long seconds_of_day = ((now.tv_sec % 86400) + 86400) % 86400;
  const long long days = (now.tv_sec - seconds_of_day) / 86400 + 719468;
  const long long era = (days >= 0 ? days : days - 146096) / 146097;
  const long long day_of_era = days - era * 146097;
  const long long year_of_era =
      (day_of_era - day_of_era / 1460 + day_of_era / 36524 - day_of_era / 146096) / 365;
  const long long day_of_year =
      day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
  const long long march_month = (5 * day_of_year + 2) / 153;  // 0 is March
  const long long day = day_of_year - (153 * march_month + 2) / 5 + 1;
  const long long month = march_month < 10 ? march_month + 3 : march_month - 9;
  const long long year = year_of_era + era * 400 + (month <= 2 ? 1 : 0);
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z", year, month, day,
                     seconds_of_day / 3600, seconds_of_day / 60 % 60, seconds_of_day % 60,
                     now.tv_nsec / 1000000);
}

std::string json_log_line(const timespec& now, LogLevel level, const LogEvent& event,
                          LogFields fields, std::string_view message) {
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
