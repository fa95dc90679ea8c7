// PORT/HOST validation and the service prefix: an accepted port is digits only and 1-65535, an
// accepted host is 0.0.0.0, and substitution works on any argument.
#include <cstddef>
#include <cstdint>
#include <string>

#include "common/config_error.hpp"
#include "common/service_env.hpp"
#include "fuzz_input.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto input = lucid_fuzz::env_and_args(lucid_fuzz::as_text(data, size));
  for (const std::string& word : input.args) {
    if (const auto port = lucid::parse_port(word)) {
      if (*port == 0 || std::to_string(*port) != word.substr(word.find_first_not_of('0'))) {
        __builtin_trap();
      }
    }
  }
  if (input.args.empty()) return 0;
  try {
    const std::string prefix = lucid::service_prefix("--service", input.args.front());
    const auto binding = lucid::validate_service_binding(prefix, input.lookup(), 8000);
    if (binding.host != lucid::kBindAllHost || binding.port == 0) __builtin_trap();
    (void)lucid::substitute_binding(input.args, binding);
  } catch (const lucid::ConfigError&) {
  }
  return 0;
}
