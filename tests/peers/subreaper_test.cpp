// Subreaper mode when lucid-init is not PID 1 (tini's -s and its warning), beyond the
// integration suite's Adoption and Subreaper tests:
// - under another init, as with `docker run --init`, orphans come back to lucid-init (the nearest
//   subreaper), not to PID 1, and a grandchild's cleanup still gets its time;
// - when the kernel refuses PR_SET_CHILD_SUBREAPER, lucid-init warns and supervises anyway. The
//   kernel grants the call to anyone; a seccomp filter, as in a restrictive container profile,
//   is the real way it fails (deny_subreaper.py). Under qemu-user the emulator refuses it itself.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <poll.h>
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>

#include "init_process.hpp"
#include "peers_support.hpp"

namespace lucid_test {
namespace {

struct Finished {
  pid_t pid = -1;  // lucid-init's pid (deny_subreaper.py execs it in place)
  int code = -1;
  std::string err;
};

// Runs lucid-init through deny_subreaper.py with stderr captured; its stdout goes to /dev/null.
Finished run_denied(const std::vector<std::string>& args) {
  std::vector<std::string> argv = {LUCID_PEERS_PYTHON, LUCID_DENY_SUBREAPER_SCRIPT, "deny",
                                   init_binary()};
  argv.insert(argv.end(), args.begin(), args.end());
  std::vector<char*> pointers;
  for (auto& arg : argv) pointers.push_back(arg.data());
  pointers.push_back(nullptr);

  int err[2];
  if (pipe2(err, O_CLOEXEC) != 0) return {};
  const int devnull = open("/dev/null", O_RDWR | O_CLOEXEC);
  Finished result;
  result.pid = fork();
  if (result.pid == 0) {
    dup2(devnull, STDIN_FILENO);
    dup2(devnull, STDOUT_FILENO);
    dup2(err[1], STDERR_FILENO);
    execv(pointers[0], pointers.data());
    _exit(121);
  }
  close(err[1]);
  close(devnull);
  // Until lucid-init has exited: an orphan it could not adopt may hold the pipe open for long.
  const auto deadline = Clock::now() + kWaitDeadline;
  int status = 0;
  bool exited = false;
  while (!exited) {
    exited = waitpid(result.pid, &status, WNOHANG) == result.pid;
    if (!exited && Clock::now() >= deadline) {
      kill(result.pid, SIGKILL);
      waitpid(result.pid, &status, 0);
      exited = true;
    }
    pollfd pfd{err[0], POLLIN, 0};
    char buffer[4096];
    while (poll(&pfd, 1, exited ? 0 : 20) > 0) {
      const ssize_t n = read(err[0], buffer, sizeof buffer);
      if (n <= 0) break;
      result.err.append(buffer, static_cast<std::size_t>(n));
    }
  }
  close(err[0]);
  result.code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return result;
}

TEST(SubreaperRefused, WarnsAndSupervisesAnyway) {
  if (access(LUCID_PEERS_PYTHON, X_OK) != 0) GTEST_SKIP() << LUCID_PEERS_PYTHON " is not installed";
  TempDir dir;
  // The grandchild reports who adopted it once the child has exited 7.
  const Finished run = run_denied(with_child({}, {"family", dir.path(), "reparent", "exit:7"}));
  EXPECT_EQ(run.code, 7) << run.err;
  const std::string warning =
      "lucid-init: warning: not PID 1 and cannot become a child subreaper (";
  EXPECT_NE(run.err.find(warning), std::string::npos) << run.err;
  EXPECT_NE(run.err.find("): orphans of the child will not be reaped by lucid-init\n"),
            std::string::npos)
      << run.err;

  ASSERT_TRUE(wait_until([&] { return file_exists(dir / "gc-ppid"); }))
      << "the grandchild never saw a new parent";
  EXPECT_NE(std::atol(read_file(dir / "gc-ppid").c_str()), run.pid)
      << "adopted by lucid-init although it is no subreaper";
  // Nobody sent it SIGTERM: it is outside lucid-init's reach, as the warning says.
  kill(static_cast<pid_t>(std::atol(read_file(dir / "gc.pid").c_str())), SIGKILL);
}

class UnderAnotherInit : public ::testing::Test {
 protected:
  void SetUp() override { LUCID_SKIP_WITHOUT_SUBREAPER(Mode::kSubreaper); }

  // PID 1 is a first lucid-init, as tini is under `docker run --init`; the one under test is its
  // child, pid 2 in the namespace.
  static std::vector<std::string> nested(std::vector<std::string> inner_options,
                                         const std::vector<std::string>& child_args) {
    inner_options.insert(inner_options.begin(), init_binary());
    return with_child(inner_options, child_args);
  }
};

TEST_F(UnderAnotherInit, OrphansComeToLucidInitNotToPid1) {
  TempDir dir;
  const Exit exit =
      run_init({Mode::kPid1, nested({}, {"family", dir.path(), "reparent", "exit:0"})});
  EXPECT_EQ(exit.code, 0) << exit.err;
  EXPECT_EQ(read_file(dir / "gc-ppid"), "2\n") << "not adopted by the nested lucid-init";
  EXPECT_EQ(exit.err.find("subreaper"), std::string::npos) << exit.err;
}

TEST_F(UnderAnotherInit, GrandchildCleanupStillFinishes) {
  TempDir dir;
  InitProcess init(
      {Mode::kPid1, nested({"--grace", "30s"}, {"family", dir.path(), "cleanup", "sleep"})});
  ASSERT_TRUE(init.wait_for([&] { return file_exists(dir / "ready"); })) << init.wait().err;
  // To PID 1, which forwards it to the nested lucid-init: the same path as `docker stop`.
  init.send(SIGTERM);
  const Exit exit = init.wait(60s);
  EXPECT_EQ(exit.code, 128 + SIGTERM) << exit.err;
  EXPECT_TRUE(file_exists(dir / "gc-cleaned")) << "the grandchild's cleanup was cut off";
}

}  // namespace
}  // namespace lucid_test
