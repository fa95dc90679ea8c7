// --expect: an accepted list never accepts a status outside 200-599 (a 1xx is never a verdict).
#include <cstddef>
#include <cstdint>

#include "check/expect_spec.hpp"
#include "common/config_error.hpp"
#include "fuzz_input.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  try {
    const auto spec = lucid::check::ExpectSpec::parse_or_throw(lucid_fuzz::as_text(data, size));
    if (spec.accepts(199) || spec.accepts(600) || spec.accepts(0)) __builtin_trap();
  } catch (const lucid::ConfigError&) {
  }
  return 0;
}
