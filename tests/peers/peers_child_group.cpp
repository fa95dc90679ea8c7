// `watch-group DIR`: tini's and dumb-init's process-group scenario, for any signal. The child
// ignores every signal it can (a signal sent to it alone has no effect), while its grandchild, in
// the same process group, keeps the default dispositions. The child waits for the grandchild with
// WUNTRACED | WCONTINUED and appends every change to DIR/grandchild ("killed N", "stopped N",
// "continued", "exited N"), and exits 0 once the grandchild is gone. So whatever the init sends
// to the group shows up in that file, and the init's own exit status stays 0.
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>

#include "peers_child.hpp"

namespace lucid_peers_child {
namespace {

// SIGCHLD keeps its default: ignoring it would make the kernel reap the grandchild for us.
bool may_ignore(int signo) { return signo != SIGKILL && signo != SIGSTOP && signo != SIGCHLD; }

// Closing `ready` (its only write end) tells the child the defaults are back in place: a signal
// sent before that would still be ignored.
[[noreturn]] void grandchild(int ready) {
  for (int signo = 1; signo < NSIG; ++signo) {
    if (may_ignore(signo)) signal(signo, SIG_DFL);
  }
  close(ready);
  linger();
}

std::string describe(int status) {
  if (WIFSIGNALED(status)) return "killed " + std::to_string(WTERMSIG(status));
  if (WIFSTOPPED(status)) return "stopped " + std::to_string(WSTOPSIG(status));
  if (WIFCONTINUED(status)) return "continued";
  return "exited " + std::to_string(WEXITSTATUS(status));
}

}  // namespace

int mode_watch_group(const std::string& dir) {
  // Before the fork, so there is no moment in which a signal could still end the child.
  for (int signo = 1; signo < NSIG; ++signo) {
    if (may_ignore(signo)) signal(signo, SIG_IGN);
  }
  int ready[2];
  if (pipe(ready) != 0) return 97;
  const pid_t gc = fork();
  if (gc < 0) return 97;
  if (gc == 0) {
    close(ready[0]);
    grandchild(ready[1]);
  }
  close(ready[1]);
  char byte = 0;
  while (read(ready[0], &byte, 1) > 0 || errno == EINTR) {
  }
  close(ready[0]);
  write_file(dir + "/ready", ids() + " gc=" + std::to_string(gc) + "\n");
  for (;;) {
    int status = 0;
    if (waitpid(gc, &status, WUNTRACED | WCONTINUED) < 0) {
      if (errno == EINTR) continue;
      return 97;
    }
    append_line(dir + "/grandchild", describe(status));
    if (WIFEXITED(status) || WIFSIGNALED(status)) return 0;
  }
}

}  // namespace lucid_peers_child
