// 1,000 probes of one listener at once, as when many health checks (or a crowd of replicas'
// checks through one port) fire together: each gives its own clear verdict, and with a backlog
// large enough for all of them, every one is healthy.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <string>
#include <vector>

#include "init_process.hpp"
#include "scale.hpp"
#include "test_listeners.hpp"

namespace lucid_test {
namespace {

constexpr int kProbes = scaled(1000, 200, 200);

struct Running {
  pid_t pid;
  int out;
};

TEST(ProbeCrowd, EveryConcurrentProbeIsHealthy) {
  const auto listener = lucid::probe::test::bind_tcp("127.0.0.1", 0, true, 4096);
  const std::string port = std::to_string(listener.port);
  std::vector<Running> running;
  for (int i = 0; i < kProbes; ++i) {
    int out[2];
    ASSERT_EQ(pipe(out), 0);
    const pid_t pid = fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) {
      dup2(out[1], STDOUT_FILENO);
      execl(init_binary().c_str(), init_binary().c_str(), "probe", "--port", port.c_str(),
            "--timeout", "20s", nullptr);
      _exit(127);
    }
    close(out[1]);
    running.push_back({pid, out[0]});
  }
  int healthy = 0;
  for (const Running& probe : running) {
    std::string line;
    char buffer[512];
    for (ssize_t n; (n = read(probe.out, buffer, sizeof buffer)) > 0;) {
      line.append(buffer, static_cast<std::size_t>(n));
    }
    close(probe.out);
    int status = 0;
    waitpid(probe.pid, &status, 0);
    ASSERT_TRUE(WIFEXITED(status)) << "a probe was killed by signal " << WTERMSIG(status);
    EXPECT_EQ(line.rfind(WEXITSTATUS(status) == 0 ? "healthy: " : "unhealthy: ", 0), 0u)
        << WEXITSTATUS(status) << ": " << line;
    if (WEXITSTATUS(status) == 0) ++healthy;
  }
  EXPECT_EQ(healthy, kProbes);
}

}  // namespace
}  // namespace lucid_test
