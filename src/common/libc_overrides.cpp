// Definitions that replace pieces of static glibc 2.36 in the shipped binary. Each one stands in
// for an archive member whose code this program never needs but whose references drag in
// glibc's message catalogues, character-set converters, locale loader and static dlopen
// (together about 100 KB of the file, and code pages that start-up would touch). They are
// objects of the executable itself, so the linker takes them before it searches libc.a; the
// build.size test and the integration tests (messages, exit statuses) watch the result, and
// cmake/LibcStubs.cmake adds this file only with the toolchain it was written for.
#include <net/if.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <initializer_list>

// Reserved names on purpose, as in terminate_handler.cpp.
// NOLINTBEGIN(bugprone-reserved-identifier,cert-dcl37-c,cert-dcl51-cpp,cert-dcl50-cpp,readability-identifier-naming,readability-inconsistent-declaration-parameter-name)

namespace {

// "Unknown error N" (glibc's text) without printf.
char* unknown_error(int error, char* buffer, std::size_t size) {
  static constexpr char kPrefix[] = "Unknown error ";
  char digits[12];
  std::size_t count = 0;
  unsigned long magnitude =
      error < 0 ? 0UL - static_cast<unsigned long>(error) : static_cast<unsigned long>(error);
  do {
    digits[count++] = static_cast<char>('0' + magnitude % 10);
    magnitude /= 10;
  } while (magnitude != 0);
  if (error < 0) digits[count++] = '-';
  std::size_t at = 0;
  for (const char* c = kPrefix; *c != '\0' && at + 1 < size; ++c) buffer[at++] = *c;
  while (count > 0 && at + 1 < size) buffer[at++] = digits[--count];
  if (size > 0) buffer[at] = '\0';
  return buffer;
}

void write_text(const char* text) {
  [[maybe_unused]] const auto written = ::write(STDERR_FILENO, text, strlen(text));
}

// Interface names and indexes by ioctl, as glibc does; its object also holds if_nameindex(),
// whose netlink code brings snprintf and so all of printf.
int interface_ioctl(unsigned long request, ifreq& request_data) {
  const int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return -1;
  const int result = ioctl(fd, request, &request_data);
  close(fd);
  return result;
}

}  // namespace

extern "C" {

// glibc's static start-up code asserts; its __assert_fail prints through the wide-character
// stdio and gettext. Same message, then abort as glibc does.
[[noreturn]] void __assert_fail(const char* assertion, const char* file, unsigned int line,
                                const char* function) noexcept {
  char number[12];
  std::size_t at = sizeof number;
  number[--at] = '\0';
  do {
    number[--at] = static_cast<char>('0' + line % 10);
    line /= 10;
  } while (line != 0 && at > 0);
  for (const char* part :
       std::initializer_list<const char*>{"lucid-init: ", file, ":", &number[at], ": ", function,
                                          ": Assertion `", assertion, "' failed.\n"}) {
    write_text(part);
  }
  std::abort();
}

// The program never calls setlocale(), so LC_MESSAGES is "C" and glibc's gettext returns the
// message untranslated: the same, without the catalogue loader.
char* __dcgettext(const char* /*domain*/, const char* message, int /*category*/) noexcept {
  return const_cast<char*>(message);
}
char* dcgettext(const char* domain, const char* message, int category) noexcept {
  return __dcgettext(domain, message, category);
}
char* gettext(const char* message) noexcept { return const_cast<char*>(message); }

// strerror and the GNU strerror_r (Boost.System's message() uses it): glibc's texts, from
// strerrordesc_np, without gettext or asprintf.
char* strerror_r(int error, char* buffer, std::size_t size) noexcept {
  const char* text = strerrordesc_np(error);
  return text != nullptr ? const_cast<char*>(text) : unknown_error(error, buffer, size);
}
char* __strerror_r(int error, char* buffer, std::size_t size) noexcept {
  return strerror_r(error, buffer, size);
}
char* strerror(int error) noexcept {
  static char buffer[32];  // only for an unknown number; the program has one thread
  return strerror_r(error, buffer, sizeof buffer);
}

// getopt's own messages: both option parsers set opterr = 0 and print their own lines, so this
// is never called with anything to say. Were it reached, the unformatted message still shows.
int __fxprintf_nocancel(FILE* /*stream*/, const char* format, ...) noexcept {
  write_text("lucid-init: (printf is not in this build) ");
  write_text(format);
  return -1;
}

unsigned int if_nametoindex(const char* name) noexcept {
  ifreq request{};
  if (strlen(name) >= sizeof request.ifr_name) return 0;
  strncpy(request.ifr_name, name, sizeof request.ifr_name - 1);
  if (interface_ioctl(SIOCGIFINDEX, request) < 0) return 0;
  return static_cast<unsigned int>(request.ifr_ifindex);
}

char* if_indextoname(unsigned int index, char* name) noexcept {
  ifreq request{};
  request.ifr_ifindex = static_cast<int>(index);
  if (interface_ioctl(SIOCGIFNAME, request) < 0) {
    if (errno == ENODEV) errno = ENXIO;  // glibc's errno for an unknown index
    return nullptr;
  }
  strncpy(name, request.ifr_name, IF_NAMESIZE - 1);
  name[IF_NAMESIZE - 1] = '\0';
  return name;
}

}  // extern "C"

// NOLINTEND(bugprone-reserved-identifier,cert-dcl37-c,cert-dcl51-cpp,cert-dcl50-cpp,readability-identifier-naming,readability-inconsistent-declaration-parameter-name)
