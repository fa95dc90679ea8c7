// The probe's command line and its environment (LUCID_SERVICE, <PREFIX>_PORT/_HOST, --port-env),
// through to the checked options: a usage error or a ConfigError, never a crash.
#include <cstddef>
#include <cstdint>

#include "common/config_error.hpp"
#include "fuzz_input.hpp"
#include "probe/command_line.hpp"
#include "probe/probe_options.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto input = lucid_fuzz::env_and_args(lucid_fuzz::as_text(data, size));
  lucid_fuzz::Argv argv("probe", input.args);
  const auto line = lucid::probe::parse_command_line(argv.argc(), argv.argv());
  if (line.usage_error || line.help != lucid::probe::Help::kNone) return 0;
  try {
    // The supervisor's side has its own target (supervisor_target_fuzz.cpp).
    const auto options = lucid::probe::resolve_options(line, input.lookup(), [] {
      return lucid::probe::SupervisorSearch{{}, "none running"};
    });
    if (options.unix_path.empty() && options.port == 0) __builtin_trap();
  } catch (const lucid::ConfigError&) {
  }
  return 0;
}
