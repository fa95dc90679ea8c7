// Job control on lucid-init's terminal.
//
// `terminal DIR`: waits (bounded) until its process group owns the terminal and writes DIR/ready
// ("fg=1 at-start=0|1 ctty=0|1": whether it owned it from its first instruction, and whether the
// terminal is its session's controlling terminal at all), reads one line from the terminal into
// DIR/line (only the foreground group may read: a background reader is stopped by SIGTTIN), then
// waits with the default dispositions, so Ctrl-Z stops it and Ctrl-C or Ctrl-backslash end it.
// Each SIGCONT it gets is appended to DIR/continued.
//
// `terminal-start DIR`: only writes DIR/ready the same way and exits 0.
#include <termios.h>
#include <unistd.h>

#include <csignal>

#include "peers_child.hpp"

namespace lucid_peers_child {
namespace {

volatile sig_atomic_t continued = 0;

void on_sigcont(int /*signo*/) { continued = 1; }

bool owns_terminal() { return isatty(STDIN_FILENO) == 1 && tcgetpgrp(STDIN_FILENO) == getpgrp(); }

void report_ownership(const std::string& dir) {
  const bool at_start = owns_terminal();
  for (int i = 0; i < 10000 && !owns_terminal(); ++i) sleep_ms(1);
  // ctty=0: the terminal is not this session's controlling terminal (the child was moved to a
  // session of its own), so job control on it cannot work at all.
  const bool ctty = isatty(STDIN_FILENO) == 1 && tcgetsid(STDIN_FILENO) == getsid(0);
  write_file(dir + "/ready", std::string("fg=") + (owns_terminal() ? "1" : "0") +
                                 " at-start=" + (at_start ? "1" : "0") +
                                 " ctty=" + (ctty ? "1 " : "0 ") + ids() + "\n");
}

std::string read_line(int fd) {
  std::string line;
  char c = 0;
  while (read(fd, &c, 1) == 1 && c != '\n') line += c;
  return line;
}

}  // namespace

int mode_terminal_start(const std::string& dir) {
  report_ownership(dir);
  return 0;
}

int mode_terminal(const std::string& dir) {
  struct sigaction action {};
  action.sa_handler = on_sigcont;
  sigemptyset(&action.sa_mask);
  action.sa_flags = SA_RESTART;
  sigaction(SIGCONT, &action, nullptr);

  report_ownership(dir);
  write_file(dir + "/line", read_line(STDIN_FILENO) + "\n");
  for (int tick = 0; tick < kMaxLifetimeSeconds * 100; ++tick) {
    sleep_ms(10);
    if (continued != 0) {
      continued = 0;
      append_line(dir + "/continued", "SIGCONT");
    }
  }
  return kGaveUpCode;
}

}  // namespace lucid_peers_child
