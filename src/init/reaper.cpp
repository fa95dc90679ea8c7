#include "init/reaper.hpp"

#include <sys/prctl.h>
#include <sys/wait.h>

#include <cerrno>

#include "init/exit_status.hpp"
#include "init/log.hpp"

namespace lucid::init {

bool reap_exited(std::vector<Reaped>& reaped) {
  while (true) {
    int status = 0;
    const pid_t pid = waitpid(-1, &status, WNOHANG);
    if (pid > 0) {
      reaped.push_back({pid, status});
    } else if (pid == 0) {
      return true;
    } else if (errno != EINTR) {
      return false;  // ECHILD
    }
  }
}

std::optional<bool> stop_state_change(pid_t child) {
  std::optional<bool> latest;
  // One report per change: a few calls drain them; the bound keeps a misbehaving kernel from
  // spinning PID 1.
  for (int tries = 0; tries < 4; ++tries) {
    siginfo_t info{};
    if (waitid(P_PID, static_cast<id_t>(child), &info, WSTOPPED | WCONTINUED | WNOHANG) != 0) {
      if (errno == EINTR) continue;
      break;
    }
    if (info.si_pid == 0) break;
    latest = info.si_code != CLD_CONTINUED;
  }
  return latest;
}

void log_orphan_reaped(const Reaped& orphan) {
  // log()'s arguments are evaluated even with debug lines off: no string per orphan then.
  if (!log_enabled(LogLevel::kDebug)) return;
  log(LogLevel::kDebug, LogEvent("orphan_reaped"),
      {{"pid", orphan.pid},
       {"status", exited_status(orphan.status)},
       {"signal", killing_signal(orphan.status)}},
      "reaped orphan pid {}: {}", orphan.pid, describe_wait_status(orphan.status));
}

bool become_subreaper() { return prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) == 0; }

}  // namespace lucid::init
