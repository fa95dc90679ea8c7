#pragma once
// Durations as users write them on the command line and in the environment: "9s", "500ms",
// "1.5s", "2m", "1h", or a bare number of seconds. Millisecond resolution (finer fractions are
// dropped), at most 24 hours; a duration that is not 0 is at least 1 ms, never rounded to 0.
#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace lucid {

using Duration = std::chrono::milliseconds;

inline constexpr std::string_view kDurationRule =
    "must be a duration like 500ms, 9s, 1.5s or 2m (at most 24h)";
inline constexpr std::string_view kZeroOrMillisecondRule =
    "must be 0 or at least 1ms (durations have millisecond resolution)";
inline constexpr std::string_view kMillisecondRule =
    "must be at least 1ms (durations have millisecond resolution)";

// nullopt when text is not a duration within the rule above.
std::optional<Duration> parse_duration(std::string_view text);

// Parses or throws ConfigError naming `name` (a flag or a variable) and the rule broken. allow_zero
// is false where a zero duration makes no sense, such as a timeout.
Duration parse_duration_or_throw(std::string_view name, std::string_view text, bool allow_zero);

// "9s", "500ms", "1.5s": the way durations are written back in messages.
std::string format_duration(Duration duration);

// Any duration in seconds, for the numeric fields of log lines.
template <typename Rep, typename Period>
double in_seconds(std::chrono::duration<Rep, Period> duration) {
  return std::chrono::duration<double>(duration).count();
}

}  // namespace lucid
