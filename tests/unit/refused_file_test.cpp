#include "init/refused_file.hpp"

#include <gtest/gtest.h>

#include <cerrno>
#include <cstring>

namespace lucid::init {
namespace {

constexpr Machine kAarch64{183, true, false};
constexpr Machine kX86_64{62, true, false};

FileHead head_of(const std::string& bytes) {
  FileHead head;
  head.read = true;
  head.size = std::min(bytes.size(), head.bytes.size());
  std::memcpy(head.bytes.data(), bytes.data(), head.size);
  return head;
}

// The first 20 bytes of an ELF header: identification, e_type, e_machine.
std::string elf(unsigned char elf_class, unsigned char data, std::uint16_t type,
                std::uint16_t machine) {
  std::string header =
      "\x7f"
      "ELF";
  header += static_cast<char>(elf_class);
  header += static_cast<char>(data);
  header += std::string(10, '\1');  // version, ABI, padding: not looked at
  const auto put = [&](std::uint16_t v) {
    const char lo = static_cast<char>(v & 0xff);
    const char hi = static_cast<char>(v >> 8);
    header += data == 2 ? std::string{hi, lo} : std::string{lo, hi};
  };
  put(type);
  put(machine);
  return header + std::string(44, '\0');
}

std::string describe(const std::string& bytes, const Machine& running = kAarch64) {
  return describe_refused_file(head_of(bytes), running);
}

TEST(RefusedFile, ExecutableForAnotherMachineNamesBoth) {
  EXPECT_EQ(describe(elf(2, 1, 2, 62)), "an x86-64 executable; this machine runs aarch64");
  EXPECT_EQ(describe(elf(2, 1, 3, 183), kX86_64),
            "an aarch64 executable; this machine runs x86-64");
  EXPECT_EQ(describe(elf(1, 1, 2, 40)), "an arm executable; this machine runs aarch64");
  EXPECT_EQ(describe(elf(1, 1, 2, 3)), "an i386 executable; this machine runs aarch64");
  EXPECT_EQ(describe(elf(2, 1, 2, 243)), "a riscv64 executable; this machine runs aarch64");
  EXPECT_EQ(describe(elf(2, 2, 2, 22)), "an s390x executable; this machine runs aarch64");
  EXPECT_EQ(describe(elf(2, 1, 2, 21)), "a ppc64le executable; this machine runs aarch64");
  EXPECT_EQ(describe(elf(1, 2, 2, 8)), "a mips executable; this machine runs aarch64");
  EXPECT_EQ(describe(elf(2, 1, 2, 8)), "a mips64el executable; this machine runs aarch64");
  EXPECT_EQ(describe(elf(2, 1, 2, 50)), "an ia64 executable; this machine runs aarch64");
  EXPECT_EQ(describe(elf(2, 1, 2, 9999)),
            "an ELF machine 9999 executable; this machine runs aarch64");
}

TEST(RefusedFile, ByteOrderAndClassComeFromTheHeader) {
  EXPECT_EQ(describe(elf(2, 2, 2, 183)), "an aarch64_be executable; this machine runs aarch64");
  EXPECT_EQ(describe(elf(1, 1, 2, 62)), "an x32 executable; this machine runs aarch64");
}

TEST(RefusedFile, ElfThatIsNoProgram) {
  EXPECT_EQ(describe(elf(2, 1, 1, 62)), "an x86-64 object file, not linked into a program");
  EXPECT_EQ(describe(elf(2, 1, 4, 183)), "an aarch64 core dump");
  EXPECT_EQ(describe(elf(2, 1, 2, 183)),
            "an aarch64 executable whose header this kernel cannot load");
  EXPECT_EQ(describe("\x7f"
                     "ELF\x02\x01"),
            "a truncated ELF file");
}

TEST(RefusedFile, Scripts) {
  EXPECT_EQ(describe("echo hello\nexit 0\n"), "a script without a #! line");
  EXPECT_EQ(describe("\tset -e\r\nprint('héllo')\n"), "a script without a #! line");
  EXPECT_EQ(describe("#!\n"), "a script whose #! line names no interpreter");
}

TEST(RefusedFile, OtherFiles) {
  EXPECT_EQ(describe(""), "an empty file");
  EXPECT_EQ(describe(std::string("PK\x03\x04\0\0", 6)),
            "neither an ELF executable nor a #! script");
  EXPECT_EQ(describe_refused_file(FileHead{}, kAarch64), "") << "unreadable: nothing to add";
}

TEST(RefusedFile, ErrorTextAddsTheDescriptionToExecFormatErrorOnly) {
  const FileHead script = head_of("echo hi\n");
  EXPECT_EQ(exec_error_text(ENOEXEC, script), "Exec format error (a script without a #! line)");
  EXPECT_EQ(exec_error_text(ENOEXEC, FileHead{}), "Exec format error");
  EXPECT_EQ(exec_error_text(EACCES, script), "Permission denied");
}

TEST(RefusedFile, ThisMachineIsTheBuildsOwn) {
  const FileHead self = read_file_head("/proc/self/exe");
  ASSERT_TRUE(self.read);
  ASSERT_EQ(self.size, self.bytes.size());
  const Machine running = this_machine();
  EXPECT_EQ(self.bytes[18] | self.bytes[19] << 8, running.e_machine);
  EXPECT_EQ(self.bytes[4] == 2, running.is_64bit);
  EXPECT_EQ(read_file_head("/nonexistent/file").read, false);
}

}  // namespace
}  // namespace lucid::init
