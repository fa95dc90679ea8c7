// `setsid DIR` and `setsid-escape DIR`: children that call setsid() themselves, as daemons and
// some servers do. The child tries setsid() and writes the outcome ("ok" or the error) and its
// ids to DIR/ready; then it records every signal it gets in DIR/signals and exits 0 on SIGTERM.
// With `escape`, a grandchild first leaves for a session (and process group) of its own, the
// way a double-forking daemon does, and records its signals in DIR/gc-signals the same way: only
// the init's handling of leftovers can reach it.
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstring>

#include "peers_child.hpp"

namespace lucid_peers_child {
namespace {

// Blocking everything turns every signal, stop and fatal ones included, into a queued event.
int record_signals_until_sigterm(const std::string& log) {
  sigset_t all;
  sigfillset(&all);
  const timespec tick{1, 0};
  for (int waited = 0; waited < kMaxLifetimeSeconds;) {
    const int signo = sigtimedwait(&all, nullptr, &tick);
    if (signo < 0) {
      ++waited;
      continue;
    }
    append_line(log, std::to_string(signo));
    if (signo == SIGTERM) return 0;
  }
  return kGaveUpCode;
}

std::string try_setsid() { return setsid() < 0 ? std::strerror(errno) : "ok"; }

}  // namespace

int mode_setsid(const std::string& dir, bool escape) {
  sigset_t all;
  sigfillset(&all);
  sigprocmask(SIG_BLOCK, &all, nullptr);  // inherited by the grandchild: nothing slips through
  if (escape) {
    const pid_t gc = fork();
    if (gc < 0) return 97;
    if (gc == 0) {
      const std::string outcome = try_setsid();
      write_file(dir + "/gc-ready", "setsid=" + outcome + " " + ids() + "\n");
      std::_Exit(record_signals_until_sigterm(dir + "/gc-signals"));
    }
    for (int i = 0; i < kMaxLifetimeSeconds * 1000 && access((dir + "/gc-ready").c_str(), F_OK);
         ++i) {
      sleep_ms(1);
    }
  }
  const std::string outcome = try_setsid();
  write_file(dir + "/ready", "setsid=" + outcome + " " + ids() + "\n");
  return record_signals_until_sigterm(dir + "/signals");
}

}  // namespace lucid_peers_child
