// The supervisor's command line and LUCID_INIT_* environment: anything but a ConfigError (exit 2)
// is a bug, and PID 1 must not crash on its own configuration.
#include <cstddef>
#include <cstdint>

#include "common/config_error.hpp"
#include "fuzz_input.hpp"
#include "init/options.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto input = lucid_fuzz::env_and_args(lucid_fuzz::as_text(data, size));
  lucid_fuzz::Argv argv("lucid-init", input.args);
  try {
    const lucid::init::Options options =
        lucid::init::parse_options(argv.argc(), argv.argv(), input.lookup());
    if (options.grace > std::chrono::hours(24)) __builtin_trap();  // the documented bound
  } catch (const lucid::ConfigError&) {
  }
  return 0;
}
