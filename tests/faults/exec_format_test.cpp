// A file the kernel refuses to run (execve: ENOEXEC): an executable for another machine, the
// commonest mistake with arm64 images, or a script without a #! line. lucid-init must answer 126
// and say what the file is, and never hand the file to /bin/sh the way execvp does: in a
// distroless root there is no shell, and execvp's fallback turned the answer into "No such file
// or directory", 127; where there is a shell, it read the binary as a script (exit 2, which is
// lucid-init's own usage-error status) or ran the script.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <cstdint>
#include <tuple>

#include "init_process.hpp"

namespace lucid_test {
namespace {

#if defined(__aarch64__)
constexpr const char* kThisMachine = "aarch64";
#elif defined(__x86_64__)
constexpr const char* kThisMachine = "x86-64";
#else
#error "add this machine's name as lucid-init describes it"
#endif

// IA-64: an ELF machine neither native nor one qemu-user can emulate, so no binfmt_misc entry
// (the aarch64 tests run through one) can take the file and run it after all.
constexpr std::uint16_t kForeignMachine = 50;
constexpr const char* kForeignName = "ia64";

enum class Root {
  kEmpty,  // a root holding only lucid-init and the bad file: no /bin/sh (distroless)
  kHost,   // the host's root, where /bin/sh is a shell
};
enum class Start { kSupervised, kExec };
enum class Lookup { kByPath, kOnPath };

struct BadFile {
  std::string name;
  std::string content;
  std::string why;  // what lucid-init must say about it
};

// The test child with its ELF header's e_machine (offset 18, little-endian on both builds)
// changed to another architecture's.
BadFile foreign_executable() {
  std::string elf = read_file(child_binary());
  elf[18] = static_cast<char>(kForeignMachine & 0xff);
  elf[19] = static_cast<char>(kForeignMachine >> 8);
  return {"server", elf,
          std::string("Exec format error (an ") + kForeignName + " executable; this machine runs " +
              kThisMachine + ")"};
}

BadFile script_without_shebang() {
  return {"start", "echo started by a shell\nexit 0\n",
          "Exec format error (a script without a #! line)"};
}

using Param = std::tuple<Mode, Root>;

class ExecFormat : public ::testing::TestWithParam<Param> {
 protected:
  void SetUp() override {
    if (empty_root() && needs_loader(init_binary())) {
      GTEST_SKIP() << "this lucid-init is dynamically linked: it cannot run in an empty root";
    }
  }

  Mode mode() const { return std::get<0>(GetParam()); }
  bool empty_root() const { return std::get<1>(GetParam()) == Root::kEmpty; }

  // Puts the file in place and runs lucid-init on it; returns what lucid-init did.
  Exit run(const BadFile& file, Start how, Lookup lookup) {
    TempDir dir;
    std::string where = dir.path();  // the file's directory as lucid-init sees it
    Launch launch(mode(), {});
    if (empty_root()) {
      write_file(dir / "lucid-init", read_file(init_binary()), 0755);
      mkdir((dir / "proc").c_str(), 0555);  // unshare --mount-proc mounts /proc there
      launch.root = dir.path();
      where = "";
    }
    write_file(dir / file.name, file.content, 0755);
    program_ = lookup == Lookup::kByPath ? where + "/" + file.name : file.name;
    if (how == Start::kExec) launch.args.emplace_back("--exec");
    launch.args.push_back(program_);
    launch.env = {{"PATH", where.empty() ? "/" : where}};
    return run_init(launch);
  }

  void expect_refused(const BadFile& file) {
    for (const Start how : {Start::kSupervised, Start::kExec}) {
      for (const Lookup lookup : {Lookup::kByPath, Lookup::kOnPath}) {
        const Exit exit = run(file, how, lookup);
        const std::string context = std::string(how == Start::kExec ? "--exec " : "") + program_;
        EXPECT_EQ(exit.code, 126) << context << "\n" << exit.err;
        const auto errors = exit.err_lines_starting("lucid-init: error: cannot execute '");
        ASSERT_EQ(errors.size(), 1u) << context << "\n" << exit.err;
        EXPECT_EQ(errors[0], "lucid-init: error: cannot execute '" + program_ + "': " + file.why)
            << context;
        EXPECT_EQ(exit.out, "") << context << ": the file was run by something";
      }
    }
  }

 private:
  std::string program_;
};

TEST_P(ExecFormat, ExecutableForAnotherMachineGives126AndNamesBothMachines) {
  expect_refused(foreign_executable());
}

TEST_P(ExecFormat, ScriptWithoutShebangGives126AndIsNotRunByAShell) {
  expect_refused(script_without_shebang());
}

INSTANTIATE_TEST_SUITE_P(Modes, ExecFormat,
                         ::testing::Combine(::testing::ValuesIn(kAllModes),
                                            ::testing::Values(Root::kEmpty, Root::kHost)),
                         [](const ::testing::TestParamInfo<Param>& param) {
                           return mode_name(std::get<0>(param.param)) +
                                  (std::get<1>(param.param) == Root::kEmpty ? "EmptyRoot"
                                                                            : "HostRoot");
                         });

}  // namespace
}  // namespace lucid_test
