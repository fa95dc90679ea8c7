#include "common/duration.hpp"

#include <fmt/format.h>

#include <cstdint>

#include "common/config_error.hpp"

namespace lucid {
namespace {

constexpr std::int64_t kMaxMs = 24LL * 3600 * 1000;

std::optional<std::int64_t> unit_ms(std::string_view unit) {
  if (unit.empty() || unit == "s") return 1000;
  if (unit == "ms") return 1;
  if (unit == "m") return 60 * 1000;
  if (unit == "h") return 3600 * 1000;
  return std::nullopt;
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }

struct Parsed {
  std::int64_t ms = 0;     // fractions of a millisecond dropped
  bool under_1ms = false;  // not zero, yet less than 1 ms: dropping the fraction would make it 0
};

std::optional<Parsed> parse_parts(std::string_view text) {
  std::size_t i = 0;
  // Digits are capped well before overflow: anything longer than 24h is rejected anyway.
  std::int64_t whole = 0;
  std::size_t whole_digits = 0;
  for (; i < text.size() && is_digit(text[i]); ++i, ++whole_digits) {
    if (whole_digits >= 12) return std::nullopt;
    whole = whole * 10 + (text[i] - '0');
  }
  std::int64_t frac_num = 0;
  std::int64_t frac_den = 1;
  std::size_t frac_digits = 0;
  if (i < text.size() && text[i] == '.') {
    for (++i; i < text.size() && is_digit(text[i]); ++i, ++frac_digits) {
      if (frac_digits >= 9) return std::nullopt;
      frac_num = frac_num * 10 + (text[i] - '0');
      frac_den *= 10;
    }
    if (frac_digits == 0) return std::nullopt;
  }
  if (whole_digits == 0 && frac_digits == 0) return std::nullopt;
  const auto per_unit = unit_ms(text.substr(i));
  if (!per_unit) return std::nullopt;
  const std::int64_t ms = whole * *per_unit + frac_num * *per_unit / frac_den;
  if (whole > kMaxMs || ms > kMaxMs) return std::nullopt;
  return Parsed{ms, ms == 0 && frac_num != 0};
}

}  // namespace

std::optional<Duration> parse_duration(std::string_view text) {
  const auto parsed = parse_parts(text);
  if (!parsed || parsed->under_1ms) return std::nullopt;
  return Duration(parsed->ms);
}

Duration parse_duration_or_throw(std::string_view name, std::string_view text, bool allow_zero) {
  const auto parsed = parse_parts(text);
  if (!parsed) throw_bad_value(name, text, kDurationRule);
  if (parsed->under_1ms || (!allow_zero && parsed->ms == 0)) {
    throw_bad_value(name, text, allow_zero ? kZeroOrMillisecondRule : kMillisecondRule);
  }
  return Duration(parsed->ms);
}

}  // namespace lucid

namespace lucid {
std::string format_duration(Duration duration) {
  const auto ms = duration.count();
  if (ms % 1000 == 0) return fmt::format("{}s", ms / 1000);
  if (ms < 1000) return fmt::format("{}ms", ms);
  // Exact to the millisecond: "{:g}" kept 6 significant digits and wrote 2121.662s as 2121.66s.
  std::string text = fmt::format("{}.{:03}", ms / 1000, ms % 1000);
  while (text.back() == '0') text.pop_back();
  return text + "s";
}
}  // namespace lucid
