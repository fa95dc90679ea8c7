// Signal names and wait statuses for any number: a log line about an unknown signal or a strange
// wait status must still be written, never crash PID 1.
#include <cstddef>
#include <cstdint>
#include <cstring>

#include "init/exit_status.hpp"
#include "init/signal_table.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  int value = 0;
  std::memcpy(&value, data, size < sizeof value ? size : sizeof value);
  if (lucid::init::signal_name(value).empty()) __builtin_trap();
  (void)lucid::init::is_forwarded(value);
  (void)lucid::init::is_shutdown_signal(value);
  const int code = lucid::init::exit_code_of(value);
  if (code < 0 || code > 255) __builtin_trap();  // what exit(2) can report
  if (lucid::init::describe_wait_status(value).empty()) __builtin_trap();
  return 0;
}
