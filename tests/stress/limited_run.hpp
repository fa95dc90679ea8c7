#pragma once
// Runs a program with few descriptors allowed, as in a container started with `ulimit -n 16`. The
// harness's InitProcess cannot set limits, hence this small fork/exec of its own.
#include <string>
#include <vector>

namespace lucid_test {

struct LimitedExit {
  int code = -1;   // exit code, or -1 when killed
  int signal = 0;  // terminating signal, or 0
  std::string out;
  std::string err;
};

// Runs argv[0] with only stdin (/dev/null), stdout and stderr (pipes) open and RLIMIT_NOFILE =
// `limit`, so it can open limit - 3 more. Gives up (killing it) after 60 s.
LimitedExit run_with_fd_limit(const std::vector<std::string>& argv, int limit);

}  // namespace lucid_test
