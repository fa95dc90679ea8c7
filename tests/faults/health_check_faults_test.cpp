// The health check against a hostile surrounding: lucid-init runs out of descriptors (the check's
// socket fails with EMFILE). That is one failed check like any other, one warning when it makes
// the service unhealthy, and the supervisor goes on; checks recover once descriptors are back.
#include <gtest/gtest.h>
#include <sys/resource.h>

#include <csignal>
#include <cstring>
#include <filesystem>

#include "init_process.hpp"
#include "test_listeners.hpp"

namespace lucid_test {
namespace {

using lucid::probe::test::bind_tcp;
using lucid::probe::test::http_status;
using lucid::probe::test::ScriptedServer;

bool has_line(const std::string& err, const std::string& part) {
  return err.find(part) != std::string::npos;
}

std::size_t open_descriptors(pid_t pid) {
  std::size_t n = 0;
  for ([[maybe_unused]] const auto& entry :
       std::filesystem::directory_iterator("/proc/" + std::to_string(pid) + "/fd")) {
    ++n;
  }
  return n;
}

// The soft limit; the hard one stays, so it can be raised again.
bool set_nofile(pid_t pid, rlim_t limit) {
  rlimit value{};
  if (prlimit(pid, RLIMIT_NOFILE, nullptr, &value) != 0) return false;
  value.rlim_cur = limit;
  return prlimit(pid, RLIMIT_NOFILE, &value, nullptr) == 0;
}

TEST(HealthCheckFaults, NoDescriptorForTheCheckIsAFailedCheckAndNothingWorse) {
  ScriptedServer server(bind_tcp("127.0.0.1"), http_status(200));
  const std::string url = "http://127.0.0.1:" + std::to_string(server.port()) + "/health";
  InitProcess init({Mode::kPid1, with_child({"-v", "--health-check", url, "--health-interval",
                                             "100ms", "--health-retries", "1"},
                                            {"sleep"})});
  ASSERT_TRUE(init.wait_for([&] { return has_line(init.err(), " healthy: " + url); }))
      << init.err();
  const pid_t pid = init.init_pid();
  // Every descriptor lucid-init needs between checks is open now: none is left for a socket.
  ASSERT_TRUE(set_nofile(pid, open_descriptors(pid))) << std::strerror(errno);
  ASSERT_TRUE(init.wait_for([&] { return has_line(init.err(), "too many open files"); }))
      << init.err();
  ASSERT_TRUE(set_nofile(pid, 64));
  ASSERT_TRUE(init.wait_for([&] { return has_line(init.err(), "healthy again after "); }))
      << init.err();
  init.send(SIGTERM);
  const Exit exit = init.wait();
  EXPECT_EQ(exit.code, 128 + SIGTERM) << exit.err;
  EXPECT_TRUE(has_line(exit.err, "lucid-init: warning: ")) << exit.err;
  // One warning for the whole spell, however many checks failed in it.
  EXPECT_EQ(exit.err.find("lucid-init: warning: "), exit.err.rfind("lucid-init: warning: "))
      << exit.err;
}

}  // namespace
}  // namespace lucid_test
