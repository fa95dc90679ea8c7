#include "init/reaper.hpp"

#include <sys/prctl.h>
#include <sys/wait.h>

#include <cerrno>

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

bool become_subreaper() { return prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) == 0; }

}  // namespace lucid::init
