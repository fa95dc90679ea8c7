// Replaces libstdc++'s verbose terminate handler. The stock one demangles the exception's type
// name, which links the whole C++ demangler (~50 KB) into the static binary; PID 1 only needs to
// say that it is going down.
#include <unistd.h>

#include <cstdlib>

namespace __gnu_cxx {
// A reserved name on purpose: this definition replaces libstdc++'s.
// NOLINTNEXTLINE(bugprone-reserved-identifier,cert-dcl37-c,cert-dcl51-cpp)
void __verbose_terminate_handler() {
  static const char kMessage[] = "lucid-init: fatal: unexpected internal error, aborting\n";
  [[maybe_unused]] const auto written = ::write(STDERR_FILENO, kMessage, sizeof kMessage - 1);
  std::abort();
}
}  // namespace __gnu_cxx
