// Durations: anything accepted is within 24 h and writes back to text that parses to the same
// value, so the log lines never show a duration other than the one in effect; and 0 only when the
// text says 0 (a sub-millisecond value is refused, never rounded to "at once").
#include <algorithm>
#include <cstddef>
#include <cstdint>

#include "common/duration.hpp"
#include "fuzz_input.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto text = lucid_fuzz::as_text(data, size);
  const auto parsed = lucid::parse_duration(text);
  if (!parsed) return 0;
  if (parsed->count() < 0 || *parsed > std::chrono::hours(24)) __builtin_trap();
  if (lucid::parse_duration(lucid::format_duration(*parsed)) != parsed) __builtin_trap();
  const bool says_zero =
      std::none_of(text.begin(), text.end(), [](char c) { return c >= '1' && c <= '9'; });
  if (parsed->count() == 0 && !says_zero) __builtin_trap();
  return 0;
}
