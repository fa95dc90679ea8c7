// The last three ways into glibc's printf engine in the static binary: with them gone, vfprintf,
// its floating-point and wide-character code, the gconv loader behind wide streams and the
// locale code they reach leave the file (about 74 KB on aarch64; docs/init-benchmarks.md). The
// program formats with fmt and writes with write(2); none of the three callers below is reached
// from it, and cmake/LibcStubs.cmake adds this file only where it can check that at each link.
// Static builds only: in a dynamic build these would interpose on the shared libraries' own
// calls, and there glibc's printf costs the file nothing.
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>

// Reserved names on purpose, as in libc_overrides.cpp.
// NOLINTBEGIN(bugprone-reserved-identifier,cert-dcl37-c,cert-dcl51-cpp,cert-dcl50-cpp,readability-identifier-naming,readability-inconsistent-declaration-parameter-name)

namespace {

// A stub reached after all (a caller cmake/libc_stub_callers.txt does not know, in a build that
// got past its check) says so with what it was asked to print, rather than failing silently:
// libstdc++'s assertions on GCC 13 and later print through fprintf, then abort.
void write_text(const char* text, std::size_t length) {
  [[maybe_unused]] const auto written = ::write(STDERR_FILENO, text, length);
}

void say_unformatted(const char* format) {
  static constexpr char kPrefix[] = "lucid-init: (printf is not in this build) ";
  write_text(kPrefix, sizeof kPrefix - 1);
  const std::size_t length = std::strlen(format);
  write_text(format, length);
  if (length == 0 || format[length - 1] != '\n') write_text("\n", 1);
}

}  // namespace

extern "C" {

// malloc.o's only use is malloc_stats() and malloc_info(), which the program never calls.
int fprintf(FILE* /*stream*/, const char* format, ...) {
  say_unformatted(format);
  errno = ENOSYS;
  return -1;
}

// Used by the gconv configuration loader, static dlerror() and gettext's catalogue path, all to
// build a string; each treats -1 as an allocation failure and goes on without it.
int __asprintf(char** result, const char* format, ...) noexcept {
  say_unformatted(format);
  *result = nullptr;
  errno = ENOMEM;
  return -1;
}

// A dynamic array indexed out of bounds inside glibc (pthread_atfork's handler list): glibc's own
// reaction is this message's longer form with both numbers, then abort.
[[noreturn]] void __libc_dynarray_at_failure(std::size_t /*size*/, std::size_t /*index*/) noexcept {
  static constexpr char kMessage[] = "lucid-init: fatal glibc error: array index out of bounds\n";
  [[maybe_unused]] const auto written = ::write(STDERR_FILENO, kMessage, sizeof kMessage - 1);
  std::abort();
}

}  // extern "C"

// NOLINTEND(bugprone-reserved-identifier,cert-dcl37-c,cert-dcl51-cpp,cert-dcl50-cpp,readability-identifier-naming,readability-inconsistent-declaration-parameter-name)
