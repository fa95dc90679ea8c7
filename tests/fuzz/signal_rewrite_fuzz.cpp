// --rewrite / LUCID_INIT_REWRITE and the signal names they use: an accepted table never has KILL,
// STOP or CHLD as a source, maps real signals to real signals or 0, and a name parses back to
// the number it came from.
#include <csignal>
#include <cstddef>
#include <cstdint>

#include "common/config_error.hpp"
#include "fuzz_input.hpp"
#include "init/signal_rewrite.hpp"
#include "init/signal_table.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text = lucid_fuzz::as_text(data, size);
  if (const auto signo = lucid::init::parse_signal(text)) {
    if (*signo < 1 || *signo > SIGRTMAX) __builtin_trap();
    const std::string name = lucid::init::signal_name(*signo);
    if (name.rfind("signal ", 0) != 0 && lucid::init::parse_signal(name) != signo) {
      __builtin_trap();
    }
  }
  lucid::init::SignalRewrite rewrite;
  try {
    lucid::init::parse_signal_rewrite("--rewrite", text, rewrite);
  } catch (const lucid::ConfigError&) {
    return 0;
  }
  if (rewrite.empty()) __builtin_trap();  // an accepted spec has at least one entry
  for (const auto& [from, to] : rewrite) {
    if (!lucid::init::is_forwarded(from)) __builtin_trap();
    if (to < 0 || to > SIGRTMAX) __builtin_trap();
    if (lucid::init::rewritten_signal(rewrite, from) != to) __builtin_trap();
  }
  return 0;
}
