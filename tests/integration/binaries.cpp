// The binaries under test, and what the platform running them allows.
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <cstdlib>
#include <filesystem>

#include "init_process.hpp"

namespace lucid_test {
namespace {

std::string from_env(const char* name, const char* built) {
  const char* value = std::getenv(name);
  return value != nullptr ? value : built;
}

// Whether any user (uid 65532 in particular) can reach, read and execute the file. Under qemu
// the emulator opens the binary itself, so reading is needed as well as executing.
bool world_runnable(const std::string& path) {
  struct stat st {};
  if (stat(path.c_str(), &st) != 0 || (st.st_mode & S_IROTH) == 0 || (st.st_mode & S_IXOTH) == 0) {
    return false;
  }
  for (auto slash = path.rfind('/'); slash != std::string::npos && slash > 0;
       slash = path.rfind('/', slash - 1)) {
    if (stat(path.substr(0, slash).c_str(), &st) != 0 || (st.st_mode & S_IXOTH) == 0) return false;
  }
  return true;
}

// The directory the copies go to, removed when the test program ends. Never destroyed itself:
// the exit handler that removes the directory runs after static destructors.
const std::string& copies_directory() {
  static const std::string* const dir = [] {
    char pattern[] = "/tmp/lucid-it-bin-XXXXXX";
    if (mkdtemp(pattern) == nullptr) std::abort();
    chmod(pattern, 0755);
    std::atexit([] {
      std::error_code ignored;
      std::filesystem::remove_all(copies_directory(), ignored);
    });
    return new std::string(pattern);
  }();
  return *dir;
}

// A build tree in a private directory (under /root, say) is out of uid 65532's reach: the
// binary is then copied to a directory everyone can read.
std::string runnable_by_anyone(const std::string& path) {
  if (world_runnable(path)) return path;
  const std::string copy = copies_directory() + "/" + path.substr(path.rfind('/') + 1);
  std::filesystem::copy_file(path, copy, std::filesystem::copy_options::overwrite_existing);
  chmod(copy.c_str(), 0755);
  return copy;
}

}  // namespace

bool subreaper_available(Mode mode) {
  // Asked once, of the helper: it runs on the same (possibly emulated) platform as lucid-init.
  static const bool available = [] {
    const pid_t pid = fork();
    if (pid == 0) {
      execl(child_binary().c_str(), child_binary().c_str(), "can-subreap", nullptr);
      _exit(127);
    }
    int status = 0;
    waitpid(pid, &status, 0);
    return WIFEXITED(status) && WEXITSTATUS(status) == 0;
  }();
  return mode != Mode::kSubreaper || available;
}

bool signal_unreliable_here(int signo) {
#ifdef LUCID_TEST_EMULATED
  return signo == SIGSEGV || signo == SIGBUS || signo == SIGILL || signo == SIGFPE ||
         signo >= SIGRTMAX - 1;
#else
  (void)signo;
  return false;
#endif
}

const std::string& init_binary() {
  static const std::string path =
      runnable_by_anyone(from_env("LUCID_INIT_BIN", LUCID_INIT_BIN_PATH));
  return path;
}

const std::string& child_binary() {
  static const std::string path =
      runnable_by_anyone(from_env("LUCID_TEST_CHILD_BIN", LUCID_TEST_CHILD_PATH));
  return path;
}

}  // namespace lucid_test
