// --remap-exit / LUCID_INIT_REMAP_EXIT: accepted entries map codes 0-255 to codes 0-255.
#include <cstddef>
#include <cstdint>

#include "common/config_error.hpp"
#include "fuzz_input.hpp"
#include "init/exit_status.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  lucid::init::ExitRemap remap;
  try {
    lucid::init::parse_exit_remap("--remap-exit", lucid_fuzz::as_text(data, size), remap);
  } catch (const lucid::ConfigError&) {
    return 0;
  }
  for (const auto& [from, to] : remap) {
    if (from < 0 || from > 255 || to < 0 || to > 255) __builtin_trap();
    if (lucid::init::remap_exit_code(remap, from) != to) __builtin_trap();
  }
  return 0;
}
