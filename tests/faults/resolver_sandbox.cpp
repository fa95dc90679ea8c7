#include "resolver_sandbox.hpp"

#include <gtest/gtest.h>
#include <net/if.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <stdexcept>
#include <vector>

#include "test_support.hpp"

namespace lucid_test {
namespace {

constexpr const char* kMarker = "LUCID_RESOLVER_SANDBOX";

[[noreturn]] void fail(const std::string& what) {
  throw std::runtime_error(what + ": " + std::strerror(errno));
}

}  // namespace

void bring_loopback_up() {
  const int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  ifreq request{};
  std::strncpy(request.ifr_name, "lo", IFNAMSIZ - 1);
  if (fd < 0 || ioctl(fd, SIOCGIFFLAGS, &request) != 0) fail("SIOCGIFFLAGS lo");
  request.ifr_flags = static_cast<short>(request.ifr_flags | IFF_UP);
  if (ioctl(fd, SIOCSIFFLAGS, &request) != 0) fail("SIOCSIFFLAGS lo up");
  close(fd);
}

namespace {

void bind_over(const std::string& source, const char* target) {
  if (mount(source.c_str(), target, nullptr, MS_BIND, nullptr) != 0) {
    fail(std::string("bind-mounting over ") + target);
  }
}

std::string self_path() {
  std::string path(4096, '\0');
  const ssize_t n = readlink("/proc/self/exe", path.data(), path.size());
  if (n <= 0) fail("readlink /proc/self/exe");
  path.resize(static_cast<std::size_t>(n));
  return path;
}

}  // namespace

bool inside_resolver_sandbox() { return std::getenv(kMarker) != nullptr; }

int run_in_resolver_sandbox() {
  const auto* test = ::testing::UnitTest::GetInstance()->current_test_info();
  std::vector<std::string> args = {
      "/usr/bin/unshare",
      "--net",
      "--mount",
      "--",
      self_path(),
      std::string("--gtest_filter=") + test->test_suite_name() + "." + test->name()};
  std::vector<std::string> env = {std::string(kMarker) + "=1"};
  for (char** variable = environ; *variable != nullptr; ++variable) env.emplace_back(*variable);
  const auto pointers = [](std::vector<std::string>& strings) {
    std::vector<char*> out;
    for (auto& s : strings) out.push_back(s.data());
    out.push_back(nullptr);
    return out;
  };
  const auto argv = pointers(args);
  const auto envp = pointers(env);
  const pid_t pid = fork();
  if (pid < 0) fail("fork");
  if (pid == 0) {
    execve(argv[0], argv.data(), envp.data());
    _exit(127);
  }
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

void use_resolver_files(const std::string& hosts, const std::string& resolv_conf) {
  static const TempDir dir;  // the mounts outlive the test body: keep their sources as long
  write_file(dir / "hosts", hosts);
  write_file(dir / "resolv.conf", resolv_conf);
  bind_over(dir / "hosts", "/etc/hosts");
  bind_over(dir / "resolv.conf", "/etc/resolv.conf");
}

}  // namespace lucid_test
