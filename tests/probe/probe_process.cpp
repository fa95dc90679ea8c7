#include "probe_process.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <fstream>
#include <stdexcept>
#include <thread>

#include "output_capture.hpp"

namespace lucid::probe::test {
namespace {

constexpr int kServiceUid = 65532;
// Far beyond any deadline a test gives the probe: only a hung probe is killed.
constexpr std::chrono::seconds kHangLimit{30};

std::vector<char*> pointers(std::vector<std::string>& strings) {
  std::vector<char*> out;
  for (auto& s : strings) out.push_back(s.data());
  out.push_back(nullptr);
  return out;
}

}  // namespace

std::string service_user_unavailable() {
  if (geteuid() != 0) return "needs root to switch to uid 65532";
  if (std::string(LUCID_SETPRIV).empty()) return "setpriv (util-linux) is not installed";
  return {};
}

ProbeProcess::ProbeProcess(const std::vector<std::string>& args, RunAs run_as,
                           const std::vector<std::string>& env) {
  std::vector<std::string> argv;
  if (run_as == RunAs::kServiceUser) {
    const std::string id = std::to_string(kServiceUid);
    argv = {LUCID_SETPRIV, "--reuid", id, "--regid", id, "--clear-groups", "--"};
  }
  argv.push_back(LUCID_INIT_BINARY);
  argv.push_back("probe");
  argv.insert(argv.end(), args.begin(), args.end());
  std::vector<std::string> envp_strings = env;
  // Everything the child needs is built before fork: the test process has threads.
  const auto argv_ptrs = pointers(argv);
  const auto envp_ptrs = pointers(envp_strings);

  int out[2];
  int err[2];
  if (pipe2(out, O_CLOEXEC) != 0 || pipe2(err, O_CLOEXEC) != 0) {
    throw std::runtime_error("pipe2 failed");
  }
  started_ = std::chrono::steady_clock::now();
  pid_ = fork();
  if (pid_ < 0) throw std::runtime_error("fork failed");
  if (pid_ == 0) {
    dup2(out[1], STDOUT_FILENO);
    dup2(err[1], STDERR_FILENO);
    execve(argv_ptrs[0], argv_ptrs.data(), envp_ptrs.data());
    _exit(127);
  }
  close(out[1]);
  close(err[1]);
  out_fd_ = out[0];
  err_fd_ = err[0];
}

void ProbeProcess::await_retry_pause() const {
  const std::string wchan = "/proc/" + std::to_string(pid_) + "/wchan";
  const auto deadline = std::chrono::steady_clock::now() + kHangLimit;
  while (std::chrono::steady_clock::now() < deadline) {
    std::ifstream in(wchan);
    std::string channel;
    std::getline(in, channel);
    if (channel.find("nanosleep") != std::string::npos) return;
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  throw std::runtime_error("the probe never paused between tries (" + wchan + ")");
}

ProbeProcess::~ProbeProcess() {
  if (pid_ > 0) finish();
}

ProbeRun ProbeProcess::finish() {
  ProbeRun run;
  if (!lucid_test::capture_output(out_fd_, err_fd_, run.out, run.err, started_ + kHangLimit)) {
    kill(pid_, SIGKILL);
  }
  int status = 0;
  while (waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
  }
  run.wall = std::chrono::duration_cast<std::chrono::milliseconds>(
      std::chrono::steady_clock::now() - started_);
  run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  pid_ = -1;
  return run;
}

ProbeRun run_probe(const std::vector<std::string>& args, RunAs run_as,
                   const std::vector<std::string>& env) {
  return ProbeProcess(args, run_as, env).finish();
}

}  // namespace lucid::probe::test
