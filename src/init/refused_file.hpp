#pragma once
// What a file the kernel would not execute (ENOEXEC) is, told from its first bytes for the error
// line: an executable for another machine (the commonest mistake with arm64 images), a script
// without a #! line, ...
#include <array>
#include <cstddef>
#include <cstdint>
#include <string>

namespace lucid::init {

struct FileHead {
  bool read = false;     // false: the file could not be opened or read
  std::size_t size = 0;  // bytes read, up to a whole 64-bit ELF header
  std::array<unsigned char, 64> bytes{};
};

// Async-signal-safe (open, read, close): runs in the child after a failed exec.
FileHead read_file_head(const char* path);

// An ELF file's target as its header states it.
struct Machine {
  std::uint16_t e_machine;
  bool is_64bit;
  bool big_endian;
};
// The machine this binary was built for and so runs on.
Machine this_machine();

// E.g. "an x86-64 executable; this machine runs aarch64" or "a script without a #! line"; empty
// when the bytes say nothing more than "Exec format error" does.
std::string describe_refused_file(const FileHead& head, const Machine& running);

// The reason in "cannot execute 'PROGRAM': REASON": strerror(error), and for ENOEXEC what the
// file is, e.g. "Exec format error (a script without a #! line)".
std::string exec_error_text(int error, const FileHead& head);

}  // namespace lucid::init
