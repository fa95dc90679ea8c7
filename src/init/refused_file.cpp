#include "init/refused_file.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <string_view>

namespace lucid::init {
namespace {

// ELF header fields (the System V gABI): identification bytes, then e_type and e_machine.
constexpr std::size_t kClass = 4;
constexpr std::size_t kData = 5;
constexpr std::size_t kType = 16;
constexpr std::size_t kMachine = 18;
constexpr unsigned char kClass64 = 2;
constexpr unsigned char kDataBigEndian = 2;
constexpr std::uint16_t kTypeRelocatable = 1;
constexpr std::uint16_t kTypeCore = 4;

// Short architecture names, the variants told apart where the header can (class, byte order);
// null for machines not listed.
const char* known_machine_name(const Machine& m) {
  const bool be = m.big_endian;
  const bool is64 = m.is_64bit;
  switch (m.e_machine) {
    case 2:
      return "sparc";
    case 3:
      return "i386";
    case 8:
      return is64 ? (be ? "mips64" : "mips64el") : (be ? "mips" : "mipsel");
    case 20:
      return "ppc";
    case 21:
      return be ? "ppc64" : "ppc64le";
    case 22:
      return is64 ? "s390x" : "s390";
    case 40:
      return be ? "armeb" : "arm";
    case 43:
      return "sparc64";
    case 50:
      return "ia64";
    case 62:
      return is64 ? "x86-64" : "x32";
    case 183:
      return be ? "aarch64_be" : "aarch64";
    case 243:
      return is64 ? "riscv64" : "riscv32";
    case 258:
      return "loongarch64";
    default:
      return nullptr;
  }
}

std::string machine_name(const Machine& m) {
  if (const char* name = known_machine_name(m)) return name;
  return "ELF machine " + std::to_string(m.e_machine);
}

// "an x86-64", "a riscv64", "an s390x": by how the name is read out.
const char* article(std::string_view name) {
  const bool vowel_sound = std::string_view("aeioux").find(name[0]) != std::string_view::npos ||
                           name.rfind("s390", 0) == 0 || name.rfind("ELF", 0) == 0;
  return vowel_sound ? "an" : "a";
}

std::uint16_t read_u16(const FileHead& head, std::size_t at, bool big_endian) {
  const unsigned first = head.bytes[at];
  const unsigned second = head.bytes[at + 1];
  return static_cast<std::uint16_t>(big_endian ? first << 8 | second : second << 8 | first);
}

std::string describe_elf(const FileHead& head, const Machine& running) {
  if (head.size < kMachine + 2) return "a truncated ELF file";
  const bool big_endian = head.bytes[kData] == kDataBigEndian;
  const std::string name = machine_name(
      {read_u16(head, kMachine, big_endian), head.bytes[kClass] == kClass64, big_endian});
  switch (read_u16(head, kType, big_endian)) {
    case kTypeRelocatable:
      return fmt::format("{} {} object file, not linked into a program", article(name), name);
    case kTypeCore:
      return fmt::format("{} {} core dump", article(name), name);
    default:
      break;
  }
  const std::string running_name = machine_name(running);
  if (name == running_name) {
    return fmt::format("{} {} executable whose header this kernel cannot load", article(name),
                       name);
  }
  return fmt::format("{} {} executable; this machine runs {}", article(name), name, running_name);
}

// No NUL and no control character other than whitespace: text, so meant as a script.
bool looks_like_text(const FileHead& head) {
  return std::all_of(head.bytes.begin(),
                     head.bytes.begin() + static_cast<std::ptrdiff_t>(head.size),
                     [](unsigned char c) { return c >= 0x20 || (c >= '\b' && c <= '\r'); });
}

}  // namespace

FileHead read_file_head(const char* path) {
  FileHead head;
  const int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) return head;
  ssize_t n = 0;
  while (head.size < head.bytes.size()) {
    n = read(fd, head.bytes.data() + head.size, head.bytes.size() - head.size);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    head.size += static_cast<std::size_t>(n);
  }
  head.read = n >= 0 || head.size > 0;
  close(fd);
  return head;
}

Machine this_machine() {
#if defined(__x86_64__)
  constexpr std::uint16_t machine = 62;
#elif defined(__i386__)
  constexpr std::uint16_t machine = 3;
#elif defined(__aarch64__)
  constexpr std::uint16_t machine = 183;
#elif defined(__arm__)
  constexpr std::uint16_t machine = 40;
#elif defined(__riscv)
  constexpr std::uint16_t machine = 243;
#else
  constexpr std::uint16_t machine = 0;  // EM_NONE: named "machine 0" in the line
#endif
  return {machine, sizeof(void*) == 8, __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__};
}

std::string describe_refused_file(const FileHead& head, const Machine& running) {
  if (!head.read) return "";
  if (head.size == 0) return "an empty file";
  const auto starts_with = [&head](std::string_view magic) {
    return head.size >= magic.size() &&
           std::equal(magic.begin(), magic.end(), head.bytes.begin(),
                      [](char a, unsigned char b) { return static_cast<unsigned char>(a) == b; });
  };
  if (starts_with("\177ELF")) return describe_elf(head, running);
  if (starts_with("#!")) return "a script whose #! line names no interpreter";
  if (looks_like_text(head)) return "a script without a #! line";
  return "neither an ELF executable nor a #! script";
}

std::string exec_error_text(int error, const FileHead& head) {
  std::string text = std::strerror(error);
  if (error != ENOEXEC) return text;
  const std::string what = describe_refused_file(head, this_machine());
  return what.empty() ? text : text + " (" + what + ")";
}

}  // namespace lucid::init
