#pragma once
// Runs the built `lucid-init probe` as Docker would: a fresh process with only the environment it
// is given, as root or as the images' user 65532, its stdout and stderr captured.
#include <sys/types.h>

#include <chrono>
#include <string>
#include <vector>

namespace lucid::probe::test {

enum class RunAs { kRoot, kServiceUser };

struct ProbeRun {
  int exit_code = -1;  // -1: killed by a signal
  std::string out;
  std::string err;
  std::chrono::milliseconds wall{};  // fork to exit, as Docker's timer would see it
};

// A probe running in the background, for tests that change the world while it waits.
class ProbeProcess {
 public:
  ProbeProcess(const std::vector<std::string>& args, RunAs run_as,
               const std::vector<std::string>& env);
  ProbeProcess(const ProbeProcess&) = delete;
  ProbeProcess& operator=(const ProbeProcess&) = delete;
  ~ProbeProcess();

  // Collects the output and the exit status; kills the probe if it outlives any sane deadline.
  ProbeRun finish();

  // Returns once the probe sleeps between two tries (the kernel's wait channel is a nanosleep):
  // its first try is over then, however slowly it came up (ASan, qemu, a loaded host). Throws
  // after 30 s.
  void await_retry_pause() const;

 private:
  pid_t pid_ = -1;
  int out_fd_ = -1;
  int err_fd_ = -1;
  std::chrono::steady_clock::time_point started_;
};

// args follow "probe"; env is the whole environment, e.g. {"API_PORT=8000"}.
ProbeRun run_probe(const std::vector<std::string>& args, RunAs run_as = RunAs::kRoot,
                   const std::vector<std::string>& env = {});

// Why a user switch cannot be done here, or empty when it can (root, and setpriv exists).
std::string service_user_unavailable();

}  // namespace lucid::probe::test
