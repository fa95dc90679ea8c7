// --wait-for and LUCID_INIT_WAIT_FOR: anything but a ConfigError is a bug, and every accepted
// target is one the wait can try (a port, a path that fits a request line or sun_path).
#include <sys/un.h>

#include <cstddef>
#include <cstdint>

#include "check/http_request.hpp"
#include "check/target_spec.hpp"
#include "common/config_error.hpp"
#include "fuzz_input.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  try {
    for (const auto& target :
         lucid::check::parse_target_specs("LUCID_INIT_WAIT_FOR", lucid_fuzz::as_text(data, size))) {
      const auto& probe = target.target;
      if (!probe.unix_path.empty()) {
        if (probe.unix_path.size() >= sizeof(sockaddr_un::sun_path)) __builtin_trap();
        continue;
      }
      if (probe.port == 0) __builtin_trap();
      if (probe.host.addresses.empty() && probe.host.name.empty()) __builtin_trap();
      if (probe.http && !lucid::check::is_request_path(probe.http->path)) __builtin_trap();
    }
  } catch (const lucid::ConfigError&) {
  }
  return 0;
}
