// Durations: anything accepted is within 24 h and writes back to text that parses to the same
// value, so the log lines never show a duration other than the one in effect.
#include <cstddef>
#include <cstdint>

#include "common/duration.hpp"
#include "fuzz_input.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto parsed = lucid::parse_duration(lucid_fuzz::as_text(data, size));
  if (!parsed) return 0;
  if (parsed->count() < 0 || *parsed > std::chrono::hours(24)) __builtin_trap();
  if (lucid::parse_duration(lucid::format_duration(*parsed)) != parsed) __builtin_trap();
  return 0;
}
