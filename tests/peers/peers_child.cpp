// lucid_peers_child MODE DIR:
//   default-sleep DIR    every disposition back to the default and nothing blocked (a sanitizer
//                        runtime installs handlers of its own), then sleeps;
//   watch-group DIR      ignores every signal and reports what happens to its grandchild
//                        (peers_child_group.cpp);
//   setsid DIR           calls setsid() itself, then records the signals it gets;
//   setsid-escape DIR    the same, plus a grandchild that leaves for a session of its own
//                        (both in peers_child_session.cpp);
//   terminal DIR         job control on a terminal;
//   terminal-start DIR   whether it owns the terminal from its first instruction (both in
//                        peers_child_terminal.cpp).
#include "peers_child.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <ctime>

namespace lucid_peers_child {

void write_file(const std::string& path, const std::string& content) {
  const std::string tmp = path + ".tmp";
  const int fd = open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
  if (fd < 0 || write(fd, content.data(), content.size()) != static_cast<ssize_t>(content.size())) {
    std::_Exit(97);
  }
  close(fd);
  if (rename(tmp.c_str(), path.c_str()) != 0) std::_Exit(97);
}

void append_line(const std::string& path, const std::string& line) {
  const int fd = open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0666);
  const std::string text = line + "\n";
  if (fd < 0 || write(fd, text.data(), text.size()) != static_cast<ssize_t>(text.size())) {
    std::_Exit(97);
  }
  close(fd);
}

void sleep_ms(long milliseconds) {
  timespec left{milliseconds / 1000, (milliseconds % 1000) * 1000000L};
  while (nanosleep(&left, &left) != 0 && errno == EINTR) {
  }
}

void linger() {
  sleep_ms(kMaxLifetimeSeconds * 1000L);
  std::_Exit(kGaveUpCode);
}

int mode_default_sleep(const std::string& dir) {
  for (int signo = 1; signo < NSIG; ++signo) {
    if (signo != SIGKILL && signo != SIGSTOP) signal(signo, SIG_DFL);
  }
  sigset_t none;
  sigemptyset(&none);
  sigprocmask(SIG_SETMASK, &none, nullptr);
  write_file(dir + "/ready", ids() + "\n");
  linger();
}

std::string ids() {
  return "pid=" + std::to_string(getpid()) + " pgid=" + std::to_string(getpgrp()) +
         " sid=" + std::to_string(getsid(0));
}

}  // namespace lucid_peers_child

// Not under test: in the sanitized builds its leak check at exit stops the world with ptrace,
// which the SIGCONT lucid-init sends after a shutdown signal can leave hanging.
extern "C" const char* __asan_default_options() { return "detect_leaks=0"; }

int main(int argc, char** argv) {
  using namespace lucid_peers_child;
  const std::string mode = argc == 3 ? argv[1] : "";
  if (mode == "default-sleep") return mode_default_sleep(argv[2]);
  if (mode == "watch-group") return mode_watch_group(argv[2]);
  if (mode == "setsid") return mode_setsid(argv[2], false);
  if (mode == "setsid-escape") return mode_setsid(argv[2], true);
  if (mode == "terminal") return mode_terminal(argv[2]);
  if (mode == "terminal-start") return mode_terminal_start(argv[2]);
  std::fprintf(stderr,
               "usage: lucid_peers_child "
               "default-sleep|watch-group|setsid|setsid-escape|terminal|terminal-start DIR\n");
  return 96;
}
