// lucid_test_child MODE [ARGS...]: simple modes and the dispatcher. See test_child.hpp.
#include "test_child.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <string>

extern char** environ;

namespace lucid_test_child {

void write_file(const std::string& path, const std::string& content) {
  const std::string tmp = path + ".tmp";
  const int fd = open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
  if (fd < 0) {
    std::perror(tmp.c_str());
    std::exit(97);
  }
  if (write(fd, content.data(), content.size()) != static_cast<ssize_t>(content.size())) {
    std::exit(97);
  }
  close(fd);
  if (rename(tmp.c_str(), path.c_str()) != 0) std::exit(97);
}

void append_line(const std::string& path, const std::string& line) {
  const int fd = open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0666);
  if (fd < 0) std::exit(97);
  const std::string text = line + "\n";
  if (write(fd, text.data(), text.size()) != static_cast<ssize_t>(text.size())) std::exit(97);
  close(fd);
}

bool file_exists(const std::string& path) { return access(path.c_str(), F_OK) == 0; }

bool wait_for_signal(int signo) {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, signo);
  const timespec tick{1, 0};
  for (int waited = 0; waited < kMaxLifetimeSeconds; ++waited) {
    if (sigtimedwait(&set, nullptr, &tick) == signo) return true;
  }
  return false;
}

void sleep_ms(long milliseconds) {
  timespec left{milliseconds / 1000, (milliseconds % 1000) * 1000000};
  while (nanosleep(&left, &left) != 0 && errno == EINTR) {
  }
}

std::string describe_self() {
  const bool fg = isatty(STDIN_FILENO) == 1 && tcgetpgrp(STDIN_FILENO) == getpgrp();
  return "pid=" + std::to_string(getpid()) + " pgid=" + std::to_string(getpgrp()) +
         " fg=" + (fg ? "1" : "0") + "\n";
}

namespace {

// Sleeps out the bounded lifetime: reaching the end means the expected signal never came.
[[noreturn]] void linger() {
  sleep_ms(kMaxLifetimeSeconds * 1000L);
  std::_Exit(kGaveUpCode);
}

// A process pretending to be lucid-init to the bare probe (issue 18): named lucid-init and
// non-dumpable, so not even its own uid can see its executable.
int mode_impersonate() {
  if (prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) != 0 || prctl(PR_SET_NAME, "lucid-init", 0, 0, 0) != 0) {
    return 93;
  }
  linger();
}

// Comma-separated signal numbers 1..64 for which `member` holds.
template <typename Pred>
std::string signal_list(Pred member) {
  std::string out;
  for (int sig = 1; sig <= 64; ++sig) {
    if (!member(sig)) continue;
    if (!out.empty()) out += ',';
    out += std::to_string(sig);
  }
  return out;
}

// Prints the blocked and the ignored signals, read through the signal API rather than
// /proc/self/status: under qemu-user /proc shows the emulator's host mask, not ours.
int mode_sigstate() {
  sigset_t blocked;
  sigprocmask(SIG_BLOCK, nullptr, &blocked);
  std::printf("blocked=%s\n",
              signal_list([&](int s) { return sigismember(&blocked, s) == 1; }).c_str());
  std::printf("ignored=%s\n", signal_list([](int s) {
                                struct sigaction action {};
                                return sigaction(s, nullptr, &action) == 0 &&
                                       action.sa_handler == SIG_IGN;
                              }).c_str());
  return 0;
}

// Lists the open descriptors with what they point to, leaving out the one opendir uses.
int mode_fds() {
  DIR* dir = opendir("/proc/self/fd");
  if (dir == nullptr) return 97;
  const int own = dirfd(dir);
  while (const dirent* entry = readdir(dir)) {
    if (entry->d_name[0] == '.') continue;
    const int fd = std::atoi(entry->d_name);
    if (fd == own) continue;
    char target[4096] = {};
    const std::string link = std::string("/proc/self/fd/") + entry->d_name;
    const ssize_t n = readlink(link.c_str(), target, sizeof target - 1);
    std::printf("fd=%d %s\n", fd, n > 0 ? target : "?");
  }
  closedir(dir);
  return 0;
}

int mode_info(int argc, char** argv) {
  char cwd[4096] = {};
  if (getcwd(cwd, sizeof cwd) == nullptr) std::strcpy(cwd, "?");
  std::printf("pid=%d\nppid=%d\npgid=%d\nsid=%d\ncwd=%s\n", getpid(), getppid(), getpgrp(),
              getsid(0), cwd);
  for (int i = 2; i < argc; ++i) std::printf("arg=%s\n", argv[i]);
  for (char** env = environ; *env != nullptr; ++env) std::printf("env=%s\n", *env);
  return 0;
}

// Dies of the given signal with its default action (no core file: it would only slow us down).
int mode_raise(int sig) {
  const rlimit no_core{0, 0};
  setrlimit(RLIMIT_CORE, &no_core);
  signal(sig, SIG_DFL);
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, sig);
  sigprocmask(SIG_UNBLOCK, &set, nullptr);
  raise(sig);
  return 98;
}

// Ignores SIGTERM the way a careless service does, so only SIGKILL ends it.
int mode_ignore_term(const std::string& dir) {
  signal(SIGTERM, SIG_IGN);
  write_file(dir + "/ready", describe_self());
  linger();
}

// A service that does what the Lucid rules ask: listens on 0.0.0.0 and the port in the variable
// `port_var` (as exported by lucid-init), then says so in dir/ready and waits.
int mode_listen(const char* port_var, const std::string& dir) {
  const char* port = std::getenv(port_var);
  if (port == nullptr) return 95;
  const int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  const int on = 1;
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<std::uint16_t>(std::atoi(port)));
  addr.sin_addr.s_addr = htonl(INADDR_ANY);
  if (fd < 0 || setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on) != 0 ||
      bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 || listen(fd, 16) != 0) {
    std::perror("listen");
    return 95;
  }
  write_file(dir + "/ready", std::string(port) + "\n");
  linger();
}

int usage() {
  std::fprintf(stderr,
               "usage: lucid_test_child exit N | raise SIG | sleep | touch PATH | info [ARG...]\n"
               "  | sigstate | fds | ignore-term DIR | record DIR STOPSIG [die]\n"
               "  | family DIR cleanup|record:SIG|sleep|reparent exit:N|sleep|ignore-usr1\n"
               "  | orphans COUNT | can-subreap | listen PORT_VAR DIR | setuid-root DIR\n"
               "  | spawn-and-wait PROG... | no-proc PROG... | reuse-pid DIR | stoppable DIR\n"
               "  | leftover DIR MS EXIT | impersonate\n"
               "  fsize-unlimited MODE ...: the same with RLIMIT_FSIZE's soft limit raised\n");
  return 96;
}

}  // namespace
}  // namespace lucid_test_child

// The test child is not under test: in the sanitized builds its leak check at exit stops the world
// with ptrace (which the SIGCONT lucid-init sends after a shutdown signal can leave hanging) and
// needs /proc, which some faults tests take away on purpose.
extern "C" const char* __asan_default_options() { return "detect_leaks=0"; }

int main(int argc, char** argv) {
  using namespace lucid_test_child;
  if (argc < 2) return usage();
  if (std::string(argv[1]) == "fsize-unlimited") {
    // A prefix for the faults tests: lucid-init runs under RLIMIT_FSIZE 0, its child must not.
    rlimit limit{};
    getrlimit(RLIMIT_FSIZE, &limit);
    limit.rlim_cur = limit.rlim_max;
    setrlimit(RLIMIT_FSIZE, &limit);
    ++argv;
    if (--argc < 2) return usage();
  }
  const std::string mode = argv[1];
  if (mode == "exit" && argc == 3) return std::atoi(argv[2]);
  if (mode == "raise" && argc == 3) return mode_raise(std::atoi(argv[2]));
  if (mode == "sleep") lucid_test_child::linger();  // not ::linger of <sys/socket.h>
  if (mode == "touch" && argc == 3) {
    write_file(argv[2], "started\n");
    return 0;
  }
  if (mode == "info") return mode_info(argc, argv);
  if (mode == "sigstate") return mode_sigstate();
  if (mode == "fds") return mode_fds();
  // Whether this platform lets a process become a child subreaper (qemu-user 7.2 does not).
  if (mode == "can-subreap") return prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) == 0 ? 0 : 1;
  if (mode == "ignore-term" && argc == 3) return mode_ignore_term(argv[2]);
  if (mode == "record") return mode_record(argc, argv);
  if (mode == "family") return mode_family(argc, argv);
  if (mode == "orphans") return mode_orphans(argc, argv);
  if (mode == "listen" && argc == 4) return mode_listen(argv[2], argv[3]);
  if (mode == "setuid-root" && argc == 3) return mode_setuid_root(argv[2]);
  if (mode == "spawn-and-wait" && argc >= 3) return mode_spawn_and_wait(argv + 2);
  if (mode == "no-proc" && argc >= 3) return mode_no_proc(argv + 2);
  if (mode == "reuse-pid" && argc == 3) return mode_reuse_pid(argv[2]);
  if (mode == "stoppable") return mode_stoppable(argc, argv);
  if (mode == "leftover") return mode_leftover(argc, argv);
  if (mode == "impersonate") return mode_impersonate();
  return usage();
}
